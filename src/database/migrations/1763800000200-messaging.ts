import { MigrationInterface, QueryRunner } from 'typeorm';

// Subscriber messaging (issue #5): which items each message carries, strikes per account
// (ER-1..ER-3), subscriber challenges (SN-6), escalation proposals for a human (ER-5) and
// sender-quality events (VA-6). The outbox table itself is in 1763800000002-notices.
export class Messaging1763800000200 implements MigrationInterface {
  name = 'Messaging1763800000200';

  async up(q: QueryRunner): Promise<void> {
    // What was sent: hashes of the rendered parts (the body holds the salutation), the stable
    // Message-ID header and the stage; `sending_at` lets a stuck send be reconciled.
    await q.query(`
      ALTER TABLE outbound_messages
        ADD COLUMN stage int,
        ADD COLUMN message_id_header text,
        ADD COLUMN subject text,
        ADD COLUMN text_sha256 text,
        ADD COLUMN html_sha256 text,
        ADD COLUMN sending_at timestamptz,
        ADD COLUMN dead_at timestamptz`);
    await q.query(`
      CREATE TABLE outbound_message_items (
        message_id uuid NOT NULL REFERENCES outbound_messages (id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES notice_items (id) ON DELETE CASCADE,
        PRIMARY KEY (message_id, item_id)
      )`);
    // An item is warned about once.
    await q.query(
      `CREATE UNIQUE INDEX outbound_message_items_item ON outbound_message_items (item_id)`,
    );
    await q.query(`
      CREATE TABLE strikes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscriber_account_id uuid NOT NULL REFERENCES subscriber_accounts (id) ON DELETE CASCADE,
        item_id uuid NOT NULL UNIQUE REFERENCES notice_items (id) ON DELETE CASCADE,
        notice_id uuid NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        message_id uuid REFERENCES outbound_messages (id) ON DELETE SET NULL,
        regime text NOT NULL,
        stage int NOT NULL,
        counted_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawn_reason text
      )`);
    await q.query(
      `CREATE INDEX strikes_account_idx ON strikes (subscriber_account_id, counted_at)`,
    );
    await q.query(`
      CREATE TABLE challenges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES outbound_messages (id) ON DELETE CASCADE,
        ground text NOT NULL CHECK (ground IN
          ('wrong_account', 'unauthorised_use', 'licence', 'fair_dealing', 'other')),
        statement text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
        decided_by text,
        decision_note text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX challenges_status_idx ON challenges (status, created_at)`);
    await q.query(`
      CREATE TABLE escalation_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subscriber_account_id uuid NOT NULL REFERENCES subscriber_accounts (id) ON DELETE CASCADE,
        message_id uuid REFERENCES outbound_messages (id) ON DELETE SET NULL,
        action text NOT NULL CHECK (action IN ('suspension', 'termination')),
        stage int NOT NULL,
        strikes int NOT NULL,
        addressed_to_role text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'declined')),
        decided_by text,
        reasons text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE sender_quality_events (
        id bigserial PRIMARY KEY,
        organisation_id uuid REFERENCES organisations (id) ON DELETE CASCADE,
        notice_id uuid REFERENCES notices (id) ON DELETE SET NULL,
        kind text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX sender_quality_events_org_idx ON sender_quality_events (organisation_id, kind, at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sender_quality_events`);
    await q.query(`DROP TABLE escalation_proposals`);
    await q.query(`DROP TABLE challenges`);
    await q.query(`DROP TABLE strikes`);
    await q.query(`DROP TABLE outbound_message_items`);
    await q.query(`
      ALTER TABLE outbound_messages
        DROP COLUMN stage, DROP COLUMN message_id_header, DROP COLUMN subject,
        DROP COLUMN text_sha256, DROP COLUMN html_sha256, DROP COLUMN sending_at,
        DROP COLUMN dead_at`);
  }
}
