/** A fresh initialized instance per call, on either backend, with a fixed clock. */
import { initInstance, openInstance } from '../../src/services/instance.js';
import type { Ctx } from '../../src/services/context.js';
import { FIXED_NOW, type BackendName, type Scratch } from '../store/backends.js';

export type OpenCtx = Ctx & { close(): Promise<void> };

export async function freshInstance(
  scratch: Scratch,
  backend: BackendName,
  origin = 'test.example/daylight',
): Promise<{ ctx: OpenCtx; opts: { dataDir: string; databaseUrl?: string; now: () => Date } }> {
  const opts = { ...(await scratch.options(backend)), now: () => FIXED_NOW };
  await initInstance({ ...opts, origin });
  return { ctx: await openInstance(opts), opts };
}
