import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { RERESOLVE_ACCOUNTS } from '../../database/queries/lease-merge.sql';
import { ImportSession, PARTITIONED_TABLES } from './import-session';

export interface LeaseSourceRow {
  id: number;
  name: string;
  format: string;
  timeZone: string;
  // Whether an operator named the zone (an explicit UTC counts) rather than it defaulting.
  timeZoneConfigured: boolean;
  toleranceSeconds: number;
}

// A source with what is stored from it, for `leases:sources` and `leases:source:set`.
export interface LeaseSourceOverview extends LeaseSourceRow {
  bindings: number;
  blocks: number;
  imports: number;
  lastImportAt: Date | null;
  // The files imported so far, oldest first (for a re-import after a change).
  files: string[];
}

export interface ImportSummaryRow {
  id: number;
  source: string;
  fileName: string;
  format: string;
  status: string;
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  problems: Array<{ line: number; reason: string }>;
  startedAt: Date;
  finishedAt: Date | null;
}

@Injectable()
export class LeasesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async openImportSession(): Promise<ImportSession> {
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    // TypeORM's postgres runner exposes the pg client it holds once connected.
    const client = (qr as unknown as { databaseConnection: PoolClient }).databaseConnection;
    return new ImportSession(qr, client);
  }

  async findSource(name: string): Promise<LeaseSourceRow | null> {
    const rows: SourceDbRow[] = await this.ds.query(`${SOURCE_COLUMNS} WHERE name = $1`, [name]);
    return rows[0] ? sourceRow(rows[0]) : null;
  }

  async createSource(
    name: string,
    format: string,
    timeZone: string,
    toleranceSeconds: number,
    timeZoneConfigured: boolean,
  ): Promise<LeaseSourceRow> {
    await this.ds.query(
      `INSERT INTO lease_sources (name, format, time_zone, tolerance_seconds, time_zone_configured)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING`,
      [name, format, timeZone, toleranceSeconds, timeZoneConfigured],
    );
    return (await this.findSource(name))!;
  }

  async listSources(): Promise<LeaseSourceOverview[]> {
    const rows: Array<SourceDbRow & OverviewDbRow> = await this.ds.query(
      `${OVERVIEW_QUERY} ORDER BY s.name`,
    );
    return rows.map(overviewRow);
  }

  async sourceOverview(name: string): Promise<LeaseSourceOverview | null> {
    const rows: Array<SourceDbRow & OverviewDbRow> = await this.ds.query(
      `${OVERVIEW_QUERY} WHERE s.name = $1`,
      [name],
    );
    return rows[0] ? overviewRow(rows[0]) : null;
  }

  // Changes a source's zone and/or tolerance inside the caller's transaction (the audit entry
  // goes in the same one); returns the row as it was before, locked, or null if unknown.
  async updateSourceSettings(
    em: EntityManager,
    name: string,
    change: { timeZone?: string; toleranceSeconds?: number },
  ): Promise<{ before: LeaseSourceRow; after: LeaseSourceRow } | null> {
    const rows: SourceDbRow[] = await em.query(`${SOURCE_COLUMNS} WHERE name = $1 FOR UPDATE`, [
      name,
    ]);
    if (!rows[0]) return null;
    const before = sourceRow(rows[0]);
    const after: LeaseSourceRow = {
      ...before,
      timeZone: change.timeZone ?? before.timeZone,
      timeZoneConfigured: before.timeZoneConfigured || change.timeZone !== undefined,
      toleranceSeconds: change.toleranceSeconds ?? before.toleranceSeconds,
    };
    await em.query(
      `UPDATE lease_sources SET time_zone = $2, time_zone_configured = $3, tolerance_seconds = $4
       WHERE id = $1`,
      [before.id, after.timeZone, after.timeZoneConfigured, after.toleranceSeconds],
    );
    return { before, after };
  }

  // A source's stored rows, counted inside the caller's transaction (which holds its row lock).
  async storedRowCounts(
    em: EntityManager,
    sourceId: number,
  ): Promise<{ bindings: number; blocks: number }> {
    const [r]: Array<{ bindings: string; blocks: string }> = await em.query(
      `SELECT (SELECT count(*) FROM lease_bindings WHERE source_id = $1) AS bindings,
              (SELECT count(*) FROM nat_port_blocks WHERE source_id = $1) AS blocks`,
      [sourceId],
    );
    return { bindings: Number(r.bindings), blocks: Number(r.blocks) };
  }

  // Deletes every binding and port block of a source and resets what the import keeps about
  // them (the bounds its merge probes by), inside the caller's transaction; the import history
  // (lease_imports) stays. Returns what was deleted.
  async discardStoredRows(
    em: EntityManager,
    sourceId: number,
  ): Promise<{ bindings: number; blocks: number }> {
    const bindings: [unknown[], number] = await em.query(
      `DELETE FROM lease_bindings WHERE source_id = $1`,
      [sourceId],
    );
    const blocks: [unknown[], number] = await em.query(
      `DELETE FROM nat_port_blocks WHERE source_id = $1`,
      [sourceId],
    );
    await em.query(
      `UPDATE lease_sources SET longest_binding = '0', latest_cover = '-infinity',
         latest_block_start = '-infinity' WHERE id = $1`,
      [sourceId],
    );
    return { bindings: bindings[1], blocks: blocks[1] };
  }

  async startImport(sourceId: number, fileName: string, format: string): Promise<number> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO lease_imports (source_id, file_name, format, status) VALUES ($1, $2, $3, 'running') RETURNING id`,
      [sourceId, fileName, format],
    );
    return Number(rows[0].id);
  }

  async finishImport(
    id: number,
    status: 'completed' | 'aborted' | 'failed',
    counts: {
      rowsRead: number;
      imported: number;
      duplicates: number;
      rejected: number;
      skipped: number;
    },
    problems: Array<{ line: number; reason: string }>,
    sha256: string | null,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE lease_imports SET status = $2, rows_read = $3, imported = $4, duplicates = $5,
         rejected = $6, problems = $7, file_sha256 = $8, skipped = $9, finished_at = now()
       WHERE id = $1`,
      [
        id,
        status,
        counts.rowsRead,
        counts.imported,
        counts.duplicates,
        counts.rejected,
        JSON.stringify(problems),
        sha256,
        counts.skipped,
      ],
    );
  }

  async listImports(limit: number): Promise<ImportSummaryRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT i.*, s.name AS source FROM lease_imports i JOIN lease_sources s ON s.id = i.source_id
       ORDER BY i.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      source: String(r.source),
      fileName: String(r.file_name),
      format: String(r.format),
      status: String(r.status),
      rowsRead: Number(r.rows_read),
      imported: Number(r.imported),
      duplicates: Number(r.duplicates),
      rejected: Number(r.rejected),
      skipped: Number(r.skipped),
      problems: r.problems as Array<{ line: number; reason: string }>,
      startedAt: r.started_at as Date,
      finishedAt: (r.finished_at as Date | null) ?? null,
    }));
  }

  // After the customer export changed identifier mappings ('type:value' keys).
  async resolveAccountRefs(keys: string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const res: unknown = await this.ds.query(RERESOLVE_ACCOUNTS, [keys]);
    return Array.isArray(res) && typeof res[1] === 'number' ? res[1] : 0;
  }

  // Retention: partitions whose whole month ends before the cut-off are dropped.
  async dropPartitionsBefore(cutoff: Date, dryRun: boolean): Promise<string[]> {
    const rows: Array<{ name: string; upper: Date }> = await this.ds.query(
      `SELECT c.relname AS name,
              (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS upper
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname = ANY($1)`,
      [[...PARTITIONED_TABLES]],
    );
    const old = rows
      .filter((r) => r.upper <= cutoff)
      .map((r) => r.name)
      .sort();
    if (!dryRun) {
      for (const name of old) await this.ds.query(`SELECT lease_partition_drop($1)`, [name]);
    }
    return old;
  }
}

interface SourceDbRow {
  id: number;
  name: string;
  format: string;
  time_zone: string;
  time_zone_configured: boolean;
  tolerance_seconds: number;
}

interface OverviewDbRow {
  bindings: string;
  blocks: string;
  imports: string;
  last_import_at: Date | null;
  files: string[] | null;
}

const SOURCE_COLUMNS = `SELECT id, name, format, time_zone, time_zone_configured, tolerance_seconds
  FROM lease_sources`;

const OVERVIEW_QUERY = `
  SELECT s.id, s.name, s.format, s.time_zone, s.time_zone_configured, s.tolerance_seconds,
    (SELECT count(*) FROM lease_bindings b WHERE b.source_id = s.id) AS bindings,
    (SELECT count(*) FROM nat_port_blocks b WHERE b.source_id = s.id) AS blocks,
    (SELECT count(*) FROM lease_imports i WHERE i.source_id = s.id AND i.status = 'completed') AS imports,
    (SELECT max(i.finished_at) FROM lease_imports i WHERE i.source_id = s.id AND i.status = 'completed') AS last_import_at,
    (SELECT array_agg(DISTINCT i.file_name) FROM lease_imports i
      WHERE i.source_id = s.id AND i.status = 'completed') AS files
  FROM lease_sources s`;

function sourceRow(r: SourceDbRow): LeaseSourceRow {
  return {
    id: Number(r.id),
    name: r.name,
    format: r.format,
    timeZone: r.time_zone,
    timeZoneConfigured: Boolean(r.time_zone_configured),
    toleranceSeconds: Number(r.tolerance_seconds),
  };
}

function overviewRow(r: SourceDbRow & OverviewDbRow): LeaseSourceOverview {
  return {
    ...sourceRow(r),
    bindings: Number(r.bindings),
    blocks: Number(r.blocks),
    imports: Number(r.imports),
    lastImportAt: r.last_import_at,
    files: r.files ?? [],
  };
}
