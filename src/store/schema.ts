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
}

export interface MembershipTable {
  account_id: number;
  organization_id: number;
  role: 'admin' | 'delegate' | 'member';
}

export type DocumentRow = Selectable<DocumentTable>;
export type NewDocument = Insertable<DocumentTable>;
export type AccountRow = Selectable<AccountTable>;
