import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col } from '../../database/checked-rows';
import { preparedQuery } from '../../database/prepared-query';

const grantRow = z.object({ last_grant: col.int });

// Each sender's intake quota per window (intake_quota_windows), and the duplicate lookup that
// shares its round trip on the intake hot path.
@Injectable()
export class IntakeQuotaRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Grants up to `wanted` of the window's remaining quota in one statement (no lock held
  // afterwards): SET expressions read the old row, so last_grant is what this call got.
  async reserveQuota(
    organisationId: string,
    windowStart: Date,
    wanted: number,
    quota: number,
  ): Promise<number> {
    if (wanted <= 0) return 0;
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO intake_quota_windows AS w (organisation_id, window_start, used, last_grant)
       VALUES ($1, $2, LEAST($3::int, $4::int), LEAST($3::int, $4::int))
       ON CONFLICT (organisation_id, window_start) DO UPDATE
         SET last_grant = LEAST(w.used + $3::int, $4::int) - LEAST(w.used, $4::int),
             used = GREATEST(w.used, LEAST(w.used + $3::int, $4::int))
       RETURNING last_grant`,
      [organisationId, windowStart, wanted, quota],
    );
    return Math.max(0, checkedRows(grantRow, 'reserveQuota', rows)[0].last_grant);
  }

  // reserveQuota and findFirstItemsByDedupeKey in one round trip (the intake hot path).
  // Committed without waiting for the WAL flush (synchronous_commit off for this statement
  // only): every concurrent notice of a sender updates this one row, and holding its lock through
  // a flush (about 4 ms here) capped a sender at a few hundred notices a second. Nothing is lost
  // that matters: the notice's own insert commits synchronously afterwards, and flushing its
  // commit flushes the WAL before it, this reservation included; a crash in between loses only
  // the reservation of a notice that was never stored, which a refund would have undone anyway.
  async reserveQuotaAndFindDuplicates(
    organisationId: string,
    windowStart: Date,
    wanted: number,
    quota: number,
    keys: string[],
  ): Promise<{ granted: number; earlier: Map<string, { itemId: string; noticeId: string }> }> {
    // Not checked row by row: this is the intake hot path, and its columns are named in the
    // generic below (test/integration/intake-batch.int-spec.ts reads duplicates through it).
    const rows = await preparedQuery<{
      granted: number;
      id: string | null;
      notice_id: string | null;
      dedupe_key: string | null;
    }>(
      this.ds,
      'intake_reserve_quota_find_duplicates',
      `WITH grant_row AS (
           INSERT INTO intake_quota_windows AS w (organisation_id, window_start, used, last_grant)
           SELECT $1, $2, LEAST($3::int, $4::int), LEAST($3::int, $4::int) WHERE $3::int > 0
           ON CONFLICT (organisation_id, window_start) DO UPDATE
             SET last_grant = LEAST(w.used + $3::int, $4::int) - LEAST(w.used, $4::int),
                 used = GREATEST(w.used, LEAST(w.used + $3::int, $4::int))
           RETURNING last_grant)
         SELECT COALESCE((SELECT last_grant FROM grant_row), 0) AS granted,
                i.id, i.notice_id, i.dedupe_key
           FROM (SELECT set_config('synchronous_commit', 'off', true)) one
           LEFT JOIN notice_items i
             ON i.dedupe_key = ANY($5::text[]) AND i.status <> 'duplicate'`,
      [organisationId, windowStart, wanted, quota, keys],
    );
    const earlier = new Map<string, { itemId: string; noticeId: string }>();
    for (const r of rows) {
      if (r.id && r.notice_id && r.dedupe_key) {
        earlier.set(r.dedupe_key, { itemId: r.id, noticeId: r.notice_id });
      }
    }
    return { granted: Math.max(0, Number(rows[0]?.granted ?? 0)), earlier };
  }

  async refundQuota(organisationId: string, windowStart: Date, n: number): Promise<void> {
    if (n <= 0) return;
    await this.ds.query(
      `UPDATE intake_quota_windows SET used = GREATEST(0, used - $3)
        WHERE organisation_id = $1 AND window_start = $2`,
      [organisationId, windowStart, n],
    );
  }
}
