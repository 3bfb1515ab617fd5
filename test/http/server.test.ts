/** The real Node HTTP server on an ephemeral port: serves pages and the API, logs no addresses, closes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/http/server.js';
import { freshSite, type TestSite } from './harness.js';

let site: TestSite;
beforeAll(async () => {
  site = await freshSite();
});
afterAll(() => site.close());

describe('startServer', () => {
  it('listens on 127.0.0.1 by default, serves, logs method/path/status/ms only, and closes', async () => {
    const lines: string[] = [];
    const server = await startServer(site.ctx, { port: 0, log: (l) => lines.push(l) });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(`${server.url}/archive?lang=ar`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('dir="rtl"');
      const cp = await fetch(`${server.url}/api/v1/checkpoint`);
      expect(((await cp.json()) as { origin: string }).origin).toBe('test.example/daylight');
      expect(lines).toEqual([expect.stringMatching(/^GET \/archive 200 \d+ms$/), expect.stringMatching(/^GET \/api\/v1\/checkpoint 200 \d+ms$/)]);
      expect(lines.join('\n')).not.toContain('127.0.0.1');
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });
});
