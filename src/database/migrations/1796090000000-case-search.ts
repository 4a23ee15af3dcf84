import { MigrationInterface, QueryRunner } from 'typeorm';

// The desk's case search (issue #19) at real volume: every filter it offers is served by an
// index, so a search over a million notices never reads the whole table.
// - free text over titles and file names, and parts of references and case ids: trigram GIN
//   indexes (pg_trgm), which serve ILIKE '%…%';
// - IP or prefix: a GiST index with inet_ops serves `ip <<= prefix`;
// - subscriber reference, reason code, port and observed time: plain b-trees.
// Saved searches are a user's named query strings; nothing in them identifies a subscriber
// beyond the pseudonymous reference the desk already sees.
export class CaseSearch1796090000000 implements MigrationInterface {
  name = 'CaseSearch1796090000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE INDEX notice_items_text_trgm_idx ON notice_items
        USING gin ((coalesce(title, '') || ' ' || coalesce(file_name, '')) gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX notices_reference_trgm_idx ON notices USING gin (reference gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX notices_case_id_trgm_idx ON notices USING gin (case_id gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX notice_items_ip_idx ON notice_items USING gist (ip inet_ops)`);
    await q.query(
      `CREATE INDEX notice_items_subscriber_ref_idx ON notice_items (subscriber_ref)
        WHERE subscriber_ref IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX notice_items_reason_idx ON notice_items (reason_code)
        WHERE reason_code IS NOT NULL`,
    );
    await q.query(`CREATE INDEX notice_items_port_idx ON notice_items (port, observed_at)`);
    await q.query(`CREATE INDEX notice_items_observed_idx ON notice_items (observed_at)`);
    await q.query(`
      CREATE TABLE saved_searches (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        query text NOT NULL CHECK (length(query) <= 2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_searches`);
    await q.query(`DROP INDEX notice_items_observed_idx`);
    await q.query(`DROP INDEX notice_items_port_idx`);
    await q.query(`DROP INDEX notice_items_reason_idx`);
    await q.query(`DROP INDEX notice_items_subscriber_ref_idx`);
    await q.query(`DROP INDEX notice_items_ip_idx`);
    await q.query(`DROP INDEX notices_case_id_trgm_idx`);
    await q.query(`DROP INDEX notices_reference_trgm_idx`);
    await q.query(`DROP INDEX notice_items_text_trgm_idx`);
    // pg_trgm stays: another migration may come to rely on it.
  }
}
