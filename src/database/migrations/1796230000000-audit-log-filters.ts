import { MigrationInterface, QueryRunner } from 'typeorm';

// The audit log page filters by time, by actor and by subject, newest first (issue #19); the log
// only grows, so without these each filter read it whole.
// - `at`: a day range (the entries of a range lie together, as `at` grows with `seq`);
// - (actor_id, seq) and (subject_id, seq): one actor's or one object's entries already in the
//   page's order, so a page stops after its rows. audit_log_subject_idx leads with subject_type,
//   which the page's filter does not know.
export class AuditLogFilters1796230000000 implements MigrationInterface {
  name = 'AuditLogFilters1796230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq)`);
    await q.query(`CREATE INDEX audit_log_subject_id_idx ON audit_log (subject_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_subject_id_idx`);
    await q.query(`DROP INDEX audit_log_actor_idx`);
    await q.query(`DROP INDEX audit_log_at_idx`);
  }
}
