/**
 * hono/jsx (since 4.12.34) runs every render inside an AsyncLocalStorage, so that `useContext`
 * can follow a render across `await`. On Node 20 the first `run` of any AsyncLocalStorage turns
 * on async hooks for the whole process: from then on every promise and every socket, in every
 * request, pays for context propagation (nodejs/node#34493, #46265). Measured on the kept
 * scorecard page, which renders nothing: about a fifth of the server's time per request
 * (docs/benchmarks.md, "HTTP load").
 *
 * Daylight's views use no JSX context (no createContext, no useContext). hono/jsx looks for
 * AsyncLocalStorage once, on its first render, and without one keeps its documented fallback:
 * a render's context lives only through its synchronous part, and context read after an `await`
 * is the default value, never another request's. So its one look is made here, with
 * node:async_hooks out of its sight, before any page is drawn.
 */
import { jsx } from 'hono/jsx';

interface NodeProcess {
  getBuiltinModule?: (id: string) => unknown;
  mainModule?: unknown;
}

let done = false;

/** Idempotent; a no-op where hono/jsx has already rendered (its look is over). */
export function renderWithoutAsyncContext(): void {
  if (done) return;
  done = true;
  const proc = process as unknown as NodeProcess;
  const getBuiltinModule = proc.getBuiltinModule;
  const mainModule = Object.getOwnPropertyDescriptor(proc, 'mainModule');
  // hono/jsx's two probes: process.getBuiltinModule (Node ≥ 20.16), then a CommonJS main module's require
  if (getBuiltinModule !== undefined) {
    proc.getBuiltinModule = (id) => (id === 'node:async_hooks' || id === 'async_hooks' ? {} : getBuiltinModule.call(process, id));
  }
  if (mainModule !== undefined) Object.defineProperty(proc, 'mainModule', { value: undefined, configurable: true, writable: true });
  try {
    String(jsx('i', {}));
  } finally {
    if (getBuiltinModule !== undefined) proc.getBuiltinModule = getBuiltinModule;
    if (mainModule !== undefined) Object.defineProperty(proc, 'mainModule', mainModule);
  }
}
