import { MigrationInterface, QueryRunner } from 'typeorm';

// Intake additions: per-sender hourly quota windows (IN-6), when an item was let through the
// quota and when a queued one is expected to proceed, and a challenge mark feeding the
// per-sender quality counters (VA-6).
export class Intake1763800000100 implements MigrationInterface {
  name = 'Intake1763800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_quota_windows (
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        used int NOT NULL DEFAULT 0,
        -- What the last increment actually granted (SET expressions see the old row).
        last_grant int NOT NULL DEFAULT 0,
        PRIMARY KEY (organisation_id, window_start)
      )`);
    await q.query(`
      ALTER TABLE notice_items
        ADD COLUMN accepted_at timestamptz,
        ADD COLUMN expected_at timestamptz,
        ADD COLUMN challenged_at timestamptz,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX notice_items_notice_idx ON notice_items (notice_id, status)`);
    await q.query(
      `CREATE INDEX notice_items_queued_idx ON notice_items (created_at) WHERE status = 'queued'`,
    );
    await q.query(
      `ALTER TABLE notices ADD COLUMN settlement_flagged boolean NOT NULL DEFAULT false`,
    );
    await q.query(`CREATE INDEX notices_case_idx ON notices (organisation_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notices_case_idx`);
    await q.query(`ALTER TABLE notices DROP COLUMN settlement_flagged`);
    await q.query(`DROP INDEX notice_items_queued_idx`);
    await q.query(`DROP INDEX notice_items_notice_idx`);
    await q.query(`
      ALTER TABLE notice_items
        DROP COLUMN accepted_at, DROP COLUMN expected_at, DROP COLUMN challenged_at,
        DROP COLUMN created_at`);
    await q.query(`DROP TABLE intake_quota_windows`);
  }
}
