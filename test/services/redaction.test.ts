/**
 * A redaction reaches the rows behind live pages (services/redact.ts): redacting an answer's
 * document erases the answer's text and pseudonym in its row, in the same transaction, and every
 * reader of feedback (the list behind the scorecard page, the API, the summary for the next
 * triads) shows it as redacted. On SQLite the erased text is in no file of the data directory
 * afterwards (secure_delete and an emptied write-ahead log). On SQLite and PostgreSQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { feedbackChallenge, feedbackSummary, listFeedback, submitFeedback } from '../../src/services/feedback.js';
import { redactDocument } from '../../src/services/redact.js';
import { recentRecords } from '../../src/services/records.js';
import { readDocument } from '../../src/publish/files.js';
import { solveWork } from '../../src/domain/feedback.js';
import type { CycleView } from '../../src/services/cycles.js';
import { BACKENDS, logSkip, Scratch } from '../store/backends.js';
import { openAuditCycle, publishCards } from './feedback-fixture.js';
import type { OpenCtx } from './instances.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());
const LOCAL = { kind: 'local' } as const;
const T0 = new Date('2026-11-25T10:00:00.000Z');
// what an answer must never keep showing once redacted: a witness's street, under a pseudonym
const DANGEROUS = 'The organizer who spoke out lives at 14 Calle Sombra, third floor.';
const PSEUDONYM = 'vecina-de-la-calle-sombra';

/** The files under `dir` whose bytes hold any of `texts` (the database, its write-ahead log, keys…). */
function filesHolding(dir: string, texts: readonly string[]): string[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
  expect(files.map((f) => f.name)).toContain('daylight.sqlite');
  return files.filter((f) => {
    const bytes = readFileSync(path.join(f.parentPath, f.name));
    return texts.some((t) => bytes.includes(t));
  }).map((f) => f.name);
}

describe.each(BACKENDS)('redacting an answer on %s', (backend) => {
  const skip = logSkip(backend);
  let ctx: OpenCtx;
  let dataDir: string;
  let clock = T0;
  let cycle: CycleView;
  const key = () => ({ alliance: 'tri', cycle: cycle.n, reviewer: 'sur', reviewee: 'norte' });

  beforeAll(async () => {
    if (skip) return;
    const opts = { ...(await scratch.options(backend)), now: () => clock };
    dataDir = opts.dataDir;
    await initInstance({ ...opts, origin: 'redaction.example/daylight' });
    ctx = await openInstance(opts);
    cycle = await openAuditCycle(ctx);
    clock = new Date(T0.getTime() + 86_400_000);
    await publishCards(ctx, cycle, [{ reviewer: 'sur', reviewee: 'norte' }]);
  }, 120_000);
  afterAll(async () => {
    if (!skip) await ctx.close();
  });

  async function answer(text: string, pseudonym: string | null) {
    const ch = await feedbackChallenge(ctx, key());
    return submitFeedback(ctx, { ...key(), challenge: ch.challenge, nonce: solveWork(ch.challenge, ch.bits), pseudonym, text });
  }

  it.skipIf(skip)('erases the text and the name where pages read them, says it was redacted, and on SQLite leaves it in no file', async () => {
    const kept = await answer('Assemblies were open to every member this cycle.', null);
    const bad = await answer(DANGEROUS, PSEUDONYM);
    const listed = await listFeedback(ctx, key());
    expect(listed.answers.find((a) => a.id === bad.id)).toMatchObject({ document: bad.document, redacted: false, text: DANGEROUS });

    clock = new Date(clock.getTime() + 3_600_000);
    const { index } = await redactDocument(ctx, LOCAL, bad.document, 'safety');
    expect((await recentRecords(ctx, 1))[0]).toMatchObject({ index, record: { type: 'redaction', sha256: bad.document, reason: 'safety' } });
    expect(await readDocument(ctx, bad.document)).toBeNull(); // its bytes are gone from the archive

    const row = await ctx.db.selectFrom('feedback').select(['text', 'pseudonym', 'redacted_at']).where('id', '=', bad.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ text: '', pseudonym: null, redacted_at: clock.toISOString() });

    const after = await listFeedback(ctx, key());
    expect(after.answers.find((a) => a.id === bad.id)).toEqual({
      id: bad.id,
      document: null,
      redacted: true,
      dimension: null,
      createdAt: bad.createdAt,
      pseudonym: null,
      text: null,
      hidden: { at: clock.toISOString(), reason: 'redacted' },
      shown: 'hidden: redacted',
    });
    // the other answer is untouched, and still names its document
    expect(after.answers.find((a) => a.id === kept.id)).toMatchObject({ redacted: false, document: kept.document, text: 'Assemblies were open to every member this cycle.' });

    const summary = await feedbackSummary(ctx, { alliance: 'tri', cycle: cycle.n });
    const norte = summary.parties.find((p) => p.reviewee === 'norte')!;
    expect([norte.count, norte.hidden]).toEqual([2, 1]);
    expect(JSON.stringify(summary)).not.toContain('Calle Sombra');
    expect(JSON.stringify(after)).not.toContain(PSEUDONYM);
    if (backend === 'sqlite') expect(filesHolding(dataDir, ['Calle Sombra', PSEUDONYM])).toEqual([]);
  });
});
