import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col } from '../../database/checked-rows';
import { preparedQuery } from '../../database/prepared-query';

const grantRow = z.object({ last_grant: col.int });

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
    const windows = windowSums(requests);
    const keys = [...new Set(requests.flatMap((r) => r.keys))];
    const rows = await preparedQuery<ReservationRow>(
      this.ds,
      'intake_reserve_quotas_find_duplicates',
      RESERVE_AND_FIND_SQL,
      [
        quota,
        windows.map((w) => w.organisationId),
        windows.map((w) => w.windowStart),
        windows.map((w) => w.wanted),
        keys,
      ],
    );
    return shareOut(requests, readReservationRows(rows));
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

type Earlier = Map<string, { itemId: string; noticeId: string }>;

interface ReservationRow {
  kind: 'grant' | 'earlier' | 'mode';
  organisation_id: string | null;
  window_start: Date | null;
  granted: number | null;
  id: string | null;
  notice_id: string | null;
  dedupe_key: string | null;
}

// The proposed row's `used` is LEAST(wanted, quota), which on a conflict adds up to the same as
// the wanted count itself: LEAST(used + LEAST(wanted, quota), quota) = LEAST(used + wanted,
// quota) whenever used >= 0. SET expressions read the old row, so last_grant is what this
// statement got. The last branch only switches the commit mode.
const RESERVE_AND_FIND_SQL = `WITH grant_rows AS (
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
   SELECT 'mode', NULL, NULL, NULL, NULL, NULL, set_config('synchronous_commit', 'off', true)`;

const windowKey = (organisationId: string, windowStart: Date) =>
  `${organisationId.toLowerCase()}|${windowStart.getTime()}`;

// One entry per sender window: what its notices want together.
export function windowSums(
  requests: ReservationRequest[],
): Array<{ organisationId: string; windowStart: Date; wanted: number }> {
  const sums = new Map<string, { organisationId: string; windowStart: Date; wanted: number }>();
  for (const r of requests) {
    const k = windowKey(r.organisationId, r.windowStart);
    const sum = sums.get(k);
    if (sum) sum.wanted += Math.max(0, r.wanted);
    else
      sums.set(k, {
        organisationId: r.organisationId,
        windowStart: r.windowStart,
        wanted: Math.max(0, r.wanted),
      });
  }
  return [...sums.values()];
}

// The statement's rows: each window's grant, and the first stored item of each key found.
function readReservationRows(rows: ReservationRow[]): {
  grants: Map<string, number>;
  earlier: Earlier;
} {
  const grants = new Map<string, number>();
  const earlier: Earlier = new Map();
  for (const r of rows) {
    if (r.kind === 'grant' && r.organisation_id !== null && r.window_start !== null) {
      const k = windowKey(r.organisation_id, new Date(r.window_start));
      grants.set(k, Math.max(0, Number(r.granted ?? 0)));
    } else if (r.kind === 'earlier' && r.id && r.notice_id && r.dedupe_key) {
      earlier.set(r.dedupe_key, { itemId: r.id, noticeId: r.notice_id });
    }
  }
  return { grants, earlier };
}

// Each window's grant shared out in the order the notices came, each taking what it wants while
// any is left; each notice gets the earlier items of its own keys.
export function shareOut(
  requests: ReservationRequest[],
  found: { grants: Map<string, number>; earlier: Earlier },
): Reservation[] {
  const left = new Map(found.grants);
  return requests.map((r) => {
    const k = windowKey(r.organisationId, r.windowStart);
    const available = left.get(k) ?? 0;
    const granted = Math.min(Math.max(0, r.wanted), available);
    left.set(k, available - granted);
    const own: Earlier = new Map();
    for (const key of r.keys) {
      const hit = found.earlier.get(key);
      if (hit) own.set(key, hit);
    }
    return { granted, earlier: own };
  });
}
