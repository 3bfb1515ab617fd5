/**
 * The one migration set for SQLite and PostgreSQL (Kysely Migrator, in-code provider).
 * Migrations are frozen once released: add a new one, never edit an old one.
 *
 * Column types differ only where the databases differ:
 *   bytes   SQLite blob     | PostgreSQL bytea
 *   int64   SQLite integer  | PostgreSQL bigint   (SQLite "integer primary key" is the rowid: fast)
 *   serial  SQLite integer primary key autoincrement | PostgreSQL serial
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

interface Types {
  bytes: 'blob' | 'bytea';
  int64: 'integer' | 'bigint';
}

function typesFor(dialect: Dialect): Types {
  return dialect === 'sqlite' ? { bytes: 'blob', int64: 'integer' } : { bytes: 'bytea', int64: 'bigint' };
}

/** An auto-numbered integer primary key on either database. */
function createTableWithSerial(db: Kysely<any>, dialect: Dialect, table: string) {
  const t = db.schema.createTable(table);
  return dialect === 'sqlite'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : t.addColumn('id', 'serial', (c) => c.primaryKey());
}

function initial(dialect: Dialect): Migration {
  const { bytes, int64 } = typesFor(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('instance')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('verifier_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('log_head')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('size', int64, (c) => c.notNull())
        .addColumn('root', bytes, (c) => c.notNull())
        .execute();
      // The empty tree: size 0, root SHA-256("") (RFC 9162 §2.1.1). Frozen here, not imported.
      const emptyRoot = createHash('sha256').digest();
      await db.insertInto('log_head').values({ id: 1, size: 0, root: emptyRoot }).execute();

      await db.schema
        .createTable('log_entry')
        .addColumn('idx', int64, (c) => c.primaryKey())
        .addColumn('data', bytes, (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('log_hash')
        .addColumn('idx', int64, (c) => c.primaryKey())
        .addColumn('hash', bytes, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('checkpoint')
        .addColumn('size', int64, (c) => c.primaryKey())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('document')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', int64, (c) => c.notNull())
        .addColumn('body', bytes)
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('redacted_at', 'text')
        .addColumn('redaction_reason', 'text')
        .execute();

      await createTableWithSerial(db, dialect, 'account')
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('instance_admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      // No IP address, no user agent: a session is a hashed token, its account and its times.
      await db.schema
        .createTable('session')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('session_account_idx').on('session').column('account_id').execute();
      await db.schema.createIndex('session_expires_idx').on('session').column('expires_at').execute();

      await createTableWithSerial(db, dialect, 'api_token')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('api_token_account_idx').on('api_token').column('account_id').execute();

      await createTableWithSerial(db, dialect, 'organization')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('membership')
        .addColumn('account_id', 'integer', (c) => c.notNull().references('account.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) =>
          c.notNull().references('organization.id').onDelete('cascade'),
        )
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'delegate', 'member')`))
        .addPrimaryKeyConstraint('membership_pk', ['account_id', 'organization_id'])
        .execute();
      await db.schema.createIndex('membership_org_idx').on('membership').column('organization_id').execute();
    },
  };
}

/**
 * Issue 3, covenants: organizations' public profile and delegate keys, members (private fields
 * live only here, never in the log), alliances and their parties, covenant versions, signatures,
 * renewals and testimonies.
 *
 * A verifier key is unique across the instance, revoked or not: a key names one party forever,
 * and a revoked (perhaps compromised) key can never be registered again.
 * A signature's `renewal` is 0 for ratification and n for the n-th renewal of that version, so
 * one unique constraint covers both (NULLs would not collide in a unique index).
 * Testimonies carry no account, no time and, when anonymous, no name at all.
 */
function covenants(dialect: Dialect): Migration {
  const { int64 } = typesFor(dialect);
  return {
    async up(db: Kysely<any>) {
      // SQLite adds one column per ALTER TABLE; NOT NULL needs a default there.
      const orgColumns: [string, string][] = [
        ['country', "''"],
        ['jurisdiction', "''"],
        ['languages', "'[]'"],
        ['time_zone', "'UTC'"],
        ['description', "''"],
      ];
      for (const [name, dflt] of orgColumns) {
        await db.schema
          .alterTable('organization')
          .addColumn(name, 'text', (c) => c.notNull().defaultTo(sql.raw(dflt)))
          .execute();
      }
      await db.schema.alterTable('organization').addColumn('updated_at', 'text').execute();

      await createTableWithSerial(db, dialect, 'organization_key')
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('verifier_key', 'text', (c) => c.notNull().unique())
        .addColumn('key_name', 'text', (c) => c.notNull())
        .addColumn('key_id', int64, (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('organization_key_org_idx').on('organization_key').column('organization_id').execute();

      await createTableWithSerial(db, dialect, 'member')
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('pseudonym', 'text', (c) => c.notNull())
        .addColumn('real_name', 'text')
        .addColumn('contact', 'text')
        .addColumn('officeholder', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('triad_eligible', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('member_pseudonym_uq', ['organization_id', 'pseudonym'])
        .execute();

      await createTableWithSerial(db, dialect, 'alliance')
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('forming', 'active', 'lapsed')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('alliance_party')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id').onDelete('cascade'))
        .addColumn('standing', 'text', (c) =>
          c.notNull().check(sql`standing in ('good', 'review', 'warned', 'restored', 'disengaged')`),
        )
        .addColumn('joined_at', 'text', (c) => c.notNull())
        .addColumn('left_at', 'text')
        .addPrimaryKeyConstraint('alliance_party_pk', ['alliance_id', 'organization_id'])
        .execute();

      await createTableWithSerial(db, dialect, 'covenant_version')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('draft', 'proposed', 'ratified', 'superseded')`),
        )
        .addColumn('author_organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('rationale', 'text', (c) => c.notNull())
        .addColumn('based_on', 'integer')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('proposed_at', 'text')
        .addColumn('ratified_at', 'text')
        .addColumn('superseded_at', 'text')
        .addColumn('superseded_by', 'integer')
        .addUniqueConstraint('covenant_version_number_uq', ['alliance_id', 'number'])
        .execute();

      await createTableWithSerial(db, dialect, 'covenant_signature')
        .addColumn('version_id', 'integer', (c) => c.notNull().references('covenant_version.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('renewal', 'integer', (c) => c.notNull())
        .addColumn('verifier_key', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('covenant_signature_uq', ['version_id', 'organization_id', 'renewal'])
        .execute();

      await createTableWithSerial(db, dialect, 'renewal')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('version_id', 'integer', (c) => c.notNull().references('covenant_version.id').onDelete('cascade'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'published', 'lapsed', 'superseded')`))
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('lapses_at', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addUniqueConstraint('renewal_number_uq', ['version_id', 'number'])
        .execute();

      await createTableWithSerial(db, dialect, 'testimony')
        .addColumn('renewal_id', 'integer', (c) => c.notNull().references('renewal.id').onDelete('cascade'))
        .addColumn('pseudonym', 'text')
        .addColumn('lang', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('testimony_renewal_idx').on('testimony').column('renewal_id').execute();
    },
  };
}

/**
 * Issue 4, audits: cycles, triads drawn by public lot, each party's rotation round, scorecards
 * (one per assignment) with their ratings, and grassroots feedback on published scorecards.
 * Every audit table is made here, the feedback table included, so one migration covers audits.
 *
 *   member.account_id   the account a member rates with through the API (nullable: most
 *                       members never sign in); one account per member of an organization.
 *   audit_cycle.audit   the covenant's audit section as it stood when the cycle opened (JSON):
 *                       dimensions, triad size, quotas, feedback window — frozen for the cycle.
 *   triad_rotation      per (alliance, party): the pseudonyms who served in the current round.
 *   scorecard           one row per assignment, made when the cycle opens; status draft until
 *                       finalized, then `summary` holds the public JSON and `documents` its refs.
 *   scorecard_rating    PRIVATE until finalized; `evidence` (JSON array) is private for ever.
 *   feedback            answers to a published scorecard; hidden only with a public reason.
 */
function audits(dialect: Dialect): Migration {
  const { int64 } = typesFor(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('member')
        .addColumn('account_id', 'integer', (c) => c.references('account.id').onDelete('set null'))
        .execute();
      await db.schema.createIndex('member_account_uq').on('member').columns(['organization_id', 'account_id']).unique().execute();

      await createTableWithSerial(db, dialect, 'audit_cycle')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('version_id', 'integer', (c) => c.notNull().references('covenant_version.id'))
        .addColumn('rhythm', 'text', (c) => c.notNull().check(sql`rhythm in ('lunar', 'quarterly')`))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('end_at', 'text', (c) => c.notNull())
        .addColumn('sources', 'text', (c) => c.notNull())
        .addColumn('audit', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('audit_cycle_n_uq', ['alliance_id', 'n'])
        .execute();

      await createTableWithSerial(db, dialect, 'triad')
        .addColumn('cycle_id', 'integer', (c) => c.notNull().references('audit_cycle.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('draw_key', 'text', (c) => c.notNull())
        .addColumn('new_round', 'integer', (c) => c.notNull())
        .addUniqueConstraint('triad_party_uq', ['cycle_id', 'organization_id'])
        .execute();

      await db.schema
        .createTable('triad_member')
        .addColumn('triad_id', 'integer', (c) => c.notNull().references('triad.id').onDelete('cascade'))
        .addColumn('member_id', 'integer', (c) => c.notNull().references('member.id'))
        .addColumn('pseudonym', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('triad_member_pk', ['triad_id', 'member_id'])
        .execute();
      await db.schema.createIndex('triad_member_member_idx').on('triad_member').column('member_id').execute();

      await db.schema
        .createTable('triad_rotation')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('round', 'integer', (c) => c.notNull())
        .addColumn('served', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('triad_rotation_pk', ['alliance_id', 'organization_id'])
        .execute();

      await createTableWithSerial(db, dialect, 'scorecard')
        .addColumn('cycle_id', 'integer', (c) => c.notNull().references('audit_cycle.id').onDelete('cascade'))
        .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('reviewee_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('triad_id', 'integer', (c) => c.notNull().references('triad.id'))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
        .addColumn('lang', 'text')
        .addColumn('summary', 'text')
        .addColumn('documents', 'text')
        .addColumn('record_index', int64)
        .addColumn('finalized_at', 'text')
        .addUniqueConstraint('scorecard_pair_uq', ['cycle_id', 'reviewer_id', 'reviewee_id'])
        .execute();
      await db.schema.createIndex('scorecard_reviewee_idx').on('scorecard').column('reviewee_id').execute();

      await db.schema
        .createTable('scorecard_rating')
        .addColumn('scorecard_id', 'integer', (c) => c.notNull().references('scorecard.id').onDelete('cascade'))
        .addColumn('member_id', 'integer', (c) => c.notNull().references('member.id'))
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('score', 'integer', (c) => c.notNull().check(sql`score between 0 and 4`))
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('rated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('scorecard_rating_pk', ['scorecard_id', 'member_id', 'dimension'])
        .execute();

      await createTableWithSerial(db, dialect, 'feedback')
        .addColumn('scorecard_id', 'integer', (c) => c.notNull().references('scorecard.id').onDelete('cascade'))
        .addColumn('dimension', 'text')
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('pseudonym', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('hidden_at', 'text')
        .addColumn('hidden_reason', 'text')
        .execute();
      await db.schema.createIndex('feedback_scorecard_idx').on('feedback').column('scorecard_id').execute();
    },
  };
}

/**
 * Issue 4 §5–6, feedback without accounts and reminders. Nothing here holds an IP address or a
 * member's contact: reminders name the member row, whose private contact is read at send time.
 *
 *   instance_secret     named random secrets that never leave the database: `feedback` keys the
 *                       HMAC of feedback challenges (domain/feedback.ts). Made here, once, so
 *                       every process on one PostgreSQL checks the same challenges.
 *   feedback_challenge  SHA-256 of each spent challenge until it expires: a challenge is used once.
 *   webhook_endpoint    where reminders are POSTed for an alliance (optionally one party's items
 *                       only); `secret` signs each delivery and is shown once, at registration.
 *   reminder_delivery   one row per (channel, target, item, notice): the unique key is what
 *                       makes `reminders send` idempotent. status sending → sent | failed;
 *                       `error` is an SMTP stage and code or an HTTP status, never a reply text.
 */
function reminders(dialect: Dialect): Migration {
  const { bytes } = typesFor(dialect);
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('instance_secret')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('instance_secret').values({ name: 'feedback', value: randomBytes(32), created_at: new Date().toISOString() }).execute();

      await db.schema
        .createTable('feedback_challenge')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_challenge_expires_idx').on('feedback_challenge').column('expires_at').execute();
      await db.schema.createIndex('feedback_created_idx').on('feedback').columns(['scorecard_id', 'created_at']).execute();

      await createTableWithSerial(db, dialect, 'webhook_endpoint')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.references('organization.id').onDelete('cascade'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();

      await createTableWithSerial(db, dialect, 'reminder_delivery')
        .addColumn('key', 'text', (c) => c.notNull().unique())
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('email', 'webhook')`))
        .addColumn('member_id', 'integer', (c) => c.references('member.id').onDelete('cascade'))
        .addColumn('webhook_id', 'integer', (c) => c.references('webhook_endpoint.id').onDelete('cascade'))
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('notice', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('sending', 'sent', 'failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('claimed_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('reminder_delivery_status_idx').on('reminder_delivery').column('status').execute();
    },
  };
}

/**
 * Issue 5: early warnings, the corrective phase, the exit protocol, the support ledger, local
 * mirroring and lessons. Amounts are decimal TEXT in a currency's canonical form (domain/money.ts),
 * never a float column. PRIVATE columns are marked; none of them has a path into a record.
 *
 *   observation          a value of a covenant indicator for a party. evidence PRIVATE unless
 *                        evidence_public = 1 (the observer's explicit choice).
 *   standing             each party's standing state machine (domain/warning/standing.ts) as JSON;
 *                        alliance_party.standing mirrors its `standing` for lists.
 *   standing_transition  every transition with its event, reason and effects; `evidence` PRIVATE
 *                        (the evidence offered for a benchmark).
 *   proposal, vote       decisions on a party's standing (warn, dismiss, restore, disengage) by
 *                        the covenant's rule over the other parties' votes.
 *   corrective_task      the covenant's corrective actions opened by a trip, closed on exit from
 *                        the corrective phase.
 *   support_commitment   support from party to party by form, to the people or to the leadership;
 *                        status active → paused ⇄ active, → stopped (exit), → ended.
 *   support_transaction  money moved under a commitment; `source` PRIVATE unless source_disclosed.
 *   local_action         a direct action at home, optionally mirroring a commitment abroad.
 *   lesson               a case study drafted from the archive; published once.
 */
function warnings(dialect: Dialect): Migration {
  const { int64 } = typesFor(dialect);
  return {
    async up(db: Kysely<any>) {
      await createTableWithSerial(db, dialect, 'observation')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('observed_at', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('currency', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('evidence_public', 'integer', (c) => c.notNull().check(sql`evidence_public in (0, 1)`))
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('record_index', int64)
        .execute();
      // observed_at in the index: the scheduler reads only what can still matter (observations.ts)
      await db.schema.createIndex('observation_series_idx').on('observation').columns(['alliance_id', 'organization_id', 'indicator', 'observed_at']).execute();

      await db.schema
        .createTable('standing')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('standing_pk', ['alliance_id', 'organization_id'])
        .execute();

      await createTableWithSerial(db, dialect, 'standing_transition')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('from_standing', 'text', (c) => c.notNull())
        .addColumn('to_standing', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text')
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('standing_transition_party_idx').on('standing_transition').columns(['alliance_id', 'organization_id', 'at']).execute();

      await createTableWithSerial(db, dialect, 'proposal')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('warn', 'dismiss', 'restore', 'disengage')`))
        .addColumn('opened_by', 'integer', (c) => c.references('organization.id'))
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'adopted', 'rejected', 'void')`))
        .addColumn('closed_at', 'text')
        .addColumn('reason', 'text')
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('proposal_party_idx').on('proposal').columns(['alliance_id', 'organization_id', 'status']).execute();

      await createTableWithSerial(db, dialect, 'vote')
        .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposal.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('choice', 'text', (c) => c.notNull().check(sql`choice in ('for', 'against', 'abstain')`))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('vote_proposal_idx').on('vote').column('proposal_id').execute();

      await createTableWithSerial(db, dialect, 'corrective_task')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('opened_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();

      await createTableWithSerial(db, dialect, 'support_commitment')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('from_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('to_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('form', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull().check(sql`recipient in ('people', 'leadership')`))
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('amount', 'text')
        .addColumn('currency', 'text')
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('active', 'paused', 'stopped', 'ended')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('support_commitment_alliance_idx').on('support_commitment').columns(['alliance_id', 'to_id']).execute();

      await createTableWithSerial(db, dialect, 'support_transaction')
        .addColumn('commitment_id', 'integer', (c) => c.notNull().references('support_commitment.id').onDelete('cascade'))
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('amount', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('source_disclosed', 'integer', (c) => c.notNull().check(sql`source_disclosed in (0, 1)`))
        .addColumn('source', 'text')
        .addColumn('receipt', 'integer', (c) => c.notNull().check(sql`receipt in (0, 1)`))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('support_transaction_commitment_idx').on('support_transaction').column('commitment_id').execute();

      await createTableWithSerial(db, dialect, 'local_action')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.notNull().references('organization.id'))
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('what', 'text', (c) => c.notNull())
        .addColumn('mirrors', 'integer', (c) => c.references('support_commitment.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('record_index', int64)
        .execute();
      await db.schema.createIndex('local_action_party_idx').on('local_action').columns(['alliance_id', 'organization_id']).execute();

      await createTableWithSerial(db, dialect, 'lesson')
        .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliance.id').onDelete('cascade'))
        .addColumn('organization_id', 'integer', (c) => c.references('organization.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('draft', 'text', (c) => c.notNull())
        .addColumn('analysis', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('record_index', int64)
        .addUniqueConstraint('lesson_number_uq', ['alliance_id', 'number'])
        .execute();
    },
  };
}

/**
 * Redactions reach the rows behind live pages. A redaction removes a document's bytes from the
 * archive; the text it held was also kept in a row that pages draw from (an answer's text, a
 * renewal's testimonies). `redacted_at` marks such a row, whose text and pseudonym are erased in
 * the redaction's own transaction (services/redact.ts).
 */
function redactions(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('feedback').addColumn('redacted_at', 'text').execute();
      await db.schema.alterTable('testimony').addColumn('redacted_at', 'text').execute();
    },
  };
}

/** Every migration, by name; names sort in the order they apply. */
export function migrations(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_initial': initial(dialect),
        '0002_covenants': covenants(dialect),
        '0003_audits': audits(dialect),
        '0004_reminders': reminders(dialect),
        '0005_warnings': warnings(dialect),
        '0006_redactions': redactions(),
      };
    },
  };
}
