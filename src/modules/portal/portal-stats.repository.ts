import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DailyCount } from './charts';

// Read-only figures for the dashboards, from tables that exist today.
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
}
