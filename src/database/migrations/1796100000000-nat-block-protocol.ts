import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #14.
// - nat_port_blocks.protocol: the transport protocol of a per-protocol port block (A10 CGN
//   allocates TCP, UDP and ICMP blocks apart); NULL when the log states none, i.e. the block
//   serves every protocol. Two blocks of different protocols on the same address and ports are
//   two blocks, and a probe whose protocol is unknown must treat them both as competitors.
// - lease_sources.latest_block_start: the latest start of any port block stored for a source.
//   An allocation that starts after it, alone in its batch, continues or repeats no stored
//   block, so the import writes it straight into nat_port_blocks without the merge
//   (docs/decisions.md §8). Only ever grows; a later value stays correct.
export class NatBlockProtocol1796100000000 implements MigrationInterface {
  name = 'NatBlockProtocol1796100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE nat_port_blocks ADD COLUMN protocol text CHECK (protocol IN ('tcp', 'udp', 'icmp'))`,
    );
    await q.query(
      `ALTER TABLE lease_sources ADD COLUMN latest_block_start timestamptz NOT NULL DEFAULT '-infinity'`,
    );
    await q.query(`
      UPDATE lease_sources s SET latest_block_start = coalesce((
        SELECT max(b.starts) FROM nat_port_blocks b WHERE b.source_id = s.id), '-infinity')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lease_sources DROP COLUMN latest_block_start`);
    await q.query(`ALTER TABLE nat_port_blocks DROP COLUMN protocol`);
  }
}
