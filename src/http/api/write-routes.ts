/**
 * Endpoints that append to the public log. Each reads like a checklist: authenticate (Bearer
 * token) → validate (zod) → authorize → one use case → present the fields that go out.
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { actorOf } from '../../services/accounts.js';
import type { Ctx } from '../../services/context.js';
import { UserError } from '../../services/context.js';
import { redactDocument } from '../../services/redact.js';
import { publishStatements, type StatementInput } from '../../services/statements.js';
import { requireAccount } from '../middleware/api-auth.js';
import { authErrorResponses, bearer } from './responses.js';
import { Published, RedactionDone, RedactionInput, StatementsInput } from './schemas.js';

/** Documents travel base64 inside JSON; 16 MiB of request is ~12 MiB of document bytes. */
export const MAX_STATEMENT_REQUEST = 16 * 1024 * 1024;

const tooLarge = bodyLimit({
  maxSize: MAX_STATEMENT_REQUEST,
  onError: (c) => c.json({ error: `request body too large: at most ${MAX_STATEMENT_REQUEST} bytes per request; send fewer documents at a time` }, 413),
});

const statementsRoute = createRoute({
  method: 'post',
  path: '/statements',
  summary: 'Publish documents: each is stored by SHA-256 and gets one statement record',
  security: bearer,
  middleware: [tooLarge] as const,
  request: { body: { required: true, content: { 'application/json': { schema: StatementsInput } } } },
  responses: {
    201: { description: 'the new records, one per document, in order', content: { 'application/json': { schema: Published } } },
    ...authErrorResponses,
  },
});

const redactionsRoute = createRoute({
  method: 'post',
  path: '/redactions',
  summary: 'Remove a document’s bytes and append a redaction record (instance admin only)',
  security: bearer,
  request: { body: { required: true, content: { 'application/json': { schema: RedactionInput } } } },
  responses: {
    201: { description: 'the redaction record', content: { 'application/json': { schema: RedactionDone } } },
    ...authErrorResponses,
  },
});

export function registerWriteRoutes(api: OpenAPIHono, ctx: Ctx): void {
  api.openapi(statementsRoute, async (c) => {
    requireAccount(c);
    const { documents } = c.req.valid('json');
    const docs: StatementInput[] = documents.map((d, i) => ({
      ...(d.name === undefined ? {} : { name: d.name }),
      mediaType: d.mediaType,
      body: d.content !== undefined ? new TextEncoder().encode(d.content) : decodeBase64(d.contentBase64 ?? '', `documents.${i}.contentBase64`),
    }));
    const published = await publishStatements(ctx, docs);
    return c.json(published.map((p) => ({ index: p.index, sha256: p.sha256 })), 201);
  });

  api.openapi(redactionsRoute, async (c) => {
    const account = requireAccount(c);
    const { sha256, reason } = c.req.valid('json');
    if (!account.instanceAdmin) throw new UserError('only the instance administrator may redact documents', 'forbidden');
    const { index } = await redactDocument(ctx, actorOf(account), sha256, reason);
    return c.json({ index }, 201);
  });
}

/** Strict base64 (RFC 4648 §4, padded): decode, re-encode, and refuse if the text differs. */
export function decodeBase64(text: string, field: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  if (text.length % 4 !== 0 || bytes.toString('base64') !== text) {
    throw new UserError(`${field}: not valid base64; use the standard alphabet with = padding (RFC 4648 §4)`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
