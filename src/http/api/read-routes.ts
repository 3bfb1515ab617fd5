/** Read-only endpoints: the latest checkpoint, recent records, inclusion proofs (RFC 9162 §2.1.3). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Ctx } from '../../services/context.js';
import { UserError } from '../../services/context.js';
import { latestCheckpoint, recentRecords } from '../../services/records.js';
import { inclusionProof } from '../../services/proof.js';
import { Checkpoint, InclusionProof, ProofParams, RecordsBody, RecordsQuery } from './schemas.js';
import { errorResponses } from './responses.js';

const checkpointRoute = createRoute({
  method: 'get',
  path: '/checkpoint',
  summary: 'The latest signed checkpoint',
  responses: {
    200: { description: 'the checkpoint', content: { 'application/json': { schema: Checkpoint } } },
    404: errorResponses[404],
  },
});

const recordsRoute = createRoute({
  method: 'get',
  path: '/records',
  summary: 'The newest public records, newest first',
  request: { query: RecordsQuery },
  responses: {
    200: { description: 'records', content: { 'application/json': { schema: RecordsBody } } },
    400: errorResponses[400],
  },
});

const proofRoute = createRoute({
  method: 'get',
  path: '/proof/{index}',
  summary: 'Inclusion proof of one record in the latest checkpoint',
  request: { params: ProofParams },
  responses: {
    200: { description: 'the proof', content: { 'application/json': { schema: InclusionProof } } },
    ...errorResponses,
  },
});

export function registerReadRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(checkpointRoute, async (c) => {
    const cp = await latestCheckpoint(ctx);
    if (!cp) throw new UserError('no checkpoint yet: nothing has been published on this instance', 'not_found');
    return c.json({ origin: cp.origin, size: cp.size, root: cp.root, note: cp.note }, 200, { 'Cache-Control': 'no-cache' });
  });

  api.openapi(recordsRoute, async (c) => {
    const { limit = 20 } = c.req.valid('query');
    const records = await recentRecords(ctx, limit);
    return c.json({ records: records.map((r) => ({ index: r.index, type: r.type, at: r.at, record: r.record })) }, 200);
  });

  api.openapi(proofRoute, async (c) => {
    const index = Number(c.req.valid('param').index);
    const p = await inclusionProof(ctx, index);
    return c.json({ index: p.index, treeSize: p.treeSize, leafHash: p.leafHash, proof: p.proof, checkpoint: p.checkpoint }, 200);
  });
}
