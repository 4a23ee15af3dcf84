// A connection held for one import: staging tables, COPY and the set-based merge (the SQL in
// lease-merge.sql), in one transaction.
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
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
  UPDATE_MATCHED_BINDINGS,
  UPDATE_MATCHED_BLOCKS,
} from '../../database/queries/lease-merge.sql';

export interface MergeCounts {
  inserted: number;
  updated: number;
  duplicates: number;
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
