import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DailyCount } from './charts';
import type { StatusReasonCount } from './counsel-outcomes';

export interface IntakeCounts {
  noticesToday: number;
  noticesMonth: number;
  itemsToday: number;
  itemsMonth: number;
  // Waiting for the desk now, whenever they arrived.
  quarantined: number;
}

// Items grouped by where they ended up; reasonCode names the rule or attribution outcome.
export interface ItemOutcomeCount {
  status: string;
  reasonCode: string | null;
  today: number;
  month: number;
}

// Read-only figures for the dashboards. Aggregates only (one statement per figure set, no
// per-row queries); the time windows use notices_received_idx.
@Injectable()
export class PortalStatsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async leaseImportsPerDay(days: number): Promise<DailyCount[]> {
    const rows: Array<{ day: string; count: string }> = await this.ds.query(
      `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) AS count
         FROM lease_imports
        WHERE started_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                            - make_interval(days => $1 - 1)
        GROUP BY 1 ORDER BY 1`,
      [days],
    );
    return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
  }

  // Notices received per UTC day since `since` (a UTC midnight).
  async noticesPerDay(since: Date): Promise<DailyCount[]> {
    const rows: Array<{ day: string; count: number }> = await this.ds.query(
      `SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS count
         FROM notices WHERE received_at >= $1
        GROUP BY 1 ORDER BY 1`,
      [since],
    );
    return rows;
  }

  // Notices and their items received since the start of today and of this month (UTC).
  async intakeCounts(todayStart: Date, monthStart: Date): Promise<IntakeCounts> {
    const rows: IntakeCounts[] = await this.ds.query(
      `WITH n AS (SELECT id, received_at >= $1 AS today FROM notices WHERE received_at >= $2)
       SELECT (SELECT count(*) FILTER (WHERE today) FROM n)::int AS "noticesToday",
              (SELECT count(*) FROM n)::int AS "noticesMonth",
              (SELECT count(*) FILTER (WHERE n.today)
                 FROM n JOIN notice_items i ON i.notice_id = n.id)::int AS "itemsToday",
              (SELECT count(*) FROM n JOIN notice_items i ON i.notice_id = n.id)::int
                AS "itemsMonth",
              (SELECT count(*) FROM notices WHERE status = 'quarantined')::int AS quarantined`,
      [todayStart, monthStart],
    );
    return rows[0];
  }

  // Where the items of this month's notices are now, by status and reason code.
  async itemOutcomes(todayStart: Date, monthStart: Date): Promise<ItemOutcomeCount[]> {
    return this.ds.query(
      `SELECT i.status, i.reason_code AS "reasonCode",
              count(*) FILTER (WHERE n.received_at >= $1)::int AS today,
              count(*)::int AS month
         FROM notices n JOIN notice_items i ON i.notice_id = n.id
        WHERE n.received_at >= $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [todayStart, monthStart],
    );
  }

  // One sender's notices received since `since`, and their items by status and reason code.
  async senderMonth(
    organisationId: string,
    since: Date,
  ): Promise<{ notices: number; items: StatusReasonCount[] }> {
    const [notices, items] = await Promise.all([
      this.ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM notices WHERE organisation_id = $1 AND received_at >= $2`,
        [organisationId, since],
      ),
      this.ds.query<StatusReasonCount[]>(
        `SELECT i.status, i.reason_code AS "reasonCode", count(*)::int AS count
           FROM notices n JOIN notice_items i ON i.notice_id = n.id
          WHERE n.organisation_id = $1 AND n.received_at >= $2
          GROUP BY 1, 2 ORDER BY 1, 2`,
        [organisationId, since],
      ),
    ]);
    return { notices: notices[0].n, items };
  }
}
