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
}
