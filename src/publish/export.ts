/**
 * The archive as static files (docs/archive-format.md), for any static host or mirror.
 *
 * One export is cut at one signed checkpoint (size S) read at the start. Incremental:
 *   - full tiles, full bundles and documents already present with the right bytes are skipped
 *     (size compared always; bytes too for files up to 64 KiB: every tile, most bundles);
 *   - partial tiles and bundles of S are written, older partials removed once superseded;
 *   - documents redacted since the last export are removed;
 *   - the checkpoint is written last, so a reader never sees a checkpoint whose tiles are missing.
 * Every file is written to a temporary name in its directory, then renamed into place.
 *
 * With `pages` (daylight archive export does, unless --no-pages), also the human pages under
 * site/ (publish/site.ts: the live views, static) and everything public as JSON and CSV in
 * open-data/daylight-open-data.zip (publish/open-data.ts), cut at the same checkpoint and written
 * before it. The verifier reads only the archive's own paths, so these never disturb it. Without
 * `pages`, site/ and open-data/ are removed: a stale page could still show a redacted text.
 *
 * Fail closed: refuses to write over a directory whose checkpoint is another log's (it does not
 * verify with this instance's key) or is larger than this instance's (that would roll it back).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Ctx } from '../services/context.js';
import { UserError } from '../services/context.js';
import { latestCheckpointRow } from '../services/unit-of-work.js';
import { entriesPath, tilePath, tilesForSize, TILE_WIDTH } from '../ledger/tile.js';
import { NoteError, openNote, parseVerifierKey } from '../ledger/note.js';
import { parseCheckpoint } from '../ledger/checkpoint.js';
import { bundleBytes, hashTileBytes } from './files.js';
import type { Locale } from '../i18n/index.js';

export interface ExportOptions {
  /** also write site/ (human pages) and open-data/ (the ZIP) */
  pages?: boolean;
  /** where the export will be served, for the verify command on its archive page */
  archiveUrl?: string;
  /** the languages of the pages (default: all five) */
  locales?: readonly Locale[];
}

export interface ExportResult {
  size: number;
  written: number;
  unchanged: number;
  removed: number;
}

const COMPARE_BYTES_UP_TO = 64 * 1024;
const TMP_MARK = '.tmp-daylight-';

interface Counts {
  written: number;
  unchanged: number;
  removed: number;
}

/** Writes the archive tree as static files; incremental: only what is new or changed is written. */
export async function exportArchive(ctx: Ctx, dir: string, opts: ExportOptions = {}): Promise<ExportResult> {
  const latest = await latestCheckpointRow(ctx);
  if (latest === undefined) throw new UserError('no checkpoint yet: open the instance once to sign the first one', 'not_found');
  const size = latest.size;
  await mkdir(dir, { recursive: true });
  await refuseForeignArchive(ctx, dir, size);

  const counts: Counts = { written: 0, unchanged: 0, removed: 0 };
  const keep = new Set<string>(['checkpoint', 'log.vkey']);
  const put: Put = async (path, expectedSize, bytes, mutable = false) => {
    keep.add(path);
    await putFile(join(dir, path), expectedSize, bytes, counts, mutable);
  };

  for (const tile of tilesForSize(size)) {
    const full = tile.width === TILE_WIDTH;
    await put(tilePath(tile), full ? TILE_WIDTH * 32 : null, () => hashTileBytes(ctx, tile));
    if (tile.level === 0) await put(entriesPath(tile.n, tile.width), null, () => bundleBytes(ctx, tile.n, tile.width));
  }
  await exportDocuments(ctx, dir, put, counts);
  await put('log.vkey', null, async () => Buffer.from(ctx.verifierKey + '\n', 'utf8'));
  if (opts.pages === true) await exportPages(ctx, latest, put, keep, opts);
  await put('checkpoint', null, async () => Buffer.from(latest.note, 'utf8'));
  counts.removed += await removeSuperseded(dir, keep);
  counts.removed += await removeStalePages(dir, keep);
  return { size, ...counts };
}

/** `mutable`: the file's bytes may change at the same size (a page, the ZIP), so they are always compared. */
type Put = (path: string, expectedSize: number | null, bytes: () => Promise<Uint8Array>, mutable?: boolean) => Promise<void>;

/** The open-data ZIP, then the pages that link to it and to the archive files already written. */
async function exportPages(ctx: Ctx, latest: { size: number; note: string }, put: Put, keep: Set<string>, opts: ExportOptions): Promise<void> {
  // Loaded only here: the site draws pages with the whole web application.
  const [{ buildOpenData, OPEN_DATA_PATH }, { renderSite }] = await Promise.all([import('./open-data.js'), import('./site.js')]);
  const openData = await buildOpenData(ctx, latest);
  if (openData !== null) await put(OPEN_DATA_PATH, null, async () => openData.zip, true);
  const files = await renderSite(ctx, {
    treeSize: latest.size,
    exported: (p) => keep.has(p),
    ...(opts.archiveUrl === undefined ? {} : { archiveUrl: opts.archiveUrl }),
    ...(opts.locales === undefined ? {} : { locales: opts.locales }),
  });
  for (const [path, bytes] of files) await put(path, null, async () => bytes, true);
}

/** Files under site/ and open-data/ that this export did not write (a page gone, a language dropped). */
async function removeStalePages(dir: string, keep: Set<string>): Promise<number> {
  let removed = 0;
  for (const prefix of ['site', 'open-data']) {
    const files = await listFiles(join(dir, prefix));
    for (const file of files) {
      const path = relative(dir, file).split(sep).join('/');
      if (keep.has(path)) continue;
      await rm(file, { force: true });
      if (!path.split('/').pop()!.startsWith(TMP_MARK)) removed++;
    }
    await removeEmptyDirs(join(dir, prefix));
  }
  return removed;
}

/** Removes directories left empty under `root` (and `root` itself if it ends up empty). */
async function removeEmptyDirs(root: string): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => null);
  if (entries === null) return;
  for (const e of entries) if (e.isDirectory()) await removeEmptyDirs(join(root, e.name));
  await rmdir(root).catch(() => undefined); // fails, as it should, when not empty
}

async function exportDocuments(
  ctx: Ctx,
  dir: string,
  put: Put,
  counts: Counts,
): Promise<void> {
  const docs = await ctx.db.selectFrom('document').select(['sha256', 'size', 'redacted_at']).execute();
  for (const d of docs) {
    const path = `doc/sha256/${d.sha256}`;
    if (d.redacted_at !== null) {
      // Erasure reaches every later export: the bytes leave the directory too.
      if (await removeFile(join(dir, path))) counts.removed++;
      continue;
    }
    await put(path, Number(d.size), async () => {
      const row = await ctx.db.selectFrom('document').select('body').where('sha256', '=', d.sha256).executeTakeFirst();
      if (row?.body == null) throw new Error(`document ${d.sha256} lost its body while exporting`);
      return row.body;
    });
  }
}

/**
 * Writes `bytes()` at `file` unless it is already there. `expectedSize` (when known without
 * computing the bytes) lets large immutable files be recognized by size alone.
 */
async function putFile(
  file: string,
  expectedSize: number | null,
  bytes: () => Promise<Uint8Array>,
  counts: Counts,
  mutable = false,
): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.isFile() && expectedSize !== null && existing.size === expectedSize && expectedSize > COMPARE_BYTES_UP_TO) {
    counts.unchanged++;
    return;
  }
  const want = await bytes();
  const bySize = want.length > COMPARE_BYTES_UP_TO && !mutable;
  if (existing?.isFile() && existing.size === want.length && (bySize || Buffer.from(want).equals(await readFile(file)))) {
    counts.unchanged++;
    return;
  }
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `${TMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}`);
  await writeFile(tmp, want);
  await rename(tmp, file);
  counts.written++;
}

async function refuseForeignArchive(ctx: Ctx, dir: string, size: number): Promise<void> {
  const old = await readFile(join(dir, 'checkpoint'), 'utf8').catch(() => null);
  if (old === null) return;
  let oldSize: number;
  try {
    oldSize = parseCheckpoint(openNote(old, [parseVerifierKey(ctx.verifierKey)]).text).size;
  } catch (e) {
    if (!(e instanceof NoteError)) throw e;
    throw new UserError(`${dir} holds another log's archive (its checkpoint is not signed by this instance): export to an empty directory`, 'conflict');
  }
  if (oldSize > size) {
    throw new UserError(`${dir} holds a larger tree (${oldSize}) than this instance's checkpoint (${size}): refusing to roll it back`, 'conflict');
  }
}

/** Removes partial tiles and bundles not in `keep`, and temporary files left by a crash. */
async function removeSuperseded(dir: string, keep: Set<string>): Promise<number> {
  let removed = 0;
  for (const file of await listFiles(join(dir, 'tile'))) {
    const path = relative(dir, file).split(sep).join('/');
    const stale = path.includes('.p/') && !keep.has(path);
    if (stale || path.split('/').pop()!.startsWith(TMP_MARK)) {
      await rm(file, { force: true });
      if (stale) removed++;
      await rmdir(dirname(file)).catch(() => undefined); // an emptied N.p/ directory
    }
  }
  for (const sub of ['doc/sha256', '.']) {
    for (const name of await readdir(join(dir, sub)).catch(() => [] as string[])) {
      if (name.startsWith(TMP_MARK)) await rm(join(dir, sub, name), { force: true });
    }
  }
  return removed;
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function removeFile(file: string): Promise<boolean> {
  const existed = (await stat(file).catch(() => null)) !== null;
  if (existed) await rm(file, { force: true });
  return existed;
}
