/**
 * Request log lines: method, path (without the query), status, milliseconds, and nothing else —
 * no address, no user agent, no cookie: the log of a server under a hostile state's eye must not
 * tell who came.
 */
import type { MiddlewareHandler } from 'hono';

export function requestLog(write: (line: string) => void = (line) => console.log(line)): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    const start = performance.now();
    await next();
    const ms = Math.round(performance.now() - start);
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`);
  };
}
