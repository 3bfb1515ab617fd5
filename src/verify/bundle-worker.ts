/** Worker thread for bundle-pool.ts: checks the bundles it is sent, one at a time, in order. */
import { parentPort } from 'node:worker_threads';
import { checkBundle } from './bundle.js';

export interface BundleRequest {
  id: number;
  bytes: Uint8Array | null;
  width: number;
}

const port = parentPort;
if (port === null) throw new Error('bundle-worker.js runs only as a worker thread');
port.on('message', ({ id, bytes, width }: BundleRequest) => {
  const check = checkBundle(bytes, width);
  // The leaf hashes are this thread's own fresh buffer: hand it over instead of copying.
  port.postMessage({ id, check }, 'leaves' in check ? [check.leaves.buffer as ArrayBuffer] : []);
});
