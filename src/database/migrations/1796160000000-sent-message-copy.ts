import { MigrationInterface, QueryRunner } from 'typeorm';

// The warning as it was sent, for the desk (issue #19): the subject, text and HTML parts
// rendered a second time at composition with the identity fields replaced by placeholders
// ("[subscriber name]", "[personal challenge link]"). No identity is stored here; legal staff
// put it back through the audited identity path and check the result against the hashes of
// what was sent (text_sha256, html_sha256). docs/decisions.md says why.
export class SentMessageCopy1796160000000 implements MigrationInterface {
  name = 'SentMessageCopy1796160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbound_messages
        ADD COLUMN masked_subject text,
        ADD COLUMN masked_text text,
        ADD COLUMN masked_html text`);
    // "Assigned to me" over challenges, as notices_assigned_idx does for notices.
    await q.query(
      `CREATE INDEX challenges_assigned_idx ON challenges (assigned_to, created_at)
        WHERE assigned_to IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX challenges_assigned_idx`);
    await q.query(`
      ALTER TABLE outbound_messages
        DROP COLUMN masked_subject, DROP COLUMN masked_text, DROP COLUMN masked_html`);
  }
}
