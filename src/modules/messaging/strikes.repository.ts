import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, countRow, idRow } from '../../database/checked-rows';
import { updatedRows } from '../../database/queries/messaging.sql';

const messageStrikesRow = z.object({ active: col.int, withdrawn: col.int });

// Strikes (ER-1..ER-3): counted by the digest, withdrawn by a challenge or an invalidated
// notice. Writes run inside the caller's transaction, so a notice marked invalid and its
// strikes' withdrawal commit together.
@Injectable()
export class StrikesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async countActiveStrikes(
    em: EntityManager,
    accountId: string,
    windowDays: number,
  ): Promise<number> {
    const rows: unknown[] = await em.query(
      `SELECT count(*)::int AS n FROM strikes
        WHERE subscriber_account_id = $1 AND withdrawn_at IS NULL
          AND counted_at > now() - make_interval(days => $2)`,
      [accountId, windowDays],
    );
    return checkedRows(countRow, 'countActiveStrikes', rows)[0].n;
  }

  async recordStrikes(
    em: EntityManager,
    s: {
      accountId: string;
      messageId: string;
      regime: string;
      stage: number;
      items: ReadonlyArray<{ id: string; noticeId: string }>;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO strikes (subscriber_account_id, item_id, notice_id, message_id, regime, stage)
       SELECT $1, item_id, notice_id, $2, $3, $4
         FROM unnest($5::uuid[], $6::uuid[]) AS t (item_id, notice_id)`,
      [
        s.accountId,
        s.messageId,
        s.regime,
        s.stage,
        s.items.map((i) => i.id),
        s.items.map((i) => i.noticeId),
      ],
    );
  }

  async strikesOfMessage(messageId: string): Promise<{ active: number; withdrawn: number }> {
    const rows: unknown[] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active,
              count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
         FROM strikes WHERE message_id = $1`,
      [messageId],
    );
    return checkedRows(messageStrikesRow, 'strikesOfMessage', rows)[0];
  }

  // ER-3: withdrawn strikes stay on record but no longer count.
  async withdrawStrikesOfMessage(
    em: EntityManager,
    messageId: string,
    reason: string,
  ): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE strikes SET withdrawn_at = now(), withdrawn_reason = $2
        WHERE message_id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [messageId, reason],
    );
    return checkedRows(idRow, 'withdrawStrikesOfMessage', updatedRows(res)).length;
  }

  async withdrawForNotice(em: EntityManager, noticeId: string, reason: string): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE strikes SET withdrawn_at = now(), withdrawn_reason = $2
        WHERE notice_id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [noticeId, reason],
    );
    return checkedRows(idRow, 'withdrawForNotice', updatedRows(res)).length;
  }

  // The notice a reference names (strikes:withdraw takes references).
  async findNoticeIdByReference(reference: string): Promise<string | null> {
    const rows: unknown[] = await this.ds.query(`SELECT id FROM notices WHERE reference = $1`, [
      reference,
    ]);
    return checkedRows(idRow, 'findNoticeIdByReference', rows)[0]?.id ?? null;
  }

  // A warning not yet sent whose items have all stopped (its notices were invalidated) is not
  // sent at all. Call after the items changed, in the same transaction. A message already
  // being sent is left alone; one that also warns about other notices still goes out.
  async cancelUnsentWarningsOfNotice(em: EntityManager, noticeId: string): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE outbound_messages m SET status = 'cancelled', last_error = 'notice_invalidated',
              updated_at = now()
        WHERE m.status IN ('pending', 'queued', 'failed')
          AND EXISTS (SELECT 1 FROM outbound_message_items mi
                        JOIN notice_items i ON i.id = mi.item_id
                       WHERE mi.message_id = m.id AND i.notice_id = $1)
          AND NOT EXISTS (SELECT 1 FROM outbound_message_items mi
                            JOIN notice_items i ON i.id = mi.item_id
                           WHERE mi.message_id = m.id AND i.status = 'attributed')
        RETURNING m.id`,
      [noticeId],
    );
    return checkedRows(idRow, 'cancelUnsentWarningsOfNotice', updatedRows(res)).length;
  }
}
