/**
 * The API's shapes, in zod: one source for request validation and for the OpenAPI 3.1
 * document at /api/v1/openapi.json. Output shapes list exactly the fields that go out.
 */
import { z } from '@hono/zod-openapi';
import { REDACTION_REASONS, type RedactionReason } from '../../domain/public.js';

export const ErrorBody = z.object({ error: z.string().openapi({ example: 'documents.0.mediaType: expected a media type such as text/plain' }) }).openapi('Error');

export const Checkpoint = z
  .object({
    origin: z.string(),
    size: z.number().int().nonnegative(),
    root: z.string().openapi({ description: 'base64 root hash (RFC 6962)' }),
    note: z.string().openapi({ description: 'the signed checkpoint note (C2SP tlog-checkpoint)' }),
  })
  .openapi('Checkpoint');

export const RecordItem = z
  .object({
    index: z.number().int().nonnegative(),
    type: z.string(),
    at: z.string().openapi({ description: 'ISO-8601 UTC' }),
    record: z.record(z.string(), z.unknown()).openapi({ description: 'the public record as logged' }),
  })
  .openapi('Record');

export const RecordsQuery = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'expected a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().max(100, 'expected a whole number from 1 to 100'))
    .optional()
    .openapi({ param: { name: 'limit', in: 'query' }, type: 'integer', description: 'how many of the newest records (1–100, default 20)' }),
});

export const RecordsBody = z.object({ records: z.array(RecordItem) }).openapi('Records');

/** type/subtype with optional token parameters, as services/statements.ts accepts them. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}(; ?[a-z0-9!#$&^_.+-]+=[a-z0-9!#$&^_.+-]+)*$/i;

export const DocumentInput = z
  .object({
    name: z.string().min(1).max(255).optional().openapi({ description: '1 to 255 characters, no slashes or control characters' }),
    mediaType: z.string().regex(MEDIA_TYPE, 'expected a media type such as text/plain').openapi({ example: 'text/markdown;charset=utf-8' }),
    content: z.string().optional().openapi({ description: 'the document as UTF-8 text' }),
    contentBase64: z.string().optional().openapi({ description: 'the document bytes, base64 (RFC 4648 §4)' }),
  })
  .refine((d) => (d.content === undefined) !== (d.contentBase64 === undefined), {
    message: 'give exactly one of content or contentBase64',
  })
  .openapi('DocumentInput');

export const StatementsInput = z
  .object({ documents: z.array(DocumentInput).min(1, 'give at least one document').max(100, 'at most 100 documents per request') })
  .openapi('StatementsInput');

export const Published = z
  .array(z.object({ index: z.number().int().nonnegative(), sha256: z.string() }))
  .openapi('Published');

export const ProofParams = z.object({
  index: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,14})$/, 'expected a record index: a whole number')
    .openapi({ param: { name: 'index', in: 'path' }, example: '0' }),
});

export const InclusionProof = z
  .object({
    index: z.number().int().nonnegative(),
    treeSize: z.number().int().positive(),
    leafHash: z.string().openapi({ description: 'base64' }),
    proof: z.array(z.string()).openapi({ description: 'base64 hashes, RFC 9162 §2.1.3.1 order' }),
    checkpoint: z.string().openapi({ description: 'the signed checkpoint the proof is against' }),
  })
  .openapi('InclusionProof');

export const RedactionInput = z
  .object({
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits'),
    reason: z.enum(REDACTION_REASONS as readonly [RedactionReason, ...RedactionReason[]]),
  })
  .openapi('RedactionInput');

export const RedactionDone = z.object({ index: z.number().int().nonnegative() }).openapi('Redaction');
