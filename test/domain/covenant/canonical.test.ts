import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  covenantBytes,
  covenantHash,
  formatCovenant,
  parseCovenant,
  parseSignatureText,
  signatureText,
  SignatureTextError,
  validateCovenant,
  type Covenant,
} from '../../../src/domain/covenant/index.js';
import { keyFromSeed, openNote, parseSignerKey, parseVerifierKey, signNote } from '../../../src/ledger/note.js';
import { template } from './helpers.js';

const t = (s: string) => ({ original: 'en', text: { en: s } });

/** A small covenant written with its keys in no particular order. */
const SMALL = {
  parties: ['b-org', 'a-org'],
  format: 'daylight-covenant/1',
  horizon: t('Plural movements.'),
  principles: [{ title: t('Assemblies'), id: 'assemblies', tests: [{ threshold: { value: '365', comparison: '>' }, indicator: 'days-since-assembly', severity: 'review' }] }],
  indicators: [{ name: t('Days since assembly'), kind: 'days-since', id: 'days-since-assembly' }],
  tactics: { unacceptable: [], acceptable: [] },
  audit: { triadSize: 3, rhythm: 'lunar', assignment: { kind: 'all-to-all' }, quotas: [], feedback: { windowDays: 14, open: true } },
  corrective: { pauseForms: [], actions: [] },
  exit: {
    warning: { contains: t('The breach.') },
    redLineImmediate: true,
    benchmarks: [],
    decisionRule: { kind: 'majority' },
    reallocation: { toPeople: { continue: ['humanitarian-aid'] }, toLeadership: { stop: ['endorsement'] } },
  },
  renewal: { unit: 'moons', every: 13 },
  mirroring: [],
};

// Written out by hand from RFC 8785 §3.2.3 (members sorted by UTF-16 code units, no whitespace);
// its SHA-256 computed with GNU coreutils `printf '%s' … | sha256sum`.
const SMALL_CANONICAL =
  '{"audit":{"assignment":{"kind":"all-to-all"},"feedback":{"open":true,"windowDays":14},"quotas":[],"rhythm":"lunar","triadSize":3},' +
  '"corrective":{"actions":[],"pauseForms":[]},' +
  '"exit":{"benchmarks":[],"decisionRule":{"kind":"majority"},"reallocation":{"toLeadership":{"stop":["endorsement"]},"toPeople":{"continue":["humanitarian-aid"]}},"redLineImmediate":true,"warning":{"contains":{"original":"en","text":{"en":"The breach."}}}},' +
  '"format":"daylight-covenant/1","horizon":{"original":"en","text":{"en":"Plural movements."}},' +
  '"indicators":[{"id":"days-since-assembly","kind":"days-since","name":{"original":"en","text":{"en":"Days since assembly"}}}],' +
  '"mirroring":[],"parties":["b-org","a-org"],' +
  '"principles":[{"id":"assemblies","tests":[{"indicator":"days-since-assembly","severity":"review","threshold":{"comparison":">","value":"365"}}],"title":{"original":"en","text":{"en":"Assemblies"}}}],' +
  '"renewal":{"every":13,"unit":"moons"},"tactics":{"acceptable":[],"unacceptable":[]}}';
const SMALL_SHA256 = 'cd663ab52b524e7b7e2b0414ab4c0bd713983ccc025e9a27ba82b45f114884e7';

function small(): Covenant {
  const r = validateCovenant(SMALL);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.covenant;
}

/** A small seeded generator (Mulberry32), so fast-check shrinks one integer, not a stream. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same value with every object's keys in a permuted order. */
function shuffled(value: unknown, order: (keys: string[]) => string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffled(v, order));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const k of order(Object.keys(value))) out[k] = shuffled((value as Record<string, unknown>)[k], order);
  return out;
}

describe('covenant bytes and hash', () => {
  it('are the RFC 8785 canonical JSON of the covenant (hand-written vector)', () => {
    expect(new TextDecoder().decode(covenantBytes(small()))).toBe(SMALL_CANONICAL);
    expect(covenantHash(small())).toBe(SMALL_SHA256);
  });

  it('hash is SHA-256 of the bytes, as another implementation computes it', () => {
    const c = template();
    expect(covenantHash(c)).toBe(createHash('sha256').update(covenantBytes(c)).digest('hex'));
  });

  it('do not depend on key order (property)', () => {
    const c = template();
    const expected = covenantHash(c);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const next = mulberry32(seed);
        const order = (keys: string[]) => keys.map((k) => [next(), k] as const).sort((x, y) => x[0] - y[0]).map(([, k]) => k);
        const v = shuffled(c, order);
        expect(Buffer.from(covenantBytes(v as Covenant)).equals(Buffer.from(covenantBytes(c)))).toBe(true);
        expect(covenantHash(v as Covenant)).toBe(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('are the same whether the covenant came from YAML or JSON', () => {
    const c = template();
    const fromYaml = parseCovenant(formatCovenant(c, 'yaml'), 'yaml');
    const fromJson = parseCovenant(formatCovenant(c, 'json'), 'json');
    if (!fromYaml.ok || !fromJson.ok) throw new Error('template did not parse');
    expect(covenantHash(fromYaml.covenant)).toBe(covenantHash(c));
    expect(covenantHash(fromJson.covenant)).toBe(covenantHash(c));
  });

  it('change when any value changes', () => {
    const c = template();
    const d = structuredClone(c);
    d.principles[0]!.tests[0]!.threshold!.value = '364';
    expect(covenantHash(d)).not.toBe(covenantHash(c));
  });
});

describe('signature text', () => {
  const subject = { alliance: 'andes-sahel', version: 3, sha256: SMALL_SHA256 };

  it('is four lines committing to alliance, version and hash', () => {
    expect(signatureText(subject)).toBe(`daylight covenant v1\nalliance andes-sahel\nversion 3\nsha256 ${SMALL_SHA256}\n`);
  });

  it('round-trips (property)', () => {
    const slug = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/);
    const hex = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
    fc.assert(
      fc.property(slug, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), hex, (alliance, version, sha256) => {
        const s = { alliance, version, sha256 };
        expect(parseSignatureText(signatureText(s))).toEqual(s);
      }),
    );
  });

  it('is a C2SP note body: signed and opened with the ledger note code, it parses back', () => {
    const { signerKey, verifierKey } = keyFromSeed('north-union', new Uint8Array(32));
    const note = signNote(signatureText(subject), [parseSignerKey(signerKey)]);
    const opened = openNote(note, [parseVerifierKey(verifierKey)]);
    expect(opened.verified).toHaveLength(1);
    expect(parseSignatureText(opened.text)).toEqual(subject);
  });

  const good = signatureText(subject);
  it.each([
    ['no final newline', good.slice(0, -1), /must end with a newline/],
    ['CRLF line ends', good.replace(/\n/g, '\r\n'), /line 2 must start with 'alliance '|line 1 must be/],
    ['an extra line', `${good}note extra\n`, /has 5 lines; expected 4/],
    ['a blank line at the end', `${good}\n`, /has 5 lines/],
    ['another header', good.replace('v1', 'v2'), /line 1 must be 'daylight covenant v1'/],
    ['fields out of order', good.replace('alliance andes-sahel\nversion 3', 'version 3\nalliance andes-sahel'), /line 2 must start with 'alliance '/],
    ['uppercase hex', good.replace(SMALL_SHA256, SMALL_SHA256.toUpperCase()), /line 4: sha256 must be 64 lowercase/],
    ['a short hash', good.replace(SMALL_SHA256, SMALL_SHA256.slice(2)), /line 4/],
    ['version 0', good.replace('version 3', 'version 0'), /line 3: version/],
    ['a leading zero', good.replace('version 3', 'version 03'), /line 3: version/],
    ['a version beyond safe integers', good.replace('version 3', 'version 9007199254740993'), /line 3: version/],
    ['two spaces', good.replace('alliance andes', 'alliance  andes'), /line 2: alliance must be a slug/],
    ['a trailing space', good.replace('version 3', 'version 3 '), /line 3: version/],
    ['an uppercase slug', good.replace('andes-sahel', 'Andes'), /line 2: alliance must be a slug/],
  ])('refuses %s with a one-line reason', (_, text, reason) => {
    let error: unknown;
    try {
      parseSignatureText(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SignatureTextError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses to write a text it could not read back', () => {
    expect(() => signatureText({ ...subject, alliance: 'Bad Slug' })).toThrow(SignatureTextError);
    expect(() => signatureText({ ...subject, version: 0 })).toThrow(/version 0/);
    expect(() => signatureText({ ...subject, version: 1.5 })).toThrow(SignatureTextError);
    expect(() => signatureText({ ...subject, sha256: 'abc' })).toThrow(/64 lowercase/);
  });
});
