import { MigrationInterface, QueryRunner } from 'typeorm';

// The mail relay hands messages to Redis in batches. Each row remembers the batch (the Bull job
// id) it was last handed over in: only that job may claim it or reconcile its interrupted send,
// so a message that ends up in two jobs (Redis lost one, the desk retried it) is never sent
// twice nor parked while another job is sending it.
export class MailBatches1796031740725 implements MigrationInterface {
  name = 'MailBatches1796031740725';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_messages ADD COLUMN batch_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_messages DROP COLUMN batch_id`);
  }
}
