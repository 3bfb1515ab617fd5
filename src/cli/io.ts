/** Reading inputs for commands: files or standard input, with bounded sizes. */
import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';

/** Notes, keys and statements are small; a huge input is a mistake, not a workload. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

export async function readInput(file: string | undefined): Promise<Uint8Array> {
  if (file === undefined || file === '-') return readStdin();
  const data = await readFile(file);
  if (data.length > MAX_INPUT_BYTES) throw new UsageError(`${file}: larger than 64 MiB`);
  return data;
}

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) throw new UsageError('no input: give a FILE or pipe the note into standard input');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_INPUT_BYTES) throw new UsageError('standard input: larger than 64 MiB');
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export function utf8(data: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new UsageError(`${what}: not valid UTF-8 text`);
  }
}

/** Parses a non-negative safe integer argument, or exits 2 naming the argument. */
export function parseIndex(value: string, name: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a non-negative whole number, got "${value}"`);
  }
  return Number(value);
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** commander option collector: `--key A --key B` → [A, B]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
