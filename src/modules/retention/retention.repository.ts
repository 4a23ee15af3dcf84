import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type HoldSubject = 'notice' | 'account' | 'request';

export interface HoldRow {
  id: string;
  subject_type: HoldSubject;
  subject_id: string;
  reason: string;
  created_by: string;
  created_at: Date;
  released_at: Date | null;
  released_by: string | null;
  release_reason: string | null;
}

export interface HoldWithReference extends HoldRow {
  // The notice, subscriber or request reference; null if the subject is gone.
  subject_reference: string | null;
}

export interface RetentionPeriods {
  now: Date;
  defaultRegime: string;
  genericDays: number;
  caDays: number;
  caProceedingsDays: number;
  frDays: number;
  usIdentityDays: number;
  packageDays: number;
}

// A notice, or anything tied to it, is protected while a hold covers the notice, an account
// among its items, or a request that cites it, and while an open request cites it (pending).
const NOTICE_PROTECTED = `(
  EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL
           AND h.subject_type = 'notice' AND h.subject_id = n.id)
  OR EXISTS (SELECT 1 FROM notice_items hi JOIN legal_holds h ON h.released_at IS NULL
           AND h.subject_type = 'account' AND h.subject_id = hi.subscriber_account_id
           WHERE hi.notice_id = n.id)
  OR EXISTS (SELECT 1 FROM disclosure_request_notices rn
           JOIN disclosure_requests r ON r.id = rn.request_id
           LEFT JOIN legal_holds h ON h.released_at IS NULL
             AND h.subject_type = 'request' AND h.subject_id = r.id
           WHERE rn.notice_id = n.id
             AND (h.id IS NOT NULL OR r.status NOT IN ('produced', 'refused', 'withdrawn'))))`;

// Days a regime keeps a notice: Canada 6 months, or a year once proceedings are noted (RA-1);
// France a year (RA-3); elsewhere the general notice period.
const REGIME_DAYS = (regime: string) => `CASE ${regime}
  WHEN 'ca' THEN CASE WHEN EXISTS (SELECT 1 FROM notice_proceedings p WHERE p.notice_id = n.id)
                      THEN $4::int ELSE $3::int END
  WHEN 'fr' THEN $5::int
  ELSE $2::int END`;

const NOTICES_DUE = `
  SELECT n.id, n.reference, ${NOTICE_PROTECTED} AS protected
    FROM notices n
   WHERE n.received_at < $1::timestamptz - make_interval(days => (
           SELECT COALESCE(max(${REGIME_DAYS(`COALESCE(i.regime, $6::text)`)}), ${REGIME_DAYS('$6::text')})
             FROM notice_items i WHERE i.notice_id = n.id))`;

@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // --- holds ---

  async resolveSubject(type: HoldSubject, ref: string): Promise<string | null> {
    const sql: Record<HoldSubject, string> = {
      notice: `SELECT id FROM notices WHERE reference = $1`,
      account: `SELECT id FROM subscriber_accounts WHERE reference = $1`,
      request: `SELECT id FROM disclosure_requests WHERE reference = $1
                 OR id::text = $1`,
    };
    const rows: Array<{ id: string }> = await this.ds.query(sql[type], [ref]);
    return rows[0]?.id ?? null;
  }

  async insertHold(
    em: EntityManager,
    h: { type: HoldSubject; subjectId: string; reason: string; by: string; at: Date },
  ): Promise<HoldRow> {
    const rows: HoldRow[] = await em.query(
      `INSERT INTO legal_holds (subject_type, subject_id, reason, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [h.type, h.subjectId, h.reason, h.by, h.at],
    );
    return rows[0];
  }

  async lockHold(em: EntityManager, id: string): Promise<HoldRow | null> {
    const rows: HoldRow[] = await em.query(`SELECT * FROM legal_holds WHERE id = $1 FOR UPDATE`, [
      id,
    ]);
    return rows[0] ?? null;
  }

  async releaseHold(
    em: EntityManager,
    id: string,
    r: { by: string; at: Date; reason: string },
  ): Promise<HoldRow> {
    await em.query(
      `UPDATE legal_holds SET released_at = $2, released_by = $3, release_reason = $4
        WHERE id = $1`,
      [id, r.at, r.by, r.reason],
    );
    return (await this.lockHold(em, id))!;
  }

  // A page of holds for people: active ones first, each with its subject's reference.
  async pageHolds(
    activeOnly: boolean,
    offset: number,
    limit: number,
  ): Promise<[HoldWithReference[], number]> {
    const rows: Array<HoldWithReference & { total: string }> = await this.ds.query(
      `SELECT h.*, COALESCE(n.reference, a.reference, r.reference) AS subject_reference,
              count(*) OVER () AS total
         FROM legal_holds h
         LEFT JOIN notices n ON h.subject_type = 'notice' AND n.id = h.subject_id
         LEFT JOIN subscriber_accounts a ON h.subject_type = 'account' AND a.id = h.subject_id
         LEFT JOIN disclosure_requests r ON h.subject_type = 'request' AND r.id = h.subject_id
        WHERE NOT $1 OR h.released_at IS NULL
        ORDER BY h.released_at IS NOT NULL, h.created_at DESC, h.id
        LIMIT $2 OFFSET $3`,
      [activeOnly, limit, offset],
    );
    const total = rows.length > 0 ? Number(rows[0].total) : await this.countHolds(activeOnly);
    return [rows.map(({ total: _total, ...h }) => h), total];
  }

  private async countHolds(activeOnly: boolean): Promise<number> {
    const rows: Array<{ n: string }> = await this.ds.query(
      `SELECT count(*) AS n FROM legal_holds WHERE NOT $1 OR released_at IS NULL`,
      [activeOnly],
    );
    return Number(rows[0].n);
  }

  async findHold(id: string): Promise<HoldWithReference | null> {
    const rows: HoldWithReference[] = await this.ds.query(
      `SELECT h.*, COALESCE(n.reference, a.reference, r.reference) AS subject_reference
         FROM legal_holds h
         LEFT JOIN notices n ON h.subject_type = 'notice' AND n.id = h.subject_id
         LEFT JOIN subscriber_accounts a ON h.subject_type = 'account' AND a.id = h.subject_id
         LEFT JOIN disclosure_requests r ON h.subject_type = 'request' AND r.id = h.subject_id
        WHERE h.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  listHolds(activeOnly: boolean): Promise<HoldRow[]> {
    return this.ds.query(
      `SELECT * FROM legal_holds WHERE NOT $1 OR released_at IS NULL
        ORDER BY created_at DESC LIMIT 1000`,
      [activeOnly],
    );
  }

  // --- proceedings (RA-1) ---

  async findNotice(
    reference: string,
  ): Promise<{ id: string; organisation_id: string | null } | null> {
    const rows: Array<{ id: string; organisation_id: string | null }> = await this.ds.query(
      `SELECT id, organisation_id FROM notices WHERE reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }

  async noteProceedings(
    em: EntityManager,
    noticeId: string,
    n: { at: Date; by: string; note: string },
  ): Promise<void> {
    await em.query(
      `INSERT INTO notice_proceedings (notice_id, noted_at, noted_by, note)
       VALUES ($1, $2, $3, $4) ON CONFLICT (notice_id) DO NOTHING`,
      [noticeId, n.at, n.by, n.note],
    );
  }

  // --- purge ---

  // Lease bindings of held accounts must survive: the earliest one bounds the partition cut-off.
  async earliestHeldBinding(): Promise<Date | null> {
    const rows: Array<{ starts: Date | null }> = await this.ds.query(
      `SELECT min(b.starts) AS starts FROM lease_bindings b
         JOIN subscriber_accounts a ON a.reference = b.account_ref
         JOIN legal_holds h ON h.released_at IS NULL AND h.subject_type = 'account'
                           AND h.subject_id = a.id`,
    );
    return rows[0]?.starts ?? null;
  }

  async noticesDue(
    em: EntityManager,
    p: RetentionPeriods,
  ): Promise<Array<{ id: string; reference: string; protected: boolean }>> {
    return em.query(`${NOTICES_DUE} ORDER BY n.received_at`, [
      p.now,
      p.genericDays,
      p.caDays,
      p.caProceedingsDays,
      p.frDays,
      p.defaultRegime,
    ]);
  }

  async deleteNotices(em: EntityManager, ids: string[]): Promise<void> {
    await em.query(`DELETE FROM notices WHERE id = ANY($1::uuid[])`, [ids]);
  }

  // RA-5: US identity links (account, reference, match evidence) once nothing is pending.
  async identityLinksDue(em: EntityManager, p: RetentionPeriods): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT i.id FROM notice_items i JOIN notices n ON n.id = i.notice_id
        WHERE COALESCE(i.regime, $3) = 'us'
          AND (i.subscriber_account_id IS NOT NULL OR i.attribution IS NOT NULL)
          AND COALESCE(i.attributed_at, n.received_at) < $1::timestamptz - make_interval(days => $2)
          AND NOT ${NOTICE_PROTECTED}`,
      [p.now, p.usIdentityDays, p.defaultRegime],
    );
    return rows.map((r) => r.id);
  }

  async cutIdentityLinks(em: EntityManager, itemIds: string[], at: Date): Promise<void> {
    await em.query(
      `UPDATE notice_items SET subscriber_account_id = NULL, subscriber_ref = NULL,
              attribution = NULL, updated_at = $2
        WHERE id = ANY($1::uuid[])`,
      [itemIds, at],
    );
  }

  // Finished messages past their regime's period, unless their account is held.
  async messagesDue(em: EntityManager, p: RetentionPeriods): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT m.id FROM outbound_messages m
        WHERE m.status IN ('sent', 'failed', 'dead', 'cancelled')
          AND m.created_at < $1::timestamptz - make_interval(days =>
                CASE m.regime WHEN 'ca' THEN $3::int WHEN 'fr' THEN $4::int ELSE $2::int END)
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL
                AND h.subject_type = 'account' AND h.subject_id = m.subscriber_account_id)`,
      [p.now, p.genericDays, p.caDays, p.frDays],
    );
    return rows.map((r) => r.id);
  }

  async deleteMessages(em: EntityManager, ids: string[]): Promise<void> {
    await em.query(`DELETE FROM outbound_messages WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async packagesDue(em: EntityManager, p: RetentionPeriods): Promise<string[]> {
    const rows: Array<{ request_id: string }> = await em.query(
      `SELECT k.request_id FROM disclosure_packages k
        WHERE k.purged_at IS NULL AND k.produced_at < $1::timestamptz - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL
                AND h.subject_type = 'request' AND h.subject_id = k.request_id)`,
      [p.now, p.packageDays],
    );
    return rows.map((r) => r.request_id);
  }

  // The package's content goes; the record that it was produced (and its hash) stays. The
  // content is in the identity schema, out of this role's reach: marking the package purged
  // deletes it in the same transaction (trigger disclosure_package_purged, issue 16).
  async purgePackages(em: EntityManager, requestIds: string[], at: Date): Promise<void> {
    await em.query(
      `UPDATE disclosure_packages SET purged_at = $2
        WHERE request_id = ANY($1::uuid[])`,
      [requestIds, at],
    );
  }
}
