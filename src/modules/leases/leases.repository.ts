import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import {
  CLOSE_OPEN_SESSIONS_OF_NAS,
  COUNT_MERGED_BINDINGS,
  COUNT_MERGED_BLOCKS,
  CREATE_STAGE_TABLES,
  FIND_CHAINING_RECORDS,
  GROW_SOURCE_BOUNDS,
  GROW_LATEST_BLOCK_START,
  IMPORT_SESSION_SETTINGS,
  GROUP_AND_MATCH_BINDINGS,
  GROUP_AND_MATCH_BLOCKS,
  INSERT_NEW_BINDINGS,
  INSERT_LONE_BINDINGS,
  INSERT_NEW_BLOCKS,
  RERESOLVE_ACCOUNTS,
  UPDATE_MATCHED_BINDINGS,
  UPDATE_MATCHED_BLOCKS,
} from '../../database/queries/lease-merge.sql';

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

export interface MergeCounts {
  inserted: number;
  updated: number;
  duplicates: number;
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

export const PARTITIONED_TABLES = ['lease_bindings', 'nat_port_blocks'] as const;

export function partitionName(table: string, month: Date): string {
  const y = month.getUTCFullYear();
  const m = String(month.getUTCMonth() + 1).padStart(2, '0');
  return `${table}_y${y}m${m}`;
}

// A connection held for one import: staging tables, COPY and the merge run on it, in one
// transaction, so an aborted import leaves nothing behind.
export class ImportSession {
  constructor(
    private readonly qr: QueryRunner,
    readonly client: PoolClient,
  ) {}

  async begin(): Promise<void> {
    await this.qr.startTransaction();
    await this.client.query(IMPORT_SESSION_SETTINGS);
    await this.client.query(CREATE_STAGE_TABLES);
  }

  // Months (UTC, as epoch ms of the 1st) whose partitions exist already in this transaction.
  private readonly monthsReady = new Set<number>();

  // The importer collects the months a batch touches while it parses, so the staging table is
  // not scanned for them, and each month's partitions are created once per import.
  async ensurePartitions(months: Iterable<number>): Promise<void> {
    for (const ms of months) {
      if (this.monthsReady.has(ms)) continue;
      const month = new Date(ms);
      // The service role owns no table: a function with the owner's rights creates the
      // partition, named partitionName(table, month) (migration 1796110000000).
      for (const table of PARTITIONED_TABLES) {
        await this.client.query(`SELECT lease_partition_ensure($1, $2)`, [table, month]);
      }
      this.monthsReady.add(ms);
    }
  }

  // `repeats`: the importer saw some address and identifier more than once in this batch, so
  // records may chain within it; without, only stored bindings can continue a record.
  // `longestMs`: the longest DHCP record (end, else observation, minus start) of the batch;
  // `coverMs`: the latest end, else observation, of its DHCP records (epoch ms).
  async mergeBindings(
    sourceId: number,
    importId: number,
    lookbackDays: number,
    repeats: boolean,
    longestMs: number,
    coverMs: number,
  ): Promise<MergeCounts> {
    const lookback = `${lookbackDays} days`;
    const bucketSeconds = Math.max(3600, Math.floor((lookbackDays * 86_400) / 2));
    const chaining = await this.client.query(
      FIND_CHAINING_RECORDS(repeats),
      repeats ? [sourceId, lookback, bucketSeconds] : [sourceId, lookback],
    );
    let counts: MergeCounts = { inserted: 0, updated: 0, duplicates: 0 };
    let longest = longestMs;
    let cover = coverMs;
    if ((chaining.rowCount ?? 0) > 0) {
      // Grouped and matched against the history stored before this batch, as every record of
      // the batch was classified against it.
      await this.client.query(GROUP_AND_MATCH_BINDINGS, [sourceId, lookback, bucketSeconds]);
      const merged = await this.counts(COUNT_MERGED_BINDINGS);
      counts = merged.counts;
      longest = Math.max(longest, merged.longestMs);
      cover = Math.max(cover, merged.coverMs);
      // Only records that change a stored binding are counted as updated: with none, the UPDATE
      // (a join against the whole stored history) is skipped; with some, the planner gets the
      // statistics to probe the primary key instead of scanning partitions.
      if (counts.updated > 0) {
        await this.client.query('ANALYZE merged_bindings');
        const updated = await this.client.query<{
          longest_ms: number | null;
          cover_ms: number | null;
        }>(UPDATE_MATCHED_BINDINGS);
        longest = Math.max(longest, updated.rows[0]?.longest_ms ?? 0);
        cover = Math.max(cover, updated.rows[0]?.cover_ms ?? 0);
      }
      await this.client.query(INSERT_NEW_BINDINGS, [sourceId, importId]);
      await this.client.query('DROP TABLE merged_bindings');
    }
    const lone = await this.client.query(INSERT_LONE_BINDINGS, [sourceId, importId]);
    counts.inserted += lone.rowCount ?? 0;
    await this.client.query('DROP TABLE chaining_records');
    await this.growBounds(sourceId, longest, cover);
    return counts;
  }

  // Holds the source's row until the import's transaction ends.
  async lockSource(sourceId: number): Promise<void> {
    await this.client.query(`SELECT 1 FROM lease_sources WHERE id = $1 FOR UPDATE`, [sourceId]);
  }

  // The latest start of any port block stored for the source (epoch ms; -Infinity for none).
  async latestBlockStart(sourceId: number): Promise<number> {
    const r = await this.client.query<{ ms: number | null }>(
      `SELECT CASE WHEN latest_block_start = '-infinity' THEN NULL
         ELSE (extract(epoch FROM latest_block_start) * 1000)::float8 END AS ms
       FROM lease_sources WHERE id = $1`,
      [sourceId],
    );
    return r.rows[0]?.ms ?? Number.NEGATIVE_INFINITY;
  }

  async growLatestBlockStart(sourceId: number, ms: number): Promise<void> {
    await this.client.query(GROW_LATEST_BLOCK_START, [sourceId, ms]);
  }

  // A millisecond of slack each, so rounding between interval, timestamp and float never makes
  // a bound tight.
  private async growBounds(sourceId: number, longestMs: number, coverMs: number): Promise<void> {
    if (longestMs > 0 || coverMs > 0) {
      await this.client.query(GROW_SOURCE_BOUNDS, [
        sourceId,
        Math.ceil(longestMs) + 1,
        Math.ceil(coverMs) + 1,
      ]);
    }
  }

  async mergeBlocks(
    sourceId: number,
    importId: number,
    lookbackDays: number,
  ): Promise<MergeCounts> {
    await this.client.query(GROUP_AND_MATCH_BLOCKS, [sourceId, `${lookbackDays} days`]);
    const { counts } = await this.counts(COUNT_MERGED_BLOCKS);
    await this.client.query(UPDATE_MATCHED_BLOCKS);
    await this.client.query(INSERT_NEW_BLOCKS, [sourceId, importId]);
    await this.client.query('DROP TABLE merged_blocks');
    return counts;
  }

  async closeNasSessions(sourceId: number, nas: string, at: Date, reason: string): Promise<number> {
    const r = await this.client.query<{
      closed: number;
      longest_ms: number | null;
      cover_ms: number | null;
    }>(CLOSE_OPEN_SESSIONS_OF_NAS, [sourceId, nas, at, reason]);
    await this.growBounds(sourceId, r.rows[0]?.longest_ms ?? 0, r.rows[0]?.cover_ms ?? 0);
    return r.rows[0]?.closed ?? 0;
  }

  async clearStage(): Promise<void> {
    await this.client.query('TRUNCATE stage_bindings, stage_blocks');
  }

  async commit(): Promise<void> {
    await this.qr.commitTransaction();
  }

  private released = false;

  // Safe to call twice (error path and finally).
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.qr.isTransactionActive) await this.qr.rollbackTransaction();
    await this.client
      .query('DROP TABLE IF EXISTS stage_bindings, stage_blocks')
      .catch(() => undefined);
    await this.qr.release();
  }

  private async counts(
    sql: string,
  ): Promise<{ counts: MergeCounts; longestMs: number; coverMs: number }> {
    const r = await this.client.query<{
      inserted: string;
      updated: string;
      duplicates: string;
      longest_ms?: number | null;
      cover_ms?: number | null;
    }>(sql);
    const row = r.rows[0];
    return {
      counts: {
        inserted: Number(row.inserted),
        updated: Number(row.updated),
        duplicates: Number(row.duplicates),
      },
      longestMs: row.longest_ms ?? 0,
      coverMs: row.cover_ms ?? 0,
    };
  }
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
