/**
 * Serves the app on Node's HTTP server (@hono/node-server). Listens on 127.0.0.1 by default:
 * put a TLS-terminating proxy or an onion service in front, and pass secureCookies when the
 * public address is HTTPS.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Ctx } from '../services/context.js';
import { createApp, type AppOptions } from './app.js';

export interface ServerOptions extends AppOptions {
  port?: number;
  hostname?: string;
}

export async function startServer(
  ctx: Ctx,
  { port = 4400, hostname = '127.0.0.1', ...appOptions }: ServerOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(ctx, appOptions);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
