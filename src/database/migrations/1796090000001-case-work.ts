import { MigrationInterface, QueryRunner } from 'typeorm';

// Assignment and internal notes on notices and challenges (issue #19): who on the desk works a
// case, and what they wrote down. Notes are internal: never shown to counsel or subscribers.
export class CaseWork1796090000001 implements MigrationInterface {
  name = 'CaseWork1796090000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE notices ADD COLUMN assigned_to uuid REFERENCES users (id) ON DELETE SET NULL`,
    );
    await q.query(
      `ALTER TABLE challenges ADD COLUMN assigned_to uuid REFERENCES users (id) ON DELETE SET NULL`,
    );
    // "Assigned to me": the assignee's notices, newest first.
    await q.query(
      `CREATE INDEX notices_assigned_idx ON notices (assigned_to, received_at DESC)
        WHERE assigned_to IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('notice', 'challenge')),
        subject_id uuid NOT NULL,
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX case_notes_subject_idx ON case_notes (subject_type, subject_id, created_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_notes`);
    await q.query(`DROP INDEX notices_assigned_idx`);
    await q.query(`ALTER TABLE challenges DROP COLUMN assigned_to`);
    await q.query(`ALTER TABLE notices DROP COLUMN assigned_to`);
  }
}
