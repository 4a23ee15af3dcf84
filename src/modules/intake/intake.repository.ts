import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  ItemRow,
  ItemStatus,
  NewItem,
  NewNotice,
  NoticeRow,
  NoticeStatus,
  NoticeSummaryRow,
  NoticeWithItems,
  SenderQualityRow,
} from './intake.types';
import type { SenderFacts } from './policy/notice-policy';

type Raw = Record<string, unknown>;

const NOTICE_COLUMNS = `n.id, n.reference, n.organisation_id, o.name AS organisation_name, n.channel,
  n.source_format, n.media_type, n.sender_address, n.case_id, n.owner_name, n.parsed, n.warnings,
  n.checks, n.status, n.refusal_code, n.refusal_reason, n.settlement_flagged, n.received_at,
  n.updated_at, n.good_faith_statement, n.accuracy_statement`;

// subscriber_account_id is deliberately never selected: it leaves this repository only as a
// foreign key written by the attribution step.
const ITEM_COLUMNS = `i.id, i.notice_id, i.position, host(i.ip) AS ip, i.port, i.observed_at,
  i.protocol, i.application, i.title, i.file_name, i.hash, i.status, i.reason_code, i.reason,
  i.duplicate_of, i.attribution_outcome, i.subscriber_ref, i.attribution, i.attributed_at,
  i.regime, i.forwarded_at, i.accepted_at, i.expected_at`;

const toNotice = (r: Raw): NoticeRow => ({
  id: r.id as string,
  reference: r.reference as string,
  organisationId: (r.organisation_id as string | null) ?? null,
  organisationName: (r.organisation_name as string | null) ?? null,
  channel: r.channel as NoticeRow['channel'],
  sourceFormat: r.source_format as string,
  mediaType: r.media_type as string,
  senderAddress: (r.sender_address as string | null) ?? null,
  caseId: (r.case_id as string | null) ?? null,
  ownerName: (r.owner_name as string | null) ?? null,
  parsed: (r.parsed as NoticeRow['parsed']) ?? null,
  warnings: (r.warnings as NoticeRow['warnings']) ?? [],
  checks: (r.checks as NoticeRow['checks']) ?? [],
  status: r.status as NoticeStatus,
  refusalCode: (r.refusal_code as string | null) ?? null,
  refusalReason: (r.refusal_reason as string | null) ?? null,
  settlementFlagged: Boolean(r.settlement_flagged),
  goodFaithStatement: Boolean(r.good_faith_statement),
  accuracyStatement: Boolean(r.accuracy_statement),
  receivedAt: r.received_at as Date,
  updatedAt: r.updated_at as Date,
});

const toItem = (r: Raw): ItemRow => ({
  id: r.id as string,
  noticeId: r.notice_id as string,
  position: Number(r.position),
  ip: (r.ip as string | null) ?? null,
  port: r.port === null ? null : Number(r.port),
  observedAt: (r.observed_at as Date | null) ?? null,
  protocol: (r.protocol as string | null) ?? null,
  application: (r.application as string | null) ?? null,
  title: (r.title as string | null) ?? null,
  fileName: (r.file_name as string | null) ?? null,
  hash: (r.hash as string | null) ?? null,
  status: r.status as ItemStatus,
  reasonCode: (r.reason_code as string | null) ?? null,
  reason: (r.reason as string | null) ?? null,
  duplicateOf: (r.duplicate_of as string | null) ?? null,
  attributionOutcome: (r.attribution_outcome as string | null) ?? null,
  subscriberRef: (r.subscriber_ref as string | null) ?? null,
  attribution: r.attribution ?? null,
  attributedAt: (r.attributed_at as Date | null) ?? null,
  regime: (r.regime as string | null) ?? null,
  forwardedAt: (r.forwarded_at as Date | null) ?? null,
  acceptedAt: (r.accepted_at as Date | null) ?? null,
  expectedAt: (r.expected_at as Date | null) ?? null,
});

// The 20 item columns as arrays, in the order both item inserts unnest them.
function itemColumns(items: NewItem[]): unknown[] {
  const col = <T>(f: (i: NewItem) => T) => items.map(f);
  return [
    col((i) => i.id),
    col((i) => i.position),
    col((i) => i.ip),
    col((i) => i.port),
    col((i) => i.observedAt),
    col((i) => i.protocol),
    col((i) => i.application),
    col((i) => i.title),
    col((i) => i.fileName),
    col((i) => (i.fileSize === null ? null : String(i.fileSize))),
    col((i) => i.hashType),
    col((i) => i.hash),
    col((i) => i.peerId),
    col((i) => i.dedupeKey),
    col((i) => i.status),
    col((i) => i.reasonCode),
    col((i) => i.reason),
    col((i) => i.duplicateOf),
    col((i) => i.acceptedAt),
    col((i) => i.expectedAt),
  ];
}

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

export interface ReservationRequest {
  organisationId: string;
  windowStart: Date;
  // Items wanting quota.
  wanted: number;
  // The items' duplicate keys, to look up.
  keys: string[];
}

export interface Reservation {
  granted: number;
  // The first stored item of each key found, by key.
  earlier: Map<string, { itemId: string; noticeId: string }>;
}

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

// Only this class touches notices, notice_items and intake_quota_windows for intake.
@Injectable()
export class IntakeRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findSender(organisationId: string): Promise<SenderFacts | null> {
    const rows: Raw[] = await this.ds.query(
      `SELECT o.name, o.accreditation, o.postal_address, o.contact_email,
              COALESCE(array_agg(r.owner_name) FILTER (WHERE r.owner_name IS NOT NULL), '{}') AS owners
         FROM organisations o LEFT JOIN represented_owners r ON r.organisation_id = o.id
        WHERE o.id = $1 GROUP BY o.id`,
      [organisationId],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      name: r.name as string,
      accreditation: r.accreditation as string,
      postalAddress: (r.postal_address as string | null) ?? null,
      contactEmail: (r.contact_email as string | null) ?? null,
      owners: r.owners as string[],
    };
  }

  // A registered sender address matches exactly, or by domain when registered as "@domain".
  async findOrganisationBySenderAddress(address: string): Promise<string | null> {
    const a = address.trim().toLowerCase();
    const domain = `@${a.split('@').pop() ?? ''}`;
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM organisations
        WHERE EXISTS (SELECT 1 FROM unnest(sender_addresses) s WHERE lower(s) IN ($1, $2))
        ORDER BY created_at LIMIT 1`,
      [a, domain],
    );
    return rows[0]?.id ?? null;
  }

  async organisationExists(id: string): Promise<boolean> {
    const rows: Raw[] = await this.ds.query(`SELECT 1 FROM organisations WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  // Grants up to `wanted` of the window's remaining quota in one statement (no lock held
  // afterwards): SET expressions read the old row, so last_grant is what this call got.
  async reserveQuota(
    organisationId: string,
    windowStart: Date,
    wanted: number,
    quota: number,
  ): Promise<number> {
    if (wanted <= 0) return 0;
    const rows: Array<{ last_grant: number }> = await this.ds.query(
      `INSERT INTO intake_quota_windows AS w (organisation_id, window_start, used, last_grant)
       VALUES ($1, $2, LEAST($3::int, $4::int), LEAST($3::int, $4::int))
       ON CONFLICT (organisation_id, window_start) DO UPDATE
         SET last_grant = LEAST(w.used + $3::int, $4::int) - LEAST(w.used, $4::int),
             used = GREATEST(w.used, LEAST(w.used + $3::int, $4::int))
       RETURNING last_grant`,
      [organisationId, windowStart, wanted, quota],
    );
    return Math.max(0, Number(rows[0].last_grant));
  }

  // reserveQuota and findFirstItemsByDedupeKey in one round trip (the intake hot path).
  async reserveQuotaAndFindDuplicates(
    organisationId: string,
    windowStart: Date,
    wanted: number,
    quota: number,
    keys: string[],
  ): Promise<Reservation> {
    const [one] = await this.reserveQuotasAndFindDuplicates(quota, [
      { organisationId, windowStart, wanted, keys },
    ]);
    return one;
  }

  // The same for several notices at once (NoticeVerdictService gathers the notices arriving
  // together, issue #15): one statement, one transaction. A sender's window is reserved once
  // for the sum its notices want, and the grant is shared out in the order given, each notice
  // taking what it wants while any is left: what reserving one notice after the other grants.
  // Committed without waiting for the WAL flush (synchronous_commit off for this statement
  // only): every concurrent notice of a sender updates this one row, and holding its lock through
  // a flush (about 4 ms here) capped a sender at a few hundred notices a second. Nothing is lost
  // that matters: the notices' own inserts commit synchronously afterwards, and flushing their
  // commit flushes the WAL before it, this reservation included; a crash in between loses only
  // the reservation of notices never stored, which a refund would have undone anyway.
  async reserveQuotasAndFindDuplicates(
    quota: number,
    requests: ReservationRequest[],
  ): Promise<Reservation[]> {
    if (requests.length === 0) return [];
    const windowKey = (organisationId: string, windowStart: Date) =>
      `${organisationId.toLowerCase()}|${windowStart.getTime()}`;
    const sums = new Map<string, { organisationId: string; windowStart: Date; wanted: number }>();
    for (const r of requests) {
      const k = windowKey(r.organisationId, r.windowStart);
      const sum = sums.get(k);
      if (sum) sum.wanted += Math.max(0, r.wanted);
      else sums.set(k, { ...r, wanted: Math.max(0, r.wanted) });
    }
    const windows = [...sums.values()];
    const keys = [...new Set(requests.flatMap((r) => r.keys))];
    // The proposed row's `used` is LEAST(wanted, quota), which on a conflict adds up to the same
    // as the wanted count itself: LEAST(used + LEAST(wanted, quota), quota) =
    // LEAST(used + wanted, quota) whenever used >= 0. SET expressions read the old row, so
    // last_grant is what this statement got. The last branch only switches the commit mode.
    const rows = await this.prepared<{
      kind: 'grant' | 'earlier' | 'mode';
      organisation_id: string | null;
      window_start: Date | null;
      granted: number | null;
      id: string | null;
      notice_id: string | null;
      dedupe_key: string | null;
    }>(
      'intake_reserve_quotas_find_duplicates',
      `WITH grant_rows AS (
           INSERT INTO intake_quota_windows AS w (organisation_id, window_start, used, last_grant)
           SELECT u.organisation_id, u.window_start, LEAST(u.wanted, $1::int),
                  LEAST(u.wanted, $1::int)
             FROM unnest($2::uuid[], $3::timestamptz[], $4::int[])
               AS u(organisation_id, window_start, wanted)
            WHERE u.wanted > 0
           ON CONFLICT (organisation_id, window_start) DO UPDATE
             SET last_grant = LEAST(w.used + EXCLUDED.used, $1::int) - LEAST(w.used, $1::int),
                 used = GREATEST(w.used, LEAST(w.used + EXCLUDED.used, $1::int))
           RETURNING organisation_id, window_start, last_grant)
         SELECT 'grant' AS kind, g.organisation_id, g.window_start, g.last_grant AS granted,
                NULL::uuid AS id, NULL::uuid AS notice_id, NULL::text AS dedupe_key
           FROM grant_rows g
         UNION ALL
         SELECT 'earlier', NULL, NULL, NULL, i.id, i.notice_id, i.dedupe_key
           FROM notice_items i
          WHERE i.dedupe_key = ANY($5::text[]) AND i.status <> 'duplicate'
         UNION ALL
         SELECT 'mode', NULL, NULL, NULL, NULL, NULL, set_config('synchronous_commit', 'off', true)`,
      [
        quota,
        windows.map((w) => w.organisationId),
        windows.map((w) => w.windowStart),
        windows.map((w) => w.wanted),
        keys,
      ],
    );
    const left = new Map<string, number>();
    const earlier = new Map<string, { itemId: string; noticeId: string }>();
    for (const r of rows) {
      if (r.kind === 'grant' && r.organisation_id !== null && r.window_start !== null) {
        const k = windowKey(r.organisation_id, new Date(r.window_start));
        left.set(k, Math.max(0, Number(r.granted ?? 0)));
      } else if (r.kind === 'earlier' && r.id && r.notice_id && r.dedupe_key) {
        earlier.set(r.dedupe_key, { itemId: r.id, noticeId: r.notice_id });
      }
    }
    return requests.map((r) => {
      const k = windowKey(r.organisationId, r.windowStart);
      const available = left.get(k) ?? 0;
      const granted = Math.min(Math.max(0, r.wanted), available);
      left.set(k, available - granted);
      const own = new Map<string, { itemId: string; noticeId: string }>();
      for (const key of r.keys) {
        const hit = earlier.get(key);
        if (hit) own.set(key, hit);
      }
      return { granted, earlier: own };
    });
  }

  async refundQuota(organisationId: string, windowStart: Date, n: number): Promise<void> {
    if (n <= 0) return;
    await this.ds.query(
      `UPDATE intake_quota_windows SET used = GREATEST(0, used - $3)
        WHERE organisation_id = $1 AND window_start = $2`,
      [organisationId, windowStart, n],
    );
  }

  async findNoticeIdByIdempotencyKey(organisationId: string, key: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM notices WHERE organisation_id = $1 AND idempotency_key = $2`,
      [organisationId, key],
    );
    return rows[0]?.id ?? null;
  }

  // One statement, so the notice and all its items are stored together or not at all.
  async insertNotice(n: NewNotice, items: NewItem[]): Promise<void> {
    await this.prepared(
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

  // The intake hot path's statements run prepared under a name: PostgreSQL then plans each once
  // per connection instead of on every notice (planning the 43-parameter insert cost about as
  // much as running it). Same pool as every other query.
  private async prepared<R>(name: string, text: string, values: unknown[]): Promise<R[]> {
    const pool = (this.ds.driver as PostgresDriver).master as Pool;
    return (await pool.query<R & object>({ name, text, values })).rows;
  }

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

  async originalOf(noticeId: string): Promise<{ original: Buffer; mediaType: string } | null> {
    const rows: Array<{ original: Buffer; media_type: string }> = await this.ds.query(
      `SELECT original, media_type FROM notices WHERE id = $1`,
      [noticeId],
    );
    return rows[0] ? { original: rows[0].original, mediaType: rows[0].media_type } : null;
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
    const rows: Raw[] = await this.ds.query(
      `SELECT ${NOTICE_COLUMNS} FROM notices n LEFT JOIN organisations o ON o.id = n.organisation_id
        WHERE ${where}${scope}`,
      params,
    );
    if (rows.length === 0) return null;
    const notice = toNotice(rows[0]);
    const items: Raw[] = await this.ds.query(
      `SELECT ${ITEM_COLUMNS} FROM notice_items i WHERE i.notice_id = $1 ORDER BY i.position`,
      [notice.id],
    );
    return { notice, items: items.map(toItem) };
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
    const total: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM notices n ${where}`,
      params,
    );
    params.push(f.limit, f.offset);
    const rows: Raw[] = await this.ds.query(
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
      total: Number(total[0].n),
      rows: rows.map((r) => ({
        id: r.id as string,
        reference: r.reference as string,
        organisationId: (r.organisation_id as string | null) ?? null,
        organisationName: (r.organisation_name as string | null) ?? null,
        channel: r.channel as NoticeSummaryRow['channel'],
        sourceFormat: r.source_format as string,
        caseId: (r.case_id as string | null) ?? null,
        status: r.status as NoticeStatus,
        refusalCode: (r.refusal_code as string | null) ?? null,
        senderAddress: (r.sender_address as string | null) ?? null,
        receivedAt: r.received_at as Date,
        itemCounts: Object.fromEntries(
          Object.entries(r.item_counts as Record<string, unknown>).map(([k, v]) => [k, Number(v)]),
        ),
      })),
    };
  }

  // Up to `limit` items of these notices still waiting for attribution, each with its notice's
  // VA-2 flag.
  async acceptedItemsOf(
    noticeIds: string[],
    limit: number,
  ): Promise<Array<{ item: ItemRow; settlement: boolean }>> {
    if (noticeIds.length === 0) return [];
    const rows: Raw[] = await this.ds.query(
      `SELECT ${ITEM_COLUMNS}, n.settlement_flagged
         FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.notice_id = ANY($1::uuid[]) AND i.status = 'accepted'
        ORDER BY i.notice_id, i.position
        LIMIT $2`,
      [noticeIds, limit],
    );
    return rows.map((r) => ({ item: toItem(r), settlement: r.settlement_flagged === true }));
  }

  // Pseudonymous reference -> account id and regime (IN-8); identity is not read.
  async accountsByReference(
    refs: string[],
  ): Promise<Map<string, { accountId: string; regime: string }>> {
    const out = new Map<string, { accountId: string; regime: string }>();
    if (refs.length === 0) return out;
    const rows: Array<{ id: string; reference: string; regime: string }> = await this.ds.query(
      `SELECT id, reference, regime FROM subscriber_accounts WHERE reference = ANY($1::text[])`,
      [refs],
    );
    for (const r of rows) out.set(r.reference, { accountId: r.id, regime: r.regime });
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
      [
        rows.map((r) => r.itemId),
        rows.map((r) => r.status),
        rows.map((r) => r.reasonCode),
        rows.map((r) => r.reason),
        rows.map((r) => r.outcome),
        rows.map((r) => r.subscriberAccountId),
        rows.map((r) => r.subscriberRef),
        rows.map((r) => r.regime),
        rows.map((r) => JSON.stringify(r.attribution)),
      ],
    );
    return res[1];
  }

  async organisationsWithQueuedItems(): Promise<string[]> {
    const rows: Array<{ organisation_id: string }> = await this.ds.query(
      `SELECT DISTINCT n.organisation_id FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.status = 'queued' AND n.organisation_id IS NOT NULL`,
    );
    return rows.map((r) => r.organisation_id);
  }

  // Oldest first; returns the notices whose items moved to `accepted`.
  async releaseQueued(
    organisationId: string,
    limit: number,
  ): Promise<{ released: number; notices: string[] }> {
    if (limit <= 0) return { released: 0, notices: [] };
    // An UPDATE through TypeORM answers [rows, affected].
    const [rows]: [Array<{ notice_id: string }>, number] = await this.ds.query(
      `UPDATE notice_items i SET status = 'accepted', accepted_at = now(), expected_at = NULL,
              reason_code = NULL, reason = NULL, updated_at = now()
        WHERE i.id IN (
          SELECT i2.id FROM notice_items i2 JOIN notices n ON n.id = i2.notice_id
           WHERE i2.status = 'queued' AND n.organisation_id = $1
           ORDER BY i2.created_at, i2.position LIMIT $2 FOR UPDATE OF i2 SKIP LOCKED)
        RETURNING i.notice_id`,
      [organisationId, limit],
    );
    return { released: rows.length, notices: [...new Set(rows.map((r) => r.notice_id))] };
  }

  async countQueued(organisationId: string): Promise<number> {
    const rows: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE i.status = 'queued' AND n.organisation_id = $1`,
      [organisationId],
    );
    return Number(rows[0].n);
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
    const rows: Array<{ notice_id: string }> = await this.ds.query(
      `SELECT DISTINCT notice_id FROM notice_items
        WHERE status = 'accepted' AND COALESCE(accepted_at, created_at) < now() - make_interval(secs => $1)
        LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.notice_id);
  }

  // VA-6: how good a sender's notices have been.
  // Every sender's figures, or only those of the given organisations.
  async senderQuality(organisationIds?: readonly string[]): Promise<SenderQualityRow[]> {
    const rows: Raw[] = await this.ds.query(
      `SELECT o.id, o.name, o.accreditation,
              count(DISTINCT n.id) AS notices,
              count(i.id) AS items,
              count(i.id) FILTER (WHERE i.status = 'refused') AS refused,
              count(i.id) FILTER (WHERE i.attribution_outcome IS NOT NULL
                                    AND i.attribution_outcome <> 'unique') AS unmatched,
              count(i.id) FILTER (WHERE i.challenged_at IS NOT NULL) AS challenged,
              count(i.id) FILTER (WHERE i.status = 'forwarded') AS forwarded
         FROM organisations o
         LEFT JOIN notices n ON n.organisation_id = o.id
         LEFT JOIN notice_items i ON i.notice_id = n.id AND i.status <> 'duplicate'
        WHERE ($1::uuid[] IS NULL OR o.id = ANY($1::uuid[]))
        GROUP BY o.id ORDER BY o.name`,
      [organisationIds ?? null],
    );
    return rows.map((r) => ({
      organisationId: r.id as string,
      organisationName: r.name as string,
      accreditation: r.accreditation as string,
      notices: Number(r.notices),
      items: Number(r.items),
      refused: Number(r.refused),
      unmatched: Number(r.unmatched),
      challenged: Number(r.challenged),
      forwarded: Number(r.forwarded),
    }));
  }
}
