/**
 * Shapes of the organization, alliance, covenant and renewal endpoints (issue 3 §9), in zod: one
 * source for request validation and for the OpenAPI 3.1 document. The covenant body is the
 * domain's own `Covenant` schema. Output shapes list exactly the fields that go out: a member has
 * no field for a real name or a contact, so no response can carry one.
 */
import { z } from '@hono/zod-openapi';
import { Covenant, ID_PATTERN } from '../../domain/covenant/index.js';

const slug = (what: string) =>
  z.string().regex(ID_PATTERN, `expected ${what}: lowercase letters, digits and hyphens, starting with a letter or digit`);

export const SlugParams = z.object({
  slug: slug('a slug').openapi({ param: { name: 'slug', in: 'path' }, example: 'sur' }),
});

export const VersionParams = z.object({
  slug: slug('an alliance slug').openapi({ param: { name: 'slug', in: 'path' }, example: 'tri' }),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,8}$/, 'expected a version number: a whole number from 1')
    .transform(Number)
    .openapi({ param: { name: 'version', in: 'path' }, type: 'integer', example: '2' }),
});

// ---------------------------------------------------------------- organizations and members

export const OrganizationInput = z
  .object({
    slug: slug('an organization slug'),
    name: z.string().min(1).max(200),
    country: z.string().openapi({ description: 'ISO 3166-1 alpha-2', example: 'AR' }),
    jurisdiction: z.string().max(200).optional(),
    languages: z.array(z.string()).min(1).max(20).openapi({ description: 'BCP 47 tags', example: ['es', 'en'] }),
    timeZone: z.string().openapi({ description: 'IANA time zone', example: 'America/Argentina/Buenos_Aires' }),
    description: z.string().max(5000).optional(),
  })
  .openapi('OrganizationInput');

export const OrganizationUpdate = OrganizationInput.omit({ slug: true }).partial().openapi('OrganizationUpdate');

export const Organization = z
  .object({
    slug: z.string(),
    name: z.string(),
    country: z.string(),
    jurisdiction: z.string(),
    languages: z.array(z.string()),
    timeZone: z.string(),
    description: z.string(),
    verifierKeys: z.array(z.string()).openapi({ description: 'the delegates’ active verifier keys (C2SP signed-note)' }),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
  })
  .openapi('Organization');

export const Organizations = z.object({ organizations: z.array(Organization) }).openapi('Organizations');

export const KeyInput = z
  .object({ verifierKey: z.string().min(1).max(512).openapi({ example: 'sur.example/delegate+abcd1234+AQ…' }) })
  .openapi('KeyInput');

export const MemberInput = z
  .object({
    pseudonym: z.string().min(1).max(80).openapi({ description: 'public display name' }),
    realName: z.string().max(200).optional().openapi({ description: 'PRIVATE: stored on this instance only, never returned or published' }),
    contact: z.string().max(1000).optional().openapi({ description: 'PRIVATE: stored on this instance only, never returned or published' }),
    officeholder: z.boolean().optional(),
    triadEligible: z.boolean().optional(),
  })
  .openapi('MemberInput');

export const Member = z
  .object({ id: z.number().int(), organization: z.string(), pseudonym: z.string(), officeholder: z.boolean(), triadEligible: z.boolean() })
  .openapi('Member');

export const Members = z.object({ members: z.array(Member) }).openapi('Members');

// ---------------------------------------------------------------- alliances

export const AllianceInput = z
  .object({ slug: slug('an alliance slug'), name: z.string().min(1).max(200), parties: z.array(z.string()).min(2).max(100) })
  .openapi('AllianceInput');

const Standing = z.enum(['good', 'review', 'warned', 'restored', 'disengaged']);

export const Alliance = z
  .object({
    slug: z.string(),
    name: z.string(),
    status: z.enum(['forming', 'active', 'lapsed']),
    createdAt: z.string(),
    parties: z.array(z.object({ organization: z.string(), name: z.string(), standing: Standing, joinedAt: z.string() })),
    ratified: z.object({ version: z.number().int(), sha256: z.string(), ratifiedAt: z.string() }).nullable(),
    proposed: z.object({ version: z.number().int(), sha256: z.string(), signed: z.array(z.string()), missing: z.array(z.string()) }).nullable(),
    renewal: z
      .object({ number: z.number().int(), status: z.enum(['open', 'published', 'lapsed', 'superseded']), dueAt: z.string(), lapsesAt: z.string() })
      .nullable(),
  })
  .openapi('Alliance');

export const Alliances = z
  .object({ alliances: z.array(z.object({ slug: z.string(), name: z.string(), status: z.enum(['forming', 'active', 'lapsed']) })) })
  .openapi('Alliances');

// ---------------------------------------------------------------- covenants

export const Problem = z
  .object({ path: z.string(), reason: z.string(), line: z.number().int().optional(), column: z.number().int().optional() })
  .openapi('CovenantProblem');

export const Finding = z
  .object({ severity: z.enum(['error', 'warning']), code: z.string(), path: z.string(), message: z.string() })
  .openapi('LintFinding');

export const ProblemsBody = z
  .object({ error: z.string(), problems: z.array(Problem) })
  .openapi('CovenantProblems', { description: 'the covenant does not parse: every problem with its path and reason' });

export const FindingsBody = z
  .object({ error: z.string(), findings: z.array(Finding) })
  .openapi('LintErrors', { description: 'lint errors stop a proposal' });

export const DraftInput = z
  .object({
    author: slug('the author party'),
    rationale: z.string().min(1).max(2000).openapi({ description: 'why this version; public' }),
    basedOn: z.number().int().positive().optional().openapi({ description: 'amend: the version this draft starts from' }),
    covenant: Covenant,
  })
  .openapi('DraftInput');

export const Draft = z
  .object({ alliance: z.string(), version: z.number().int(), sha256: z.string(), index: z.number().int(), findings: z.array(Finding) })
  .openapi('Draft');

const versionFields = {
  alliance: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'proposed', 'ratified', 'superseded']),
  author: z.string(),
  rationale: z.string(),
  basedOn: z.number().int().nullable(),
  sha256: z.string().openapi({ description: 'hex SHA-256 of the canonical JSON (RFC 8785): what parties sign' }),
  createdAt: z.string(),
  proposedAt: z.string().nullable(),
  ratifiedAt: z.string().nullable(),
  supersededAt: z.string().nullable(),
  supersededBy: z.number().int().nullable(),
};

export const VersionSummaries = z.object({ versions: z.array(z.object(versionFields)) }).openapi('CovenantVersions');

export const Version = z
  .object({ ...versionFields, parties: z.array(z.string()), signed: z.array(z.string()), covenant: Covenant })
  .openapi('CovenantVersion');

export const DiffQuery = z.object({
  from: z.string().regex(/^[1-9][0-9]{0,8}$/, 'expected a version number').transform(Number).openapi({ param: { name: 'from', in: 'query' }, type: 'integer' }),
  to: z.string().regex(/^[1-9][0-9]{0,8}$/, 'expected a version number').transform(Number).openapi({ param: { name: 'to', in: 'query' }, type: 'integer' }),
});

export const Diff = z
  .object({
    alliance: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(z.object({ kind: z.string(), summary: z.string() }).catchall(z.unknown())),
    text: z.string().openapi({ description: 'unified diff of the two versions as YAML' }),
  })
  .openapi('CovenantDiff');

const DocumentRef = z.object({ sha256: z.string(), mediaType: z.string(), size: z.number().int(), name: z.string().optional() });

export const Proposed = z
  .object({
    alliance: z.string(),
    version: z.number().int(),
    sha256: z.string(),
    index: z.number().int(),
    documents: z.array(DocumentRef).openapi({ description: 'canonical JSON (the signed bytes), Markdown, PDF' }),
    superseded: z.number().int().nullable(),
  })
  .openapi('Proposed');

export const SignatureText = z
  .object({ alliance: z.string(), version: z.number().int(), sha256: z.string(), text: z.string().openapi({ description: 'the note text to sign (C2SP signed-note body)' }) })
  .openapi('SignatureText');

export const SignatureInput = z
  .object({
    note: z.string().min(1).max(64 * 1024).openapi({ description: 'the signed note: the text, a blank line, signature lines' }),
    party: z.string().optional().openapi({ description: 'which party, when the note carries several signatures' }),
  })
  .openapi('SignatureInput');

export const SignatureDone = z
  .object({ alliance: z.string(), version: z.number().int(), party: z.string(), index: z.number().int(), ratified: z.boolean(), missing: z.array(z.string()) })
  .openapi('Signature');

export const LintInput = z
  .object({
    text: z.string().max(2_000_000).optional().openapi({ description: 'a covenant file' }),
    format: z.enum(['yaml', 'json']).optional().openapi({ description: 'the file’s format (default yaml)' }),
    covenant: z.unknown().optional().openapi({ description: 'or the covenant as JSON' }),
  })
  .refine((b) => (b.text === undefined) !== (b.covenant === undefined), { message: 'give exactly one of text or covenant' })
  .openapi('LintInput');

export const LintResult = z
  .object({ ok: z.boolean(), problems: z.array(Problem), findings: z.array(Finding) })
  .openapi('LintResult');

export const TemplateQuery = z.object({
  parties: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}(,[a-z0-9][a-z0-9-]{0,62}){1,99}$/, 'expected two or more slugs, comma-separated')
    .openapi({ param: { name: 'parties', in: 'query' }, example: 'sur,norte,este' }),
  languages: z
    .string()
    .regex(/^(en|es|fr|ar|pt)(,(en|es|fr|ar|pt)){0,4}$/, 'expected some of en, es, fr, ar, pt, comma-separated')
    .optional()
    .openapi({ param: { name: 'languages', in: 'query' } }),
});

export const Template = z.object({ covenant: Covenant }).openapi('CovenantTemplate');

// ---------------------------------------------------------------- renewals

export const OpenedRenewal = z
  .object({ alliance: z.string(), version: z.number().int(), renewal: z.number().int(), dueAt: z.string(), lapsesAt: z.string(), index: z.number().int() })
  .openapi('OpenedRenewal');

export const RenewalStatus = z
  .object({
    alliance: z.string(),
    status: z.enum(['forming', 'active', 'lapsed']),
    version: z.number().int().nullable(),
    cadence: z.object({ every: z.number().int(), unit: z.enum(['moons', 'months', 'years']) }).nullable(),
    renewals: z.array(
      z.object({
        number: z.number().int(),
        status: z.enum(['open', 'published', 'lapsed', 'superseded']),
        dueAt: z.string(),
        lapsesAt: z.string(),
        openedAt: z.string(),
        closedAt: z.string().nullable(),
        signed: z.array(z.string()),
        missing: z.array(z.string()),
        testimonies: z.number().int(),
      }),
    ),
    next: z.object({ renewal: z.number().int(), dueAt: z.string(), lapsesAt: z.string() }).nullable(),
  })
  .openapi('RenewalStatus');

export const RenewalText = z
  .object({ alliance: z.string(), version: z.number().int(), renewal: z.number().int(), sha256: z.string(), text: z.string() })
  .openapi('RenewalSignatureText');

export const RenewalSignatureDone = z
  .object({
    alliance: z.string(),
    version: z.number().int(),
    renewal: z.number().int(),
    party: z.string(),
    index: z.number().int(),
    published: z.boolean(),
    missing: z.array(z.string()),
  })
  .openapi('RenewalSignature');

export const TestimonyInput = z
  .object({
    text: z.string().min(1).max(4000),
    pseudonym: z.string().min(1).max(80).optional().openapi({ description: 'testify publicly under this name' }),
    anonymous: z.literal(true).optional().openapi({ description: 'testify anonymously: no name is stored at all' }),
    lang: z.string().max(35).optional(),
  })
  .refine((t) => (t.pseudonym === undefined) !== (t.anonymous === undefined), { message: 'choose one: pseudonym or anonymous: true' })
  .openapi('TestimonyInput');

export const TestimonyDone = z
  .object({ alliance: z.string(), renewal: z.number().int(), anonymous: z.boolean() })
  .openapi('Testimony');
