import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col } from '../../database/checked-rows';
import { UNMESSAGED } from '../../database/queries/messaging.sql';

export interface PendingItem {
  id: string;
  noticeId: string;
  regime: string;
}

const accountRow = z.object({ account_id: col.uuid }).transform((r) => r.account_id);
const pendingItemRow = z
  .object({ id: col.uuid, notice_id: col.uuid, regime: col.text.nullable() })
  .transform((r): PendingItem => ({
    id: r.id,
    noticeId: r.notice_id,
    regime: r.regime ?? 'generic',
  }));

// The warning digest's reads and writes: attributed items waiting for a warning, and the link
// from a warning to the items it is about.
@Injectable()
export class WarningRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // Accounts whose oldest unmessaged attributed item has waited the whole digest window.
  async findAccountsDueForDigest(windowSeconds: number, limit: number): Promise<string[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT i.subscriber_account_id AS account_id FROM notice_items i
        WHERE i.status = 'attributed' AND i.subscriber_account_id IS NOT NULL AND ${UNMESSAGED}
        GROUP BY 1
       HAVING min(coalesce(i.attributed_at, i.updated_at)) <= now() - make_interval(secs => $1)
        LIMIT $2`,
      [windowSeconds, limit],
    );
    return checkedRows(accountRow, 'findAccountsDueForDigest', rows);
  }

  // Locks the account's waiting items; a concurrent digest skips them.
  async lockPendingItems(em: EntityManager, accountId: string): Promise<PendingItem[]> {
    const rows: unknown[] = await em.query(
      `SELECT i.id, i.notice_id, i.regime FROM notice_items i
        WHERE i.subscriber_account_id = $1 AND i.status = 'attributed' AND ${UNMESSAGED}
        ORDER BY i.attributed_at, i.id
        FOR UPDATE OF i SKIP LOCKED`,
      [accountId],
    );
    return checkedRows(pendingItemRow, 'lockPendingItems', rows);
  }

  async linkItems(em: EntityManager, messageId: string, itemIds: string[]): Promise<void> {
    await em.query(
      `INSERT INTO outbound_message_items (message_id, item_id) SELECT $1, unnest($2::uuid[])`,
      [messageId, itemIds],
    );
  }

  async markItemsNotForwarded(
    em: EntityManager,
    itemIds: string[],
    reasonCode: string,
    reason: string,
  ): Promise<void> {
    await em.query(
      `UPDATE notice_items SET status = 'not_forwarded', reason_code = $2, reason = $3,
              updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'attributed'`,
      [itemIds, reasonCode, reason],
    );
  }
}
