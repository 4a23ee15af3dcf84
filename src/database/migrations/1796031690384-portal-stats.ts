import { MigrationInterface, QueryRunner } from 'typeorm';

// The abuse desk's dashboard counts notices (and their items) received today and this month:
// a range on received_at alone, which the (status, received_at) and (organisation_id,
// received_at) indexes cannot serve.
export class PortalStats1796031690384 implements MigrationInterface {
  name = 'PortalStats1796031690384';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX notices_received_idx ON notices (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notices_received_idx`);
  }
}
