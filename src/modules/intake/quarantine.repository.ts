import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { itemColumns } from './intake-rows';
import { NewItem, NewNotice } from './intake.types';

// Quarantined notices (no known sender): the desk names the sender and the notice gets its
// verdict and items, or the desk rejects it.
@Injectable()
export class QuarantineRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // A quarantined notice gets its sender and its verdict in one transaction.
  async resolveQuarantined(
    noticeId: string,
    organisationId: string,
    update: Pick<
      NewNotice,
      'checks' | 'status' | 'refusalCode' | 'refusalReason' | 'settlementFlagged'
    >,
    items: NewItem[],
  ): Promise<boolean> {
    return this.ds.transaction(async (em: EntityManager) => {
      const res: [unknown[], number] = await em.query(
        `UPDATE notices SET organisation_id = $2, checks = $3, status = $4, refusal_code = $5,
                refusal_reason = $6, settlement_flagged = $7, updated_at = now()
          WHERE id = $1 AND status = 'quarantined'`,
        [
          noticeId,
          organisationId,
          JSON.stringify(update.checks),
          update.status,
          update.refusalCode,
          update.refusalReason,
          update.settlementFlagged,
        ],
      );
      if (res[1] !== 1) return false;
      await this.insertItems(em, noticeId, items);
      return true;
    });
  }

  async rejectQuarantined(noticeId: string, reason: string): Promise<boolean> {
    const res: [unknown[], number] = await this.ds.query(
      `UPDATE notices SET status = 'rejected', refusal_code = 'rejected_by_desk',
              refusal_reason = $2, updated_at = now()
        WHERE id = $1 AND status = 'quarantined'`,
      [noticeId, reason],
    );
    return res[1] === 1;
  }

  private async insertItems(em: EntityManager, noticeId: string, items: NewItem[]): Promise<void> {
    if (items.length === 0) return;
    await em.query(
      `INSERT INTO notice_items (id, notice_id, position, ip, port, observed_at, protocol,
         application, title, file_name, file_size, hash_type, hash, peer_id, dedupe_key, status,
         reason_code, reason, duplicate_of, accepted_at, expected_at)
       SELECT u.id, $1, u.position, u.ip, u.port, u.observed_at, u.protocol, u.application,
              u.title, u.file_name, u.file_size, u.hash_type, u.hash, u.peer_id, u.dedupe_key,
              u.status, u.reason_code, u.reason, u.duplicate_of, u.accepted_at, u.expected_at
         FROM unnest($2::uuid[], $3::int[], $4::inet[], $5::int[], $6::timestamptz[], $7::text[],
                     $8::text[], $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[],
                     $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::uuid[],
                     $20::timestamptz[], $21::timestamptz[])
           AS u(id, position, ip, port, observed_at, protocol, application, title, file_name,
                file_size, hash_type, hash, peer_id, dedupe_key, status, reason_code, reason,
                duplicate_of, accepted_at, expected_at)`,
      [noticeId, ...itemColumns(items)],
    );
  }
}
