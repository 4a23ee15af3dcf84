// The database side of an import: batches are copied into staging and merged on the import's
// one connection while the next batch is parsed. Parsing and the database overlap: while batch
// N is copied and merged, batch N+1 is filled in memory. At most one batch is in flight and one
// is being filled, so memory is bounded by two batches of COPY text (tens of MB), whatever the
// size of the file.
import type { ImportSession, MergeCounts } from './import-session';
import { Batch, copyChunks, newBatch, sealPending, splitBlocks } from './import-batch';
import {
  DIRECT_BLOCKS_COLUMNS,
  STAGE_BINDINGS_COLUMNS,
  STAGE_BLOCKS_COLUMNS,
} from '../../database/queries/lease-merge.sql';

export class ImportPipeline {
  readonly totals: MergeCounts = { inserted: 0, updated: 0, duplicates: 0 };
  sessionsClosedByNas = 0;
  // The batch being filled.
  batch: Batch = newBatch();
  private inFlight: Promise<void> | null = null;
  // The latest start of any port block stored for the source, this import's earlier batches
  // included (epoch ms; -Infinity when none).
  private latestBlockMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly session: ImportSession,
    private readonly sourceId: number,
    private readonly importId: number,
    private readonly lookbackDays: number,
  ) {}

  // Opens the import's transaction. Imports of one source run one after another, each seeing
  // the history the one before it stored (the probes cannot see another import's uncommitted
  // rows).
  async begin(): Promise<void> {
    await this.session.begin();
    await this.session.lockSource(this.sourceId);
    this.latestBlockMs = await this.session.latestBlockStart(this.sourceId);
  }

  // Seals the batch being filled and sends it, after the one in flight is done.
  async flush(): Promise<void> {
    const full = this.batch;
    this.latestBlockMs = splitBlocks(full, this.latestBlockMs, this.sourceId, this.importId);
    sealPending(full);
    if (this.inFlight) await this.inFlight;
    this.batch = newBatch();
    const loading = this.load(full);
    this.inFlight = loading;
    // Awaited at the next flush or at the end; until then a failure must not go unhandled.
    loading.catch(() => undefined);
  }

  // Waits for the batch in flight, if any.
  async settle(): Promise<void> {
    const p = this.inFlight;
    this.inFlight = null;
    if (p) await p;
  }

  private add(c: MergeCounts): void {
    this.totals.inserted += c.inserted;
    this.totals.updated += c.updated;
    this.totals.duplicates += c.duplicates;
  }

  private async load(b: Batch): Promise<void> {
    const { session, sourceId, importId } = this;
    await session.ensurePartitions(b.months);
    for (const kind of ['bindings', 'blocks'] as const) {
      if (b.chunks[kind].length === 0) continue;
      const table = kind === 'bindings' ? 'stage_bindings' : 'stage_blocks';
      const cols = kind === 'bindings' ? STAGE_BINDINGS_COLUMNS : STAGE_BLOCKS_COLUMNS;
      await copyChunks(session.client, `COPY ${table} (${cols}) FROM STDIN`, b.chunks[kind]);
      b.chunks[kind] = [];
    }
    // Allocations that continue and repeat nothing go straight into their table.
    if (b.directChunks.length > 0) {
      await copyChunks(
        session.client,
        `COPY nat_port_blocks (${DIRECT_BLOCKS_COLUMNS}) FROM STDIN`,
        b.directChunks,
      );
      b.directChunks = [];
      this.totals.inserted += b.directRows;
    }
    if (b.latestBlockMs > Number.NEGATIVE_INFINITY) {
      await session.growLatestBlockStart(sourceId, b.latestBlockMs);
    }
    if (b.hasBindings) {
      this.add(
        await session.mergeBindings(
          sourceId,
          importId,
          this.lookbackDays,
          b.repeats,
          b.longestMs,
          b.coverMs,
        ),
      );
    }
    if (b.hasBlocks) this.add(await session.mergeBlocks(sourceId, importId, this.lookbackDays));
    for (const r of b.resets) {
      this.sessionsClosedByNas += await session.closeNasSessions(sourceId, r.nas, r.at, r.kind);
    }
    await session.clearStage();
  }
}
