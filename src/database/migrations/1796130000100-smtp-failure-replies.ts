import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #16: SMTP failure notes shown to the desk kept names and quoted addresses. The desk,
// the sender, the logs and the queues now get a failure category (outbound_messages.last_error
// and failure_category); the server's reply, verbatim, goes to this table of its own, read
// only by legal staff through an audited path (FailureReplyStore). Being its own table, it can
// move into the identity schema with the other identity tables under least-privilege roles.
export class SmtpFailureReplies1796130000100 implements MigrationInterface {
  name = 'SmtpFailureReplies1796130000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_messages ADD COLUMN failure_category text`);
    await q.query(`
      CREATE TABLE smtp_failure_replies (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES outbound_messages (id) ON DELETE CASCADE,
        attempt int NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        reply_code int,
        enhanced_status text,
        category text NOT NULL,
        raw_reply text NOT NULL
      )`);
    await q.query(
      `CREATE INDEX smtp_failure_replies_message_idx ON smtp_failure_replies (message_id, id)`,
    );
    // Notes written before this release may quote the server: keep them for legal staff, and
    // leave the desk a category.
    await q.query(`
      INSERT INTO smtp_failure_replies (message_id, attempt, at, reply_code, category, raw_reply)
      SELECT id, attempts, updated_at, substring(last_error FROM 'smtp ([0-9]{3})')::int, 'other',
             last_error
        FROM outbound_messages WHERE last_error ~ 'smtp [0-9]{3}'`);
    await q.query(`
      UPDATE outbound_messages SET failure_category = 'other', last_error = 'other'
       WHERE last_error ~ 'smtp [0-9]{3}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE smtp_failure_replies`);
    await q.query(`ALTER TABLE outbound_messages DROP COLUMN failure_category`);
  }
}
