import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #14.
// - lease_imports.skipped: lines that belong to the source but carry no binding (other syslog
//   messages, HA-partner lines, address-less accounting records), counted apart from rejected
//   ones and never towards the error-ratio abort.
// - lease_sources.time_zone_configured: whether an operator named the source's zone (an
//   explicit UTC counts). A format whose lines carry no zone is not imported without one.
//   Sources created before this migration keep the zone they were given: marked configured,
//   since nothing records whether it was named or defaulted.
export class LeaseImportSkippedSourceZone1796040000000 implements MigrationInterface {
  name = 'LeaseImportSkippedSourceZone1796040000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lease_imports ADD COLUMN skipped bigint NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE lease_sources ADD COLUMN time_zone_configured boolean NOT NULL DEFAULT false`,
    );
    await q.query(`UPDATE lease_sources SET time_zone_configured = true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE lease_sources DROP COLUMN time_zone_configured`);
    await q.query(`ALTER TABLE lease_imports DROP COLUMN skipped`);
  }
}
