import { MigrationInterface, QueryRunner } from 'typeorm';

// Separation of duties (issue 16):
//  - an API key carries the scopes chosen when it was made; keys made before keep what their
//    role let them do (a complainant key: submit, read, disclosure);
//  - a person records who created them, and a legal person counts only once a second legal
//    person (or the server CLI, as an audited break-glass) has confirmed them. People made
//    before this are taken as confirmed.
export class IdentityControls1796060000000 implements MigrationInterface {
  name = 'IdentityControls1796060000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE api_keys SET scopes = CASE role
        WHEN 'complainant' THEN ARRAY['notices:submit', 'notices:read', 'disclosure']
        WHEN 'legal' THEN ARRAY['disclosure']
        ELSE '{}' END`);
    await q.query(`
      ALTER TABLE users
        ADD COLUMN created_by uuid REFERENCES users (id),
        ADD COLUMN confirmed_by uuid REFERENCES users (id),
        ADD COLUMN confirmed_at timestamptz`);
    await q.query(`UPDATE users SET confirmed_at = created_at`);
    await q.query(`CREATE INDEX api_keys_created_by_idx ON api_keys (created_by)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX api_keys_created_by_idx`);
    await q.query(
      `ALTER TABLE users DROP COLUMN confirmed_at, DROP COLUMN confirmed_by, DROP COLUMN created_by`,
    );
    await q.query(`ALTER TABLE api_keys DROP COLUMN scopes`);
  }
}
