import { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'accepted', 'queued', 'refused', 'duplicate', 'attributed', 'forwarded', 'not_forwarded'`;

// Items read from plain text wait as `held` until the abuse desk confirms them (issue 15 §3):
// attribution takes only `accepted` items, so nothing reaches a subscriber before that.
export class NoticeItemHeld1796050000000 implements MigrationInterface {
  name = 'NoticeItemHeld1796050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice_items DROP CONSTRAINT notice_items_status_check`);
    await q.query(
      `ALTER TABLE notice_items ADD CONSTRAINT notice_items_status_check
         CHECK (status IN (${BEFORE}, 'held'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // A held item was never confirmed: going back, it is refused with that reason.
    await q.query(
      `UPDATE notice_items SET status = 'refused', reason_code = 'awaiting_confirmation'
        WHERE status = 'held'`,
    );
    await q.query(`ALTER TABLE notice_items DROP CONSTRAINT notice_items_status_check`);
    await q.query(
      `ALTER TABLE notice_items ADD CONSTRAINT notice_items_status_check CHECK (status IN (${BEFORE}))`,
    );
  }
}
