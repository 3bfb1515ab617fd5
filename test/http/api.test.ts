/**
 * /api/v1 on a real instance: the OpenAPI 3.1 document, Bearer authentication, validation errors
 * as one JSON line, and proofs that check against the signed checkpoint with ledger/tree.ts
 * checkRecord (RFC 9162 §2.1.3.2).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRecord } from '../../src/ledger/tree.js';
import { parseCheckpoint } from '../../src/ledger/checkpoint.js';
import { openNote, parseVerifierKey } from '../../src/ledger/note.js';
import { accountWithToken, freshSite, type TestSite } from './harness.js';
import { createApi } from '../../src/http/api/app.js';

let site: TestSite;
let token: string;
let adminToken: string;
beforeAll(async () => {
  site = await freshSite();
  token = await accountWithToken(site.ctx, 'delegate');
  adminToken = await accountWithToken(site.ctx, 'steward', true);
});
afterAll(() => site.close());

function call(path: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined || init.raw !== undefined) headers['Content-Type'] = 'application/json';
  return site.app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.raw !== undefined ? { body: init.raw } : init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function errorOf(res: Response): Promise<string> {
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as string;
  expect(error).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)/);
  return error;
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every API path with its methods', async () => {
    const res = await call('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      info: { title: string; version: string };
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining(['GET /checkpoint', 'GET /proof/{index}', 'GET /records', 'POST /redactions', 'POST /statements']),
    );
    // every route the API serves is documented, and nothing documented is missing from the API
    const served = createApi(site.ctx)
      .routes.filter((r) => r.path !== '/openapi.json' && r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect([...new Set(served)].sort()).toEqual([...new Set(ops)].sort());
    for (const item of Object.values(doc.paths)) for (const op of Object.values(item)) expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/statements']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['StatementsInput', 'InclusionProof', 'Error']));
  });
});

describe('POST /statements', () => {
  const body = { documents: [{ name: 'covenant.md', mediaType: 'text/markdown', content: '# We commit to pluralism\n' }] };

  it('refuses without a token (401) and with an unknown one, publishing nothing', async () => {
    const before = (await (await call('/checkpoint')).json()) as { size: number };
    const none = await call('/statements', { method: 'POST', body });
    expect(none.status).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect(await errorOf(none)).toMatch(/API token/);
    const unknown = await call('/statements', { method: 'POST', body, token: 'dl_not-a-real-token' });
    expect(unknown.status).toBe(401);
    await errorOf(unknown);
    const after = (await (await call('/checkpoint')).json()) as { size: number };
    expect(after.size).toBe(before.size);
  });

  it('publishes with a token: one record per document, named by SHA-256 of the bytes', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const res = await call('/statements', {
      method: 'POST',
      token,
      body: {
        documents: [
          body.documents[0],
          { mediaType: 'application/octet-stream', contentBase64: Buffer.from(bytes).toString('base64') },
        ],
      },
    });
    expect(res.status).toBe(201);
    const out = (await res.json()) as { index: number; sha256: string }[];
    expect(out).toHaveLength(2);
    expect(out[0]!.sha256).toBe(sha256('# We commit to pluralism\n'));
    expect(out[1]!.sha256).toBe(sha256(bytes));
    expect(out[1]!.index).toBe(out[0]!.index + 1);
    const doc = await site.app.request(`/archive/doc/sha256/${out[1]!.sha256}`);
    expect(new Uint8Array(await doc.arrayBuffer())).toEqual(bytes);
  });

  it('answers bad input with 400 and one line naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^documents: /],
      [{ documents: [] }, /^documents: give at least one document/],
      [{ documents: [{ mediaType: 'text plain', content: 'x' }] }, /^documents\.0\.mediaType: expected a media type/],
      [{ documents: [{ mediaType: 'text/plain' }] }, /^documents\.0: give exactly one of content or contentBase64/],
      [{ documents: [{ mediaType: 'text/plain', content: 'x', contentBase64: 'eA==' }] }, /exactly one/],
      [{ documents: [{ mediaType: 'text/plain', contentBase64: 'not base64!' }] }, /^documents\.0\.contentBase64: not valid base64/],
      [{ documents: [{ mediaType: 'text/plain', contentBase64: 'eA' }] }, /^documents\.0\.contentBase64: not valid base64/],
      [{ documents: [{ name: 'a/b', mediaType: 'text/plain', content: 'x' }] }, /name/],
    ];
    for (const [payload, message] of cases) {
      const res = await call('/statements', { method: 'POST', token, body: payload });
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(await errorOf(res)).toMatch(message);
    }
    const malformed = await call('/statements', { method: 'POST', token, raw: '{"documents": [' });
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatch(/not a JSON object/);
    const untyped = await site.app.request('/api/v1/statements', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    expect(untyped.status).toBe(415);
    expect(await errorOf(untyped)).toMatch(/Content-Type: application\/json/);
  });
});

describe('reading', () => {
  it('GET /checkpoint is the signed checkpoint, verifiable with the instance key', async () => {
    const res = await call('/checkpoint');
    expect(res.status).toBe(200);
    const cp = (await res.json()) as { origin: string; size: number; root: string; note: string };
    const opened = openNote(cp.note, [parseVerifierKey(site.ctx.verifierKey)]);
    const parsed = parseCheckpoint(opened.text);
    expect(cp.origin).toBe('test.example/daylight');
    expect(parsed.size).toBe(cp.size);
    expect(Buffer.from(parsed.root).toString('base64')).toBe(cp.root);
  });

  it('GET /records honours limit and refuses nonsense', async () => {
    const res = await call('/records?limit=1');
    const { records } = (await res.json()) as { records: { index: number; type: string; at: string; record: object }[] };
    expect(records).toHaveLength(1);
    expect(records[0]!.type).toBe('statement');
    for (const bad of ['0', '101', 'abc', '-1', '1.5']) {
      const r = await call(`/records?limit=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(await errorOf(r)).toMatch(/^limit: /);
    }
  });

  it('GET /proof/{index} proves inclusion under the signed root', async () => {
    const { records } = (await (await call('/records?limit=1')).json()) as { records: { index: number }[] };
    const index = records[0]!.index;
    const res = await call(`/proof/${index}`);
    expect(res.status).toBe(200);
    const p = (await res.json()) as { index: number; treeSize: number; leafHash: string; proof: string[]; checkpoint: string };
    const root = parseCheckpoint(openNote(p.checkpoint, [parseVerifierKey(site.ctx.verifierKey)]).text).root;
    const b = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
    expect(() => checkRecord(p.proof.map(b), p.treeSize, root, p.index, b(p.leafHash))).not.toThrow();
    const tampered = b(p.leafHash);
    tampered[0]! ^= 1;
    expect(() => checkRecord(p.proof.map(b), p.treeSize, root, p.index, tampered)).toThrow();
  });

  it('GET /proof/{index} is 404 past the end and 400 for a non-index', async () => {
    expect((await call('/proof/999999')).status).toBe(404);
    for (const bad of ['-1', 'x', '01', '1e3']) {
      const r = await call(`/proof/${bad}`);
      expect(r.status, bad).toBe(400);
      expect(await errorOf(r)).toMatch(/^index: /);
    }
  });

  it('an unknown endpoint is a JSON 404', async () => {
    const res = await call('/nothing');
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toMatch(/no such endpoint/);
  });
});

describe('POST /redactions', () => {
  it('only the instance admin may redact; then the document is gone and the record says why', async () => {
    const [published] = (await (
      await call('/statements', { method: 'POST', token, body: { documents: [{ mediaType: 'text/plain', content: 'a witness name' }] } })
    ).json()) as { sha256: string }[];
    const input = { sha256: published!.sha256, reason: 'safety' };
    expect((await call('/redactions', { method: 'POST', body: input })).status).toBe(401);
    const denied = await call('/redactions', { method: 'POST', token, body: input });
    expect(denied.status).toBe(403);
    await errorOf(denied);
    const bad = await call('/redactions', { method: 'POST', token: adminToken, body: { ...input, reason: 'whim' } });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatch(/^reason: /);
    const ok = await call('/redactions', { method: 'POST', token: adminToken, body: input });
    expect(ok.status).toBe(201);
    const { index } = (await ok.json()) as { index: number };
    expect((await site.app.request(`/archive/doc/sha256/${published!.sha256}`)).status).toBe(404);
    const { records } = (await (await call('/records?limit=1')).json()) as { records: { index: number; record: Record<string, unknown> }[] };
    expect(records[0]).toMatchObject({ index, record: { type: 'redaction', sha256: published!.sha256, reason: 'safety' } });
    const again = await call('/redactions', { method: 'POST', token: adminToken, body: input });
    expect([404, 409]).toContain(again.status);
    await errorOf(again);
  });
});
