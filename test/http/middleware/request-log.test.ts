import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { requestLog } from '../../../src/http/middleware/request-log.js';

describe('requestLog', () => {
  it('writes method, path without query, status and ms — nothing about the client', async () => {
    const lines: string[] = [];
    const a = new Hono();
    a.use(requestLog((l) => lines.push(l)));
    a.get('/archive', (c) => c.text('ok'));
    await a.request('/archive?lang=ar&token=secret', {
      headers: { 'X-Forwarded-For': '203.0.113.9', 'User-Agent': 'Tor', Cookie: 'daylight_session=s' },
    });
    await a.request('/missing');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/archive 200 \d+ms$/);
    expect(lines[1]).toMatch(/^GET \/missing 404 \d+ms$/);
  });
});
