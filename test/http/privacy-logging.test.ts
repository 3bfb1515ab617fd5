/**
 * Issue 6 §9, no IP logging and secure cookie flags.
 *
 * No address: the source never reads one (no remoteAddress, X-Forwarded-For, Forwarded,
 * X-Real-IP or Hono's getConnInfo anywhere in src/), and a real server (startServer on port 0,
 * with its request log on) that is sent sign-ins, feedback, testimony, errors and unknown pages,
 * each with a distinctive address in every forwarding header, writes that address nowhere: not in
 * its request log, not on stdout or stderr, not in any file of its data directory (the SQLite
 * database and its WAL included).
 *
 * Cookies: the session cookie is HttpOnly, SameSite=Lax, Path=/; the anonymous CSRF cookie
 * HttpOnly, SameSite=Strict, Path=/; both (and the language cookie) Secure exactly when the
 * instance is started with secure cookies (`daylight serve --secure-cookies`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/http/server.js';
import { createAccount } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';
import { Browser, PASSWORD, freshSite } from './harness.js';

const ADDRESS = '203.0.113.177';
const ADDRESS6 = '2001:db8::bad:c0de';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('the source reads no address', () => {
  it('has no remoteAddress, forwarding header or connection-info lookup in src/', () => {
    const found: string[] = [];
    for (const f of files(resolve('src')).filter((p) => /\.(ts|tsx|js|mjs)$/.test(p))) {
      const text = readFileSync(f, 'utf8');
      for (const pattern of [/remoteAddress/i, /x-forwarded-for/i, /x-real-ip/i, /['"]forwarded['"]/i, /getConnInfo|conninfo/i, /cf-connecting-ip/i])
        if (pattern.test(text)) found.push(`${f}: ${pattern}`);
      // the web server never touches the request's socket (the SMTP client owns its own socket)
      if (f.includes('/src/http/') && /\.socket\b|incoming\.(socket|connection)/.test(text)) found.push(`${f}: the request's socket`);
    }
    expect(found).toEqual([]);
  });
});

describe('a running server writes no address anywhere', () => {
  let dataDir: string;
  let ctx: Ctx & { close(): Promise<void> };
  let server: Awaited<ReturnType<typeof startServer>>;
  const logLines: string[] = [];
  const output: string[] = [];
  const restore: (() => void)[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'daylight-privacy-'));
    await initInstance({ dataDir, origin: 'privacy.test/daylight' });
    ctx = await openInstance({ dataDir });
    await createAccount(ctx, { username: 'ana', password: PASSWORD });
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof stream.write;
      restore.push(() => (stream.write = write));
    }
    server = await startServer(ctx, { port: 0, log: (line) => logLines.push(line) });
  });

  afterAll(async () => {
    for (const r of restore) r();
    await server?.close();
    await ctx?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends requests with forwarding headers, then finds the address in no log, output or file', async () => {
    const headers = {
      'X-Forwarded-For': `${ADDRESS}, ${ADDRESS6}`,
      'X-Real-IP': ADDRESS,
      Forwarded: `for=${ADDRESS};proto=https, for="[${ADDRESS6}]"`,
      'CF-Connecting-IP': ADDRESS,
    };
    const get = async (path: string, init: RequestInit = {}) => {
      const res = await fetch(server.url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) }, redirect: 'manual' });
      await res.arrayBuffer();
      return res;
    };
    // sign in (failed and successful), through the real network stack
    const login = await get('/login');
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0]!;
    const html = await (await fetch(server.url + '/login', { headers: { Cookie: cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    for (const password of ['wrong', PASSWORD]) {
      await get('/login', {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf, username: 'ana', password }).toString(),
      });
    }
    // refused forms, unknown pages, the API, the archive, a crash-free error path
    await get('/login', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=ana' });
    await get('/scorecards/999/feedback', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'text=hello' });
    for (const path of ['/', '/alliances', '/orgs', '/no/such/page', '/api/v1/alliances', '/api/v1/nothing', '/archive/checkpoint', '/scorecards/1']) await get(path);

    expect(logLines.length).toBeGreaterThan(10); // the request log ran
    const written = [...logLines, ...output].join('\n');
    for (const a of [ADDRESS, ADDRESS6, '127.0.0.1', '::1', '::ffff:']) expect(written).not.toContain(a);

    // the data directory, byte for byte (the database, its WAL and every archive file)
    const needles = [ADDRESS, ADDRESS6].map((a) => Buffer.from(a, 'utf8'));
    for (const f of files(dataDir)) {
      const bytes = readFileSync(f);
      for (const n of needles) expect(bytes.includes(n), `${f} holds ${n}`).toBe(false);
    }
  });
});

describe('cookie flags', () => {
  function flags(res: Response, name: string): string[] {
    const line = res.headers.getSetCookie().find((l) => l.startsWith(`${name}=`));
    expect(line, `${name} is set`).toBeDefined();
    return line!.split(';').slice(1).map((s) => s.trim().toLowerCase());
  }

  for (const secure of [false, true]) {
    it(`session HttpOnly+Lax, CSRF HttpOnly+Strict, Path=/, ${secure ? 'Secure' : 'not Secure'} when secure cookies are ${secure ? 'on' : 'off'}`, async () => {
      const site = await freshSite({ secureCookies: secure });
      try {
        await createAccount(site.ctx, { username: 'ana', password: PASSWORD });
        const b = new Browser(site.app);
        const page = await b.get('/login?lang=fr');
        const csrf = flags(page, 'daylight_csrf');
        expect(csrf).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=strict']));
        const lang = flags(page, 'daylight_lang');
        expect(lang).toEqual(expect.arrayContaining(['path=/', 'samesite=lax']));
        const signedIn = await b.login('ana');
        expect(signedIn.status).toBe(303);
        const session = flags(signedIn, 'daylight_session');
        expect(session).toEqual(expect.arrayContaining(['path=/', 'httponly', 'samesite=lax']));
        for (const f of [csrf, lang, session]) expect(f.includes('secure')).toBe(secure);
      } finally {
        await site.close();
      }
    });
  }
});
