import { MigrationInterface, QueryRunner } from 'typeorm';

// The desk's search by an item filter alone (a reason code: 10,000 matches over a million
// notices took 1.95 s, issue #19): every match needs its notice's sort key and row columns,
// and looking each up in the notices table cost more, to the planner, than reading that table
// whole. With the columns a search row shows beside the key, each lookup is an index-only
// probe, which the planner takes (bench/search.bench.ts, "reason code").
export class CaseSearchNoticeCover1796230000100 implements MigrationInterface {
  name = 'CaseSearchNoticeCover1796230000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX notices_search_cover_idx ON notices (id)
        INCLUDE (received_at, reference, organisation_id, case_id, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notices_search_cover_idx`);
  }
}
