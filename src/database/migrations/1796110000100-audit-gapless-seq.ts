import { MigrationInterface, QueryRunner } from 'typeorm';
import { applyObjectPrivileges, Query } from '../roles';

// Gap-free audit numbering (issue 16): appends now number each entry head + 1 under the chain's
// lock, so `audit:verify` reports any missing number as a deleted entry, even when the hashes
// after it were recomputed. Entries up to `gapless_after` (those before this migration) may
// keep the gaps that rolled-back appends left. Append-only, like the log; readable only.
export class AuditGaplessSeq1796110000100 implements MigrationInterface {
  name = 'AuditGaplessSeq1796110000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_chain_start (gapless_after bigint NOT NULL)`);
    await q.query(
      `INSERT INTO audit_chain_start (gapless_after) SELECT coalesce(max(seq), 0) FROM audit_log`,
    );
    await q.query(`
      CREATE TRIGGER audit_chain_start_no_update_delete BEFORE UPDATE OR DELETE ON audit_chain_start
        FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_chain_start_no_truncate BEFORE TRUNCATE ON audit_chain_start
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
    const [{ owner }] = (await q.query(`SELECT current_user AS owner`)) as Array<{
      owner: string;
    }>;
    const query: Query = (sql, params) => q.query(sql, params);
    await applyObjectPrivileges(query, owner);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_chain_start`);
  }
}
