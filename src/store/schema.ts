/**
 * The one schema interface for SQLite and PostgreSQL (Kysely). Blobs are Uint8Array
 * (Buffer at runtime); PostgreSQL int8 arrives as string, so log indexes are stored as
 * integer columns read through Number() in store/log.ts, never trusted as typed.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Blob = Uint8Array;
/** ISO-8601 UTC text on both databases: one format, sortable, no driver surprises. */
type Instant = string;

export interface Database {
  instance: InstanceTable;
  log_head: LogHeadTable;
  log_entry: LogEntryTable;
  log_hash: LogHashTable;
  checkpoint: CheckpointTable;
  document: DocumentTable;
  account: AccountTable;
  session: SessionTable;
  api_token: ApiTokenTable;
  organization: OrganizationTable;
  membership: MembershipTable;
  organization_key: OrganizationKeyTable;
  member: MemberTable;
  alliance: AllianceTable;
  alliance_party: AlliancePartyTable;
  covenant_version: CovenantVersionTable;
  covenant_signature: CovenantSignatureTable;
  renewal: RenewalTable;
  testimony: TestimonyTable;
  audit_cycle: AuditCycleTable;
  triad: TriadTable;
  triad_member: TriadMemberTable;
  triad_rotation: TriadRotationTable;
  scorecard: ScorecardTable;
  scorecard_rating: ScorecardRatingTable;
  feedback: FeedbackTable;
  instance_secret: InstanceSecretTable;
  feedback_challenge: FeedbackChallengeTable;
  webhook_endpoint: WebhookEndpointTable;
  reminder_delivery: ReminderDeliveryTable;
  observation: ObservationTable;
  standing: StandingTable;
  standing_transition: StandingTransitionTable;
  proposal: ProposalTable;
  vote: VoteTable;
  corrective_task: CorrectiveTaskTable;
  support_commitment: SupportCommitmentTable;
  support_transaction: SupportTransactionTable;
  local_action: LocalActionTable;
  lesson: LessonTable;
}

/** One row: the instance's origin and public verifier key (the signer key lives in a file). */
export interface InstanceTable {
  id: number; // always 1
  origin: string;
  verifier_key: string;
  created_at: Instant;
}

/** One row (id 1): the tree size and root after the last committed append. Locked by every append. */
export interface LogHeadTable {
  id: number;
  size: ColumnType<number, number, number>;
  root: Blob;
}

export interface LogEntryTable {
  idx: number;
  data: Blob; // canonical JSON of the public record
  type: string; // the record's type, for listing
  at: Instant;
}

/** Stored hashes by Go tlog stored-hash index (ledger/tree.ts). */
export interface LogHashTable {
  idx: number;
  hash: Blob;
}

export interface CheckpointTable {
  size: number; // primary key
  note: string; // the signed checkpoint note
  created_at: Instant;
}

export interface DocumentTable {
  sha256: string; // hex, primary key
  media_type: string;
  size: number;
  body: Blob | null; // null once redacted
  created_at: Instant;
  redacted_at: Instant | null;
  redaction_reason: string | null;
}

export interface AccountTable {
  id: Generated<number>;
  username: string;
  password_hash: string; // scrypt$N$r$p$salt$hash
  instance_admin: number; // 0 | 1
  created_at: Instant;
}

export interface SessionTable {
  id_hash: string; // SHA-256 of the cookie token, hex: a stolen database row is not a session
  account_id: number;
  csrf_token: string;
  created_at: Instant;
  expires_at: Instant;
}

export interface ApiTokenTable {
  id: Generated<number>;
  token_hash: string; // SHA-256 hex
  account_id: number;
  label: string;
  created_at: Instant;
}

export interface OrganizationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: Instant;
  /** ISO 3166-1 alpha-2 */
  country: ColumnType<string, string | undefined, string>;
  jurisdiction: ColumnType<string, string | undefined, string>;
  /** JSON array of BCP 47 tags */
  languages: ColumnType<string, string | undefined, string>;
  /** IANA time zone */
  time_zone: ColumnType<string, string | undefined, string>;
  description: ColumnType<string, string | undefined, string>;
  updated_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
}

export interface MembershipTable {
  account_id: number;
  organization_id: number;
  role: 'admin' | 'delegate' | 'member';
}

/** A delegate's verifier key (C2SP signed-note / Go note format); unique forever, even once revoked. */
export interface OrganizationKeyTable {
  id: Generated<number>;
  organization_id: number;
  verifier_key: string;
  key_name: string;
  key_id: number; // uint32
  added_at: Instant;
  revoked_at: Instant | null;
}

/** A member. real_name and contact are PRIVATE: no record, export or public response carries them. */
export interface MemberTable {
  id: Generated<number>;
  organization_id: number;
  pseudonym: string;
  real_name: string | null;
  contact: string | null;
  officeholder: number; // 0 | 1
  triad_eligible: number; // 0 | 1
  created_at: Instant;
  /** the account this member rates with through the API (0003_audits); null for most members */
  account_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type AllianceStatus = 'forming' | 'active' | 'lapsed';
export type StandingValue = 'good' | 'review' | 'warned' | 'restored' | 'disengaged';

export interface AllianceTable {
  id: Generated<number>;
  slug: string;
  name: string;
  status: AllianceStatus;
  created_at: Instant;
}

/** A party; left_at set when a ratified version no longer lists it. */
export interface AlliancePartyTable {
  alliance_id: number;
  organization_id: number;
  standing: StandingValue;
  joined_at: Instant;
  left_at: Instant | null;
}

export type VersionStatus = 'draft' | 'proposed' | 'ratified' | 'superseded';

export interface CovenantVersionTable {
  id: Generated<number>;
  alliance_id: number;
  number: number;
  status: VersionStatus;
  author_organization_id: number;
  rationale: string;
  based_on: number | null; // a version number of the same alliance
  body: string; // the canonical JSON (RFC 8785) text: the signed bytes, as UTF-8
  sha256: string; // hex SHA-256 of body's bytes
  created_at: Instant;
  proposed_at: Instant | null;
  ratified_at: Instant | null;
  superseded_at: Instant | null;
  superseded_by: number | null; // version number
}

export interface CovenantSignatureTable {
  id: Generated<number>;
  version_id: number;
  organization_id: number;
  renewal: number; // 0: ratification; n: the n-th renewal
  verifier_key: string;
  note: string; // the signed note as archived: text and this party's signature lines
  signed_at: Instant;
}

export type RenewalStatus = 'open' | 'published' | 'lapsed' | 'superseded';

export interface RenewalTable {
  id: Generated<number>;
  alliance_id: number;
  version_id: number;
  number: number;
  status: RenewalStatus;
  due_at: Instant;
  lapses_at: Instant;
  opened_at: Instant;
  closed_at: Instant | null;
}

/** No account, no time; pseudonym null when the testifier chose anonymity. */
export interface TestimonyTable {
  id: Generated<number>;
  renewal_id: number;
  pseudonym: string | null;
  lang: string | null;
  text: string;
  /** the renewal's testimonies document was redacted: text and pseudonym erased (0006_redactions) */
  redacted_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
}

// ---------------------------------------------------------------- audits (0003_audits)

/** One audit cycle of an alliance, opened once; its rules (`audit`, JSON) frozen at opening. */
export interface AuditCycleTable {
  id: Generated<number>;
  alliance_id: number;
  version_id: number; // the ratified covenant version whose audit section applies
  rhythm: 'lunar' | 'quarterly';
  n: number; // Brown lunation number, or 4·year + quarter − 1
  start_at: Instant;
  end_at: Instant;
  sources: string; // JSON {checkpoint: {size, root}, sources: [...]}: the announced random sources, in order
  audit: string; // JSON: the covenant's audit section as used for this cycle
  opened_at: Instant;
}

/** A party's triad for one cycle, drawn by public lot. */
export interface TriadTable {
  id: Generated<number>;
  cycle_id: number;
  organization_id: number;
  draw_key: string; // the RFC 3797 key string of this party's draw
  new_round: number; // 0 | 1
}

export interface TriadMemberTable {
  triad_id: number;
  member_id: number;
  pseudonym: string; // as drawn and published
  position: number; // 1-based, in the order taken
}

/** Who has served in the current rotation round of a party, per alliance (JSON array of pseudonyms). */
export interface TriadRotationTable {
  alliance_id: number;
  organization_id: number;
  round: number;
  served: string;
  updated_at: Instant;
}

export type ScorecardStatus = 'draft' | 'published';

/** One per assignment (reviewer party's triad → reviewee party) and cycle. */
export interface ScorecardTable {
  id: Generated<number>;
  cycle_id: number;
  reviewer_id: number;
  reviewee_id: number;
  triad_id: number;
  status: ScorecardStatus;
  lang: string | null;
  summary: string | null; // the public scorecard's canonical JSON, once published
  documents: string | null; // JSON array of DocumentRef, once published
  record_index: number | null;
  finalized_at: Instant | null;
}

/** A triad member's rating of one dimension. PRIVATE until finalized; evidence private for ever. */
export interface ScorecardRatingTable {
  scorecard_id: number;
  member_id: number;
  dimension: string;
  score: number; // 0..4
  note: string;
  evidence: string; // JSON array of references: PRIVATE
  rated_at: Instant;
}

/** Grassroots feedback on a published scorecard (issue 4 §5); hidden only with a public reason. */
export interface FeedbackTable {
  id: Generated<number>;
  scorecard_id: number;
  dimension: string | null; // null: overall
  text: string;
  pseudonym: string | null; // null: anonymous
  created_at: Instant;
  hidden_at: Instant | null;
  hidden_reason: string | null;
  /** its document was redacted: text and pseudonym erased (0006_redactions) */
  redacted_at: ColumnType<Instant | null, Instant | null | undefined, Instant | null>;
}

// ---------------------------------------------------------------- feedback and reminders (0004_reminders)

/** A named secret that never leaves the database ('feedback': the challenge HMAC key). */
export interface InstanceSecretTable {
  name: string;
  value: Uint8Array;
  created_at: Instant;
}

/** A spent feedback challenge, by SHA-256 (hex), kept until it would have expired anyway. */
export interface FeedbackChallengeTable {
  hash: string;
  expires_at: Instant;
}

/** Where reminders of an alliance are POSTed (only one party's items when organization_id is set). */
export interface WebhookEndpointTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number | null;
  url: string;
  secret: string; // HMAC key for Daylight-Signature: PRIVATE, shown once at registration
  created_at: Instant;
  disabled_at: Instant | null;
}

export type DeliveryStatus = 'sending' | 'sent' | 'failed';

/** One reminder notice to one target; `key` unique so nothing is sent twice. No address here. */
export interface ReminderDeliveryTable {
  id: Generated<number>;
  key: string;
  channel: 'email' | 'webhook';
  member_id: number | null;
  webhook_id: number | null;
  item: string;
  notice: string;
  status: DeliveryStatus;
  attempts: number;
  claimed_at: Instant;
  sent_at: Instant | null;
  error: string | null;
}

// ---------------------------------------------------------------- warnings, support, lessons (0005_warnings)

/** A value of a covenant indicator for a party. The value is public; evidence PRIVATE unless evidence_public. */
export interface ObservationTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number;
  indicator: string;
  observed_at: string; // YYYY-MM-DD or an ISO instant, as observed
  value: string; // decimal text, or 'true'/'false' for yes-no, or a date for days-since
  currency: string | null;
  source: string; // public: where the figure comes from
  evidence: string; // PRIVATE unless evidence_public = 1
  evidence_public: number; // 0 | 1
  via: 'web' | 'cli' | 'api' | 'csv' | 'ledger';
  recorded_at: Instant;
  record_index: number | null;
}

/** One party's standing state machine (domain/warning/standing.ts StandingState as JSON). */
export interface StandingTable {
  alliance_id: number;
  organization_id: number;
  state: string;
  updated_at: Instant;
}

export interface StandingTransitionTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number;
  at: Instant;
  event: string; // trip | decision | deadline | benchmark-met
  from_standing: StandingValue;
  to_standing: StandingValue;
  reason: string;
  detail: string; // JSON: the public record's fields
  evidence: string | null; // PRIVATE: evidence offered for a benchmark
  record_index: number | null;
}

export type ProposalStatus = 'open' | 'adopted' | 'rejected' | 'void';

export interface ProposalTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number; // the party whose standing is decided
  decision: 'warn' | 'dismiss' | 'restore' | 'disengage';
  opened_by: number | null; // organization id; null: the local operator
  opened_at: Instant;
  status: ProposalStatus;
  closed_at: Instant | null;
  reason: string | null;
  record_index: number | null;
}

export interface VoteTable {
  id: Generated<number>;
  proposal_id: number;
  organization_id: number;
  choice: 'for' | 'against' | 'abstain';
  at: Instant;
  record_index: number | null;
}

export interface CorrectiveTaskTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number;
  action: string;
  opened_at: Instant;
  closed_at: Instant | null;
}

export type Recipient = 'people' | 'leadership';
export type CommitmentStatus = 'active' | 'paused' | 'stopped' | 'ended';

export interface SupportCommitmentTable {
  id: Generated<number>;
  alliance_id: number;
  from_id: number;
  to_id: number;
  form: string; // SUPPORT_FORMS
  recipient: Recipient;
  description: string;
  amount: string | null; // decimal text in currency's canonical form
  currency: string | null;
  starts_on: string; // YYYY-MM-DD
  ends_on: string | null;
  status: CommitmentStatus;
  created_at: Instant;
  record_index: number | null;
}

export interface SupportTransactionTable {
  id: Generated<number>;
  commitment_id: number;
  occurred_on: string; // YYYY-MM-DD
  amount: string; // decimal text, canonical for the currency
  currency: string;
  source_disclosed: number; // 0 | 1
  source: string | null; // PRIVATE unless source_disclosed = 1
  receipt: number; // 0 | 1
  recorded_at: Instant;
  record_index: number | null;
}

export interface LocalActionTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number;
  occurred_on: string; // YYYY-MM-DD
  what: string;
  mirrors: number | null; // support_commitment.id
  recorded_at: Instant;
  record_index: number | null;
}

export interface LessonTable {
  id: Generated<number>;
  alliance_id: number;
  organization_id: number | null;
  number: number;
  status: 'draft' | 'published';
  title: string;
  draft: string; // JSON: the case study assembled from the archive
  analysis: string; // the authors' analysis
  created_at: Instant;
  published_at: Instant | null;
  record_index: number | null;
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type AccountRow = Selectable<AccountTable>;
