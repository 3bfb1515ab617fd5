/**
 * Per-page JSON twins (views/twin.ts): GET <page>.json answers with the API's object for what the
 * page shows — the same endpoint, asked inside this process without credentials, so a twin holds
 * only what an anonymous API client gets. Pages that show several things (warnings: standing and
 * proposals; the archive: checkpoint and records) get one object with each under its name.
 * Registered before the pages, so "/alliances/demo.json" is never read as an alliance slug.
 */
import type { Context, Hono } from 'hono';
import type { Ctx } from '../../services/context.js';
import { allianceCycles, scorecardById } from '../../services/audit-views.js';
import { pageOfTwin, twinOf, type TwinKind } from '../views/twin.js';
import { attempt } from './organizations.js';

type Source = { api: string } | { api: Record<string, string> } | { data: () => Promise<unknown> } | null;

const API = '/api/v1';

async function sourceOf(ctx: Ctx, kind: TwinKind, p: string[]): Promise<Source> {
  const [a = '', b = ''] = p;
  switch (kind) {
    case 'home':
    case 'alliances':
      return { api: `${API}/alliances` };
    case 'alliance':
      return { api: `${API}/alliances/${a}` };
    case 'version':
      return { api: `${API}/alliances/${a}/versions/${b}` };
    case 'renewal':
      return { api: `${API}/alliances/${a}/renewals` };
    case 'cycles':
      return { data: async () => ({ cycles: await allianceCycles(ctx, a) }) };
    case 'warnings':
      return { api: { standing: `${API}/alliances/${a}/standing`, proposals: `${API}/alliances/${a}/proposals` } };
    case 'proposal':
      return { api: `${API}/alliances/${a}/proposals/${b}` };
    case 'lessons':
      return { api: `${API}/alliances/${a}/lessons` };
    case 'lesson':
      return { api: `${API}/alliances/${a}/lessons/${b}` };
    case 'health':
      return { api: `${API}/alliances/${a}/health` };
    case 'support':
      return { api: `${API}/alliances/${a}/support` };
    case 'local':
      return { api: `${API}/alliances/${a}/local-actions` };
    case 'scorecard': {
      const card = await attempt(() => scorecardById(ctx, Number(a)));
      if (!card.ok || card.value.status !== 'published') return null;
      const s = card.value;
      return { api: `${API}/alliances/${s.alliance}/cycles/${s.cycle}/scorecards/${s.reviewer}/${s.reviewee}` };
    }
    case 'orgs':
      return { api: `${API}/organizations` };
    case 'org':
      return { api: `${API}/organizations/${a}` };
    case 'archive':
      return { api: { checkpoint: `${API}/checkpoint`, records: `${API}/records` } };
  }
}

const NOT_FOUND = { error: 'no such page: a twin exists only for a public page that exists' };

export function registerTwins(app: Hono, ctx: Ctx): void {
  app.get('*', async (c, next) => {
    const page = pageOfTwin(c.req.path);
    if (page === null) return next();
    const twin = twinOf(page)!;
    const source = await sourceOf(ctx, twin.kind, twin.params);
    if (source === null) return c.json(NOT_FOUND, 404);
    if ('data' in source) {
      const r = await attempt(source.data);
      return r.ok ? twinJson(c, r.value) : c.json(NOT_FOUND, 404);
    }
    if (typeof source.api === 'string') return forward(c, await app.request(source.api));
    const out: Record<string, unknown> = {};
    for (const [name, path] of Object.entries(source.api)) {
      const res = await app.request(path);
      if (res.status !== 200) return forward(c, res);
      out[name] = await res.json();
    }
    return twinJson(c, out);
  });
}

function twinJson(c: Context, value: unknown): Response {
  return c.json(value as object, 200, { 'Cache-Control': 'no-cache' });
}

/** The API's answer as the twin's, with its status; a refusal stays the API's JSON error. */
async function forward(c: Context, res: Response): Promise<Response> {
  const body = await res.text();
  return c.body(body, res.status as 200, {
    'Content-Type': res.headers.get('Content-Type') ?? 'application/json',
    'Cache-Control': 'no-cache',
  });
}
