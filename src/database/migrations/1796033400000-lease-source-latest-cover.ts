import { MigrationInterface, QueryRunner } from 'typeorm';

// The latest time any DHCP-style binding (no session key) stored for a source reaches: its end,
// else its confirmed-until. A record that starts after it cannot continue a stored binding
// (the import's match needs one whose end or confirmation reaches the record's start), so the
// import skips its index probe (docs/decisions.md §8). Only ever grows; a later value stays
// correct.
export class LeaseSourceLatestCover1796033400000 implements MigrationInterface {
  name = 'LeaseSourceLatestCover1796033400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE lease_sources ADD COLUMN latest_cover timestamptz NOT NULL DEFAULT '-infinity'`,
    );
    await q.query(`
      UPDATE lease_sources s SET latest_cover = coalesce((
        SELECT max(coalesce(b.ends, b.confirmed_until)) FROM lease_bindings b
        WHERE b.source_id = s.id AND b.session_key IS NULL), '-infinity')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lease_sources DROP COLUMN latest_cover`);
  }
}
