import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, IDENTITY_ROLE } from '../role-names';
import { applyObjectPrivileges, ident, Query } from '../roles';

// Issue 16, the identity the service role could still read (docs/decisions.md, section 20):
//  - a produced disclosure package's content and printable HTML (names, addresses) move to
//    identity.disclosure_package_contents, written and read only on the identity connection;
//    disclosure_packages keeps the record that a package was produced, its hash and its purge;
//  - the mail server's raw replies (smtp_failure_replies, which quote the recipient) move into
//    the identity schema as they are (SET SCHEMA keeps rows, ids, sequence and indexes);
//  - subscriber_accounts.account_number (the ISP's customer number) is no longer readable by the
//    service role: it keeps SELECT on the other columns (SERVICE_COLUMN_TABLES in roles.ts).
// Retention marks a package purged on the main connection; a trigger owned by the owner then
// deletes its content in the same transaction. It can only delete, never read.
export class IdentityPackagesAndReplies1796170000000 implements MigrationInterface {
  name = 'IdentityPackagesAndReplies1796170000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE smtp_failure_replies SET SCHEMA identity`);

    await q.query(`
      CREATE TABLE identity.disclosure_package_contents (
        request_id uuid PRIMARY KEY REFERENCES disclosure_requests (id) ON DELETE CASCADE,
        sha256 text NOT NULL,
        content jsonb,
        html text,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO identity.disclosure_package_contents (request_id, sha256, content, html,
        stored_at)
      SELECT request_id, sha256, content, html, produced_at FROM disclosure_packages
       WHERE content IS NOT NULL OR html IS NOT NULL`);
    await q.query(`ALTER TABLE disclosure_packages DROP COLUMN content, DROP COLUMN html`);

    await q.query(`
      CREATE FUNCTION disclosure_package_content_purge() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        DELETE FROM identity.disclosure_package_contents WHERE request_id = NEW.request_id;
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION disclosure_package_content_purge() FROM PUBLIC`);
    await q.query(`
      CREATE TRIGGER disclosure_package_purged AFTER UPDATE OF purged_at ON disclosure_packages
        FOR EACH ROW WHEN (NEW.purged_at IS NOT NULL)
        EXECUTE FUNCTION disclosure_package_content_purge()`);

    const [{ owner }] = (await q.query(`SELECT current_user AS owner`)) as Array<{
      owner: string;
    }>;
    const query: Query = (sql, params) => q.query(sql, params);
    await applyObjectPrivileges(query, owner);
  }

  async down(q: QueryRunner): Promise<void> {
    const app = ident(APP_ROLE);
    await q.query(`DROP TRIGGER disclosure_package_purged ON disclosure_packages`);
    await q.query(`DROP FUNCTION disclosure_package_content_purge()`);
    await q.query(`ALTER TABLE disclosure_packages ADD COLUMN content jsonb, ADD COLUMN html text`);
    await q.query(`
      UPDATE disclosure_packages p SET content = c.content, html = c.html
        FROM identity.disclosure_package_contents c WHERE c.request_id = p.request_id`);
    await q.query(`DROP TABLE identity.disclosure_package_contents`);
    await q.query(`ALTER TABLE identity.smtp_failure_replies SET SCHEMA public`);
    await q.query(`REVOKE ALL ON smtp_failure_replies FROM ${ident(IDENTITY_ROLE)}`);
    await q.query(
      `REVOKE ALL ON SEQUENCE smtp_failure_replies_id_seq FROM ${ident(IDENTITY_ROLE)}`,
    );
    // Back to what the service role had before: the whole tables.
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON smtp_failure_replies TO ${app}`);
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE smtp_failure_replies_id_seq TO ${app}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON subscriber_accounts TO ${app}`);
  }
}
