import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { bigCountRow, checkedRow, checkedRows, col, idRow } from '../../database/checked-rows';
import { preparedQuery } from '../../database/prepared-query';
import {
  ITEM_COLUMNS,
  itemColumns,
  itemRow,
  NOTICE_COLUMNS,
  noticeRow,
  noticeSummaryRow,
} from './intake-rows';
import {
  ItemStatus,
  NewItem,
  NewNotice,
  NoticeStatus,
  NoticeSummaryRow,
  NoticeWithItems,
} from './intake.types';

export interface NoticeListFilter {
  organisationId?: string;
  status?: NoticeStatus;
  // With status 'refused': also notices with at least one refused item (counsel's "Refused"
  // means anything of theirs we refused, issue #19).
  refusedIncludesItems?: boolean;
  // Notices with at least one item in this state (the desk's "outcome" filter).
  itemStatus?: ItemStatus;
  // Received at or after `from`, before `to`.
  from?: Date;
  to?: Date;
  // The sender's case id (substring, any case) or the exact reference.
  search?: string;
  limit: number;
  offset: number;
}

const originalRow = z
  .object({ original: col.bytea, media_type: col.text })
  .transform((r) => ({ original: r.original, mediaType: r.media_type }));

// Notices: stored whole with their items, read by id or reference, listed for the desk and
// the sender, invalidated (ER-3).
@Injectable()
export class NoticeRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findNoticeIdByIdempotencyKey(organisationId: string, key: string): Promise<string | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT id FROM notices WHERE organisation_id = $1 AND idempotency_key = $2`,
      [organisationId, key],
    );
    return checkedRows(idRow, 'findNoticeIdByIdempotencyKey', rows)[0]?.id ?? null;
  }

  // One statement, so the notice and all its items are stored together or not at all.
  async insertNotice(n: NewNotice, items: NewItem[]): Promise<void> {
    await preparedQuery(
      this.ds,
      'intake_insert_notice',
      `WITH notice AS (
         INSERT INTO notices (id, reference, organisation_id, channel, source_format, media_type,
           original, original_sha256, sender_address, case_id, owner_name, claimant, parsed,
           warnings, checks, status, refusal_code, refusal_reason, idempotency_key,
           good_faith_statement, accuracy_statement, settlement_flagged, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23)
         RETURNING id)
       INSERT INTO notice_items (id, notice_id, position, ip, port, observed_at, protocol,
         application, title, file_name, file_size, hash_type, hash, peer_id, dedupe_key, status,
         reason_code, reason, duplicate_of, accepted_at, expected_at)
       SELECT u.id, notice.id, u.position, u.ip, u.port, u.observed_at, u.protocol, u.application,
              u.title, u.file_name, u.file_size, u.hash_type, u.hash, u.peer_id, u.dedupe_key,
              u.status, u.reason_code, u.reason, u.duplicate_of, u.accepted_at, u.expected_at
         FROM notice,
              unnest($24::uuid[], $25::int[], $26::inet[], $27::int[], $28::timestamptz[],
                     $29::text[], $30::text[], $31::text[], $32::text[], $33::bigint[],
                     $34::text[], $35::text[], $36::text[], $37::text[], $38::text[], $39::text[],
                     $40::text[], $41::uuid[], $42::timestamptz[], $43::timestamptz[])
           AS u(id, position, ip, port, observed_at, protocol, application, title, file_name,
                file_size, hash_type, hash, peer_id, dedupe_key, status, reason_code, reason,
                duplicate_of, accepted_at, expected_at)`,
      [
        n.id,
        n.reference,
        n.organisationId,
        n.channel,
        n.sourceFormat,
        n.mediaType,
        n.original,
        n.originalSha256,
        n.senderAddress,
        n.parsed?.caseId ?? null,
        n.parsed?.owner ?? null,
        JSON.stringify(n.parsed?.complainant ?? {}),
        JSON.stringify(n.parsed ?? {}),
        JSON.stringify(n.parsed?.warnings ?? []),
        JSON.stringify(n.checks),
        n.status,
        n.refusalCode,
        n.refusalReason,
        n.idempotencyKey,
        n.goodFaithStatement,
        n.accuracyStatement,
        n.settlementFlagged,
        n.receivedAt,
        ...itemColumns(items),
      ],
    );
  }

  // ER-3: an accepted notice found invalid afterwards becomes 'rejected' (code 'invalidated');
  // its items not yet forwarded will never be. `alsoInTransaction` runs in the same commit
  // (the strikes' withdrawal). null when the notice is not 'accepted'.
  async invalidateNotice<T>(
    noticeId: string,
    reason: string,
    alsoInTransaction: (em: EntityManager) => Promise<T>,
  ): Promise<T | null> {
    return this.ds.transaction(async (em: EntityManager) => {
      const res: [unknown[], number] = await em.query(
        `UPDATE notices SET status = 'rejected', refusal_code = 'invalidated',
                refusal_reason = $2, updated_at = now()
          WHERE id = $1 AND status = 'accepted'`,
        [noticeId, reason],
      );
      if (res[1] !== 1) return null;
      await em.query(
        `UPDATE notice_items SET status = 'not_forwarded', reason_code = 'notice_invalidated',
                reason = $2, updated_at = now()
          WHERE notice_id = $1 AND status IN ('accepted', 'queued', 'held', 'attributed')`,
        [noticeId, reason],
      );
      return alsoInTransaction(em);
    });
  }

  async originalOf(noticeId: string): Promise<{ original: Buffer; mediaType: string } | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT original, media_type FROM notices WHERE id = $1`,
      [noticeId],
    );
    return checkedRows(originalRow, 'originalOf', rows)[0] ?? null;
  }

  async findNotice(
    by: { id: string } | { reference: string },
    organisationId?: string,
  ): Promise<NoticeWithItems | null> {
    const [where, value] = 'id' in by ? ['n.id = $1', by.id] : ['n.reference = $1', by.reference];
    const params: unknown[] = [value];
    let scope = '';
    if (organisationId !== undefined) {
      params.push(organisationId);
      scope = ' AND n.organisation_id = $2';
    }
    const rows: unknown[] = await this.ds.query(
      `SELECT ${NOTICE_COLUMNS} FROM notices n LEFT JOIN organisations o ON o.id = n.organisation_id
        WHERE ${where}${scope}`,
      params,
    );
    if (rows.length === 0) return null;
    const notice = checkedRow(noticeRow, 'findNotice', rows[0]);
    const items: unknown[] = await this.ds.query(
      `SELECT ${ITEM_COLUMNS} FROM notice_items i WHERE i.notice_id = $1 ORDER BY i.position`,
      [notice.id],
    );
    return { notice, items: checkedRows(itemRow, 'findNotice', items) };
  }

  async listNotices(f: NoticeListFilter): Promise<{ total: number; rows: NoticeSummaryRow[] }> {
    const conds: string[] = [];
    const params: unknown[] = [];
    if (f.organisationId !== undefined) {
      params.push(f.organisationId);
      conds.push(`n.organisation_id = $${params.length}`);
    }
    if (f.status === 'refused' && f.refusedIncludesItems) {
      conds.push(`(n.status = 'refused' OR EXISTS (SELECT 1 FROM notice_items x
        WHERE x.notice_id = n.id AND x.status = 'refused'))`);
    } else if (f.status !== undefined) {
      params.push(f.status);
      conds.push(`n.status = $${params.length}`);
    }
    if (f.itemStatus !== undefined) {
      params.push(f.itemStatus);
      conds.push(
        `EXISTS (SELECT 1 FROM notice_items x WHERE x.notice_id = n.id AND x.status = $${params.length})`,
      );
    }
    if (f.from !== undefined) {
      params.push(f.from);
      conds.push(`n.received_at >= $${params.length}`);
    }
    if (f.to !== undefined) {
      params.push(f.to);
      conds.push(`n.received_at < $${params.length}`);
    }
    if (f.search !== undefined && f.search !== '') {
      params.push(f.search);
      const p = params.length;
      conds.push(
        `(n.reference = upper($${p}) OR n.case_id ILIKE '%' || replace(replace(replace($${p}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')`,
      );
    }
    const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
    const total: unknown[] = await this.ds.query(
      `SELECT count(*) AS n FROM notices n ${where}`,
      params,
    );
    params.push(f.limit, f.offset);
    const rows: unknown[] = await this.ds.query(
      `SELECT n.id, n.reference, n.organisation_id, o.name AS organisation_name, n.channel,
              n.source_format, n.case_id, n.status, n.refusal_code, n.sender_address, n.received_at,
              COALESCE((SELECT jsonb_object_agg(s.status, s.n) FROM
                 (SELECT status, count(*) AS n FROM notice_items WHERE notice_id = n.id
                   GROUP BY status) s), '{}') AS item_counts
         FROM notices n LEFT JOIN organisations o ON o.id = n.organisation_id
         ${where}
        ORDER BY n.received_at DESC, n.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return {
      total: checkedRows(bigCountRow, 'listNotices', total)[0].n,
      rows: checkedRows(noticeSummaryRow, 'listNotices', rows),
    };
  }
}
