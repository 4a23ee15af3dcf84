import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { bigCountRow, checkedRows, col, unnestColumns } from '../../database/checked-rows';
import { ITEM_COLUMNS, itemColumnsSchema, toItem } from './intake-rows';
import { ItemRow } from './intake.types';

export interface ItemAttribution {
  itemId: string;
  status: 'attributed' | 'not_forwarded';
  reasonCode: string | null;
  reason: string | null;
  outcome: string;
  subscriberAccountId: string | null;
  subscriberRef: string | null;
  regime: string;
  attribution: unknown;
}

const acceptedItemRow = z
  .object({ ...itemColumnsSchema, settlement_flagged: col.bool })
  .transform((r) => ({ item: toItem(r), settlement: r.settlement_flagged }));
const accountRow = z.object({ id: col.uuid, reference: col.text, regime: col.text });
const organisationRow = z.object({ organisation_id: col.uuid }).transform((r) => r.organisation_id);
const noticeIdRow = z.object({ notice_id: col.uuid }).transform((r) => r.notice_id);

// Notice items after intake: held items confirmed, queued items released as the quota allows,
// accepted items handed to attribution and its outcome recorded.
@Injectable()
export class NoticeItemRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Issue 15 §3: the desk confirms items read from plain text; they then go to attribution.
  async confirmHeldItems(noticeId: string): Promise<number> {
    const res: [unknown[], number] = await this.ds.query(
      `UPDATE notice_items SET status = 'accepted', accepted_at = now(), reason_code = NULL,
              reason = NULL, updated_at = now()
        WHERE notice_id = $1 AND status = 'held'
          AND EXISTS (SELECT 1 FROM notices n WHERE n.id = $1 AND n.status = 'accepted')`,
      [noticeId],
    );
    return res[1];
  }

  // Up to `limit` items of these notices still waiting for attribution, each with its notice's
  // VA-2 flag.
  async acceptedItemsOf(
    noticeIds: string[],
    limit: number,
  ): Promise<Array<{ item: ItemRow; settlement: boolean }>> {
    if (noticeIds.length === 0) return [];
    const rows: unknown[] = await this.ds.query(
      `SELECT ${ITEM_COLUMNS}, n.settlement_flagged
         FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.notice_id = ANY($1::uuid[]) AND i.status = 'accepted'
        ORDER BY i.notice_id, i.position
        LIMIT $2`,
      [noticeIds, limit],
    );
    return checkedRows(acceptedItemRow, 'acceptedItemsOf', rows);
  }

  // Pseudonymous reference -> account id and regime (IN-8); identity is not read.
  async accountsByReference(
    refs: string[],
  ): Promise<Map<string, { accountId: string; regime: string }>> {
    const out = new Map<string, { accountId: string; regime: string }>();
    if (refs.length === 0) return out;
    const rows: unknown[] = await this.ds.query(
      `SELECT id, reference, regime FROM subscriber_accounts WHERE reference = ANY($1::text[])`,
      [refs],
    );
    for (const r of checkedRows(accountRow, 'accountsByReference', rows))
      out.set(r.reference, { accountId: r.id, regime: r.regime });
    return out;
  }

  // Only items still `accepted` change, so a rerun of the job is harmless.
  async recordAttributions(rows: ItemAttribution[]): Promise<number> {
    if (rows.length === 0) return 0;
    const res: [unknown[], number] = await this.ds.query(
      `UPDATE notice_items i
          SET status = u.status, reason_code = u.reason_code, reason = u.reason,
              attribution_outcome = u.outcome, subscriber_account_id = u.account_id,
              subscriber_ref = u.ref, regime = u.regime, attribution = u.attribution,
              attributed_at = now(), updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::uuid[],
                     $7::text[], $8::text[], $9::jsonb[])
           AS u(id, status, reason_code, reason, outcome, account_id, ref, regime, attribution)
        WHERE i.id = u.id AND i.status = 'accepted'`,
      unnestColumns(rows, (r) => [
        r.itemId,
        r.status,
        r.reasonCode,
        r.reason,
        r.outcome,
        r.subscriberAccountId,
        r.subscriberRef,
        r.regime,
        JSON.stringify(r.attribution),
      ]),
    );
    return res[1];
  }

  async organisationsWithQueuedItems(): Promise<string[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT DISTINCT n.organisation_id FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.status = 'queued' AND n.organisation_id IS NOT NULL`,
    );
    return checkedRows(organisationRow, 'organisationsWithQueuedItems', rows);
  }

  // Oldest first; returns the notices whose items moved to `accepted`.
  async releaseQueued(
    organisationId: string,
    limit: number,
  ): Promise<{ released: number; notices: string[] }> {
    if (limit <= 0) return { released: 0, notices: [] };
    // An UPDATE through TypeORM answers [rows, affected].
    const [updated]: [unknown[], number] = await this.ds.query(
      `UPDATE notice_items i SET status = 'accepted', accepted_at = now(), expected_at = NULL,
              reason_code = NULL, reason = NULL, updated_at = now()
        WHERE i.id IN (
          SELECT i2.id FROM notice_items i2 JOIN notices n ON n.id = i2.notice_id
           WHERE i2.status = 'queued' AND n.organisation_id = $1
           ORDER BY i2.created_at, i2.position LIMIT $2 FOR UPDATE OF i2 SKIP LOCKED)
        RETURNING i.notice_id`,
      [organisationId, limit],
    );
    const notices = checkedRows(noticeIdRow, 'releaseQueued', updated);
    return { released: notices.length, notices: [...new Set(notices)] };
  }

  async countQueued(organisationId: string): Promise<number> {
    const rows: unknown[] = await this.ds.query(
      `SELECT count(*) AS n FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.status = 'queued' AND n.organisation_id = $1`,
      [organisationId],
    );
    return checkedRows(bigCountRow, 'countQueued', rows)[0].n;
  }

  async postponeQueued(organisationId: string, expectedAt: Date): Promise<void> {
    await this.ds.query(
      `UPDATE notice_items i SET expected_at = $2 FROM notices n
        WHERE n.id = i.notice_id AND i.status = 'queued' AND n.organisation_id = $1
          AND (i.expected_at IS NULL OR i.expected_at < $2)`,
      [organisationId, expectedAt],
    );
  }

  // Notices with accepted items that no job picked up (a lost enqueue, a job that was active
  // when a release added items).
  async staleAcceptedNotices(olderThanSeconds: number, limit: number): Promise<string[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT DISTINCT notice_id FROM notice_items
        WHERE status = 'accepted' AND COALESCE(accepted_at, created_at) < now() - make_interval(secs => $1)
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return checkedRows(noticeIdRow, 'staleAcceptedNotices', rows);
  }
}
