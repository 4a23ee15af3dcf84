import { MigrationInterface, QueryRunner } from 'typeorm';

// Notices as received (original bytes kept unaltered, IN-1), their items (one IP/port/time each)
// and the append-only, hash-chained audit log (RA-7). Shared by intake, messaging and disclosure.
//
// Item life cycle (docs/notice-pipeline.md):
//   accepted -> attributed -> forwarded | not_forwarded
//   accepted -> not_forwarded (attribution could not name one account)
//   queued (behind a per-sender quota) -> accepted
//   refused (a validation rule failed), duplicate (of an earlier item) are final at intake.
export class Notices1763800000002 implements MigrationInterface {
  name = 'Notices1763800000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- What the sender sees: pseudonymous, never derived from subscriber data.
        reference text NOT NULL UNIQUE,
        -- NULL while an e-mail from an unknown sender waits in quarantine.
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        channel text NOT NULL CHECK (channel IN ('api', 'email', 'portal')),
        source_format text NOT NULL,
        media_type text NOT NULL,
        original bytea NOT NULL,
        original_sha256 text NOT NULL,
        sender_address text,
        case_id text,
        owner_name text,
        claimant jsonb NOT NULL DEFAULT '{}',
        parsed jsonb NOT NULL DEFAULT '{}',
        warnings jsonb NOT NULL DEFAULT '[]',
        checks jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL
          CHECK (status IN ('quarantined', 'received', 'accepted', 'refused', 'rejected')),
        refusal_code text,
        refusal_reason text,
        idempotency_key text,
        good_faith_statement boolean NOT NULL DEFAULT false,
        accuracy_statement boolean NOT NULL DEFAULT false,
        submitted_by uuid REFERENCES users (id) ON DELETE SET NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE UNIQUE INDEX notices_idempotency_key ON notices (organisation_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`);
    await q.query(
      `CREATE INDEX notices_org_received_idx ON notices (organisation_id, received_at DESC)`,
    );
    await q.query(`CREATE INDEX notices_status_idx ON notices (status, received_at)`);
    await q.query(`
      CREATE TABLE notice_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id uuid NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        position int NOT NULL,
        ip inet,
        port int CHECK (port BETWEEN 0 AND 65535),
        observed_at timestamptz,
        protocol text,
        application text,
        title text,
        file_name text,
        file_size bigint,
        hash_type text,
        hash text,
        peer_id text,
        -- sender | case id | ip | port | time: the duplicate rule of intake.
        dedupe_key text,
        status text NOT NULL CHECK (status IN
          ('accepted', 'queued', 'refused', 'duplicate', 'attributed', 'forwarded', 'not_forwarded')),
        reason_code text,
        reason text,
        duplicate_of uuid REFERENCES notice_items (id) ON DELETE SET NULL,
        attribution_outcome text,
        -- Internal link to the account; never leaves through a complainant-facing path.
        subscriber_account_id uuid REFERENCES subscriber_accounts (id) ON DELETE SET NULL,
        subscriber_ref text,
        attribution jsonb,
        attributed_at timestamptz,
        regime text,
        forwarded_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notice_id, position)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX notice_items_dedupe_key ON notice_items (dedupe_key)
        WHERE dedupe_key IS NOT NULL AND status <> 'duplicate'`);
    await q.query(`CREATE INDEX notice_items_status_idx ON notice_items (status, attributed_at)`);
    await q.query(
      `CREATE INDEX notice_items_account_idx ON notice_items (subscriber_account_id, observed_at)
        WHERE subscriber_account_id IS NOT NULL`,
    );

    // The outbox (SN-1): a message row is written in the same transaction as the change that
    // calls for it; a relay moves pending rows onto the mail queue. Context carries ids and
    // non-identifying facts only; the worker reads contact details through IdentityService.
    await q.query(`
      CREATE TABLE outbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscriber_account_id uuid NOT NULL REFERENCES subscriber_accounts (id) ON DELETE CASCADE,
        kind text NOT NULL,
        template text NOT NULL,
        regime text NOT NULL,
        language text,
        context jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'queued', 'sending', 'sent', 'failed', 'dead', 'cancelled')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        transport_message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz,
        sent_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX outbound_messages_status_idx ON outbound_messages (status, created_at)`,
    );
    await q.query(
      `CREATE INDEX outbound_messages_account_idx ON outbound_messages (subscriber_account_id, created_at)`,
    );

    // RA-7: every read of identity and every disclosure step. Each row carries the hash of the
    // previous one; the database refuses UPDATE, DELETE and TRUNCATE.
    await q.query(`
      CREATE TABLE audit_log (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        purpose text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await q.query(
      `CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, seq)`,
    );
    await q.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_is_append_only()`);
    await q.query(`DROP TABLE outbound_messages`);
    await q.query(`DROP TABLE notice_items`);
    await q.query(`DROP TABLE notices`);
  }
}
