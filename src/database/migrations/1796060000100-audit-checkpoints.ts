import { MigrationInterface, QueryRunner } from 'typeorm';

// Signed checkpoints of the audit chain's head (issue 16): every so many entries or minutes the
// head's seq and hash are written here with an HMAC whose key lives outside the database
// (derived from SECRET_KEY). Rewriting entries and recomputing the hashes after them, or
// deleting the last entries, then no longer passes `audit:verify`. Append-only like the log.
export class AuditCheckpoints1796060000100 implements MigrationInterface {
  name = 'AuditCheckpoints1796060000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY,
        hash text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        mac text NOT NULL
      )`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
  }
}
