import { MigrationInterface, QueryRunner } from 'typeorm';

// The longest DHCP-style binding (no session key) stored for each source, measured as the
// import's match measures it (end, else confirmed-until, minus start). A stored binding that
// covers a time t starts no earlier than t minus this, which bounds the import's index probe:
// without it, each probe walked every binding of the address in the whole look-back
// (docs/decisions.md §8). Only ever grows; a looser value stays correct.
export class LeaseSourceLongestBinding1796032783837 implements MigrationInterface {
  name = 'LeaseSourceLongestBinding1796032783837';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE lease_sources ADD COLUMN longest_binding interval NOT NULL DEFAULT '0'`,
    );
    await q.query(`
      UPDATE lease_sources s SET longest_binding = greatest(interval '0', coalesce((
        SELECT max(coalesce(b.ends, b.confirmed_until) - b.starts) FROM lease_bindings b
        WHERE b.source_id = s.id AND b.session_key IS NULL), interval '0'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lease_sources DROP COLUMN longest_binding`);
  }
}
