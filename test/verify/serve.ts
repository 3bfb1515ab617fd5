/** A plain static file server on 127.0.0.1 (port 0), as any host that mirrors an archive would be. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface Served {
  /** base URL of the archive, ending in "/" */
  url: string;
  origin: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Serves `dir` under `prefix`; `before` may answer a request itself (return true). */
export async function serveDir(dir: string, prefix = '/archive/', before?: Handler): Promise<Served> {
  const server = createServer((req, res) => {
    if (before?.(req, res)) return;
    void answer(dir, prefix, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin + prefix,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(dir: string, prefix: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const p = new URL(req.url ?? '/', 'http://x').pathname;
  if (!p.startsWith(prefix) || p.includes('..')) return notFound(res);
  try {
    const body = await readFile(path.join(dir, p.slice(prefix.length)));
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  } catch {
    notFound(res);
  }
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
}
