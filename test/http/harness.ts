/**
 * A real instance (SQLite in a temp dir, real keys, real services) behind createApp, and a
 * tiny cookie-keeping browser that talks to it through app.request().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from '../../src/http/app.js';
import { createAccount, createApiToken } from '../../src/services/accounts.js';
import type { Ctx } from '../../src/services/context.js';
import { initInstance, openInstance } from '../../src/services/instance.js';

export interface TestSite {
  app: Hono;
  ctx: Ctx;
  close(): Promise<void>;
}

export async function freshSite(opts: AppOptions = {}): Promise<TestSite> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daylight-http-'));
  await initInstance({ dataDir, origin: 'test.example/daylight' });
  const ctx = await openInstance({ dataDir });
  return {
    app: createApp(ctx, opts),
    ctx,
    async close() {
      await ctx.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'correct horse battery staple';

export async function accountWithToken(ctx: Ctx, username: string, instanceAdmin = false): Promise<string> {
  const account = await createAccount(ctx, { username, password: PASSWORD, instanceAdmin });
  return (await createApiToken(ctx, account.id, `${username} test`)).token;
}

/** Keeps cookies the way a browser would for one site (Max-Age=0 deletes). */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly app: Hono) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await this.app.request(path, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      if (/;\s*Max-Age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }

  get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { headers });
  }

  post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** GET a page with a form and send it back with its hidden csrf field. */
  async submit(formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
    const html = await (await this.get(formPage)).text();
    return this.post(action, { csrf: csrfField(html), ...fields });
  }

  async login(username: string, password = PASSWORD): Promise<Response> {
    return this.submit('/login', '/login', { username, password });
  }
}

export function csrfField(html: string): string {
  const m = /<input type="hidden" name="csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no csrf field on the page');
  return m[1];
}
