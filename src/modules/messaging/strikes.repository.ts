import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

// ER-3: withdrawn strikes stay on record but no longer count. Runs inside the caller's
// transaction, so a notice marked invalid and its strikes' withdrawal commit together.
@Injectable()
export class StrikesRepository {
  async withdrawForNotice(em: EntityManager, noticeId: string, reason: string): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE strikes SET withdrawn_at = now(), withdrawn_reason = $2
        WHERE notice_id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [noticeId, reason],
    );
    return Array.isArray(res) && Array.isArray(res[0]) ? res[0].length : 0;
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
    return Array.isArray(res) && Array.isArray(res[0]) ? res[0].length : 0;
  }
}
