/** Failures: bugs answer 500 without detail (pages and API), oversized bodies 413, UserError codes map to statuses. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HTTPException } from 'hono/http-exception';
import { createApp } from '../../src/http/app.js';
import { classify, statusOf } from '../../src/http/errors.js';
import { UserError } from '../../src/services/context.js';
import { Browser, accountWithToken, freshSite, type TestSite } from './harness.js';

describe('classify', () => {
  it('maps each UserError code to its status and keeps one line of the message', () => {
    expect(['bad_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict'].map((c) => statusOf(c as UserError['code']))).toEqual([
      400, 401, 403, 404, 409,
    ]);
    expect(classify(new UserError('first line\nsecond', 'conflict'))).toEqual({ status: 409, message: 'first line', code: 'conflict' });
    expect(classify(new HTTPException(413, { message: 'too big' }))).toEqual({ status: 413, message: 'too big', code: null });
    expect(classify(new Error('secret detail'))).toEqual({ status: 500, message: null, code: null });
  });
});

describe('a bug on a live instance', () => {
  let site: TestSite;
  beforeAll(async () => {
    site = await freshSite();
  });
  afterAll(() => site.close());

  it('answers 500 with no message or stack, logged on the server only', async () => {
    const broken = await freshSite();
    const app = createApp(broken.ctx);
    await broken.close(); // the database is gone: every read now fails as a bug would
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const api = await app.request('/api/v1/records');
      expect(api.status).toBe(500);
      expect(await api.json()).toEqual({ error: 'internal error: the server could not complete the request; try again later' });
      const page = await app.request('/archive?lang=es');
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain('<h1>Algo ha fallado</h1>');
      expect(html).not.toMatch(/Error|at .*:\d+:\d+|sqlite/i);
      expect(logged).toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
  });

  it('refuses oversized bodies with 413 before reading them', async () => {
    const token = await accountWithToken(site.ctx, 'ana');
    const big = await site.app.request('/api/v1/statements', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ documents: [{ mediaType: 'text/plain', content: 'x'.repeat(16 * 1024 * 1024) }] }),
    });
    expect(big.status).toBe(413);
    expect(Object.keys((await big.json()) as object)).toEqual(['error']);
    const b = new Browser(site.app);
    await b.get('/login');
    const form = await b.post('/login', { csrf: 'x', username: 'a'.repeat(70_000), password: 'p' });
    expect(form.status).toBe(413);
  });
});
