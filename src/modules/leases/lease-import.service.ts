import { Inject, Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename } from 'node:path';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { copyRow, copyText, copyTime } from './copy-text';
import { sha256OfFile } from './file-digest';
import { identifierKeysLiteral, primaryIdentifier } from './lease-identifiers';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeasesRepository, MergeCounts } from './leases.repository';
import { detectFormat, openLines, parserFor } from './parsing';
import type {
  BindingEvent,
  LineChunks,
  LeaseFormat,
  NasResetEvent,
  PortBlockEvent,
} from './parsing/lease-event';
import { isValidZone } from './parsing/local-time.util';
import { SyslogYear } from './parsing/syslog-time.util';
import {
  DIRECT_BLOCKS_COLUMNS,
  STAGE_BINDINGS_COLUMNS,
  STAGE_BLOCKS_COLUMNS,
} from '../../database/queries/lease-merge.sql';

export interface ImportOptions {
  source: string;
  format: LeaseFormat | 'auto';
  timeZone?: string;
  toleranceSeconds?: number;
  // The year of BSD syslog stamps (they carry none); else inferred from fileModifiedAt.
  year?: number;
  fileModifiedAt?: Date;
  // Abort (and roll back) when more than this share of records is rejected.
  maxErrorRatio?: number;
  batchSize?: number;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportProgress {
  rowsRead: number;
  rejected: number;
}

export interface ImportSummary {
  importId: number;
  source: string;
  format: LeaseFormat;
  status: 'completed' | 'aborted';
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  // Lines of the source that carry no binding: not errors, never towards the abort.
  skipped: number;
  problems: Array<{ line: number; reason: string }>;
  sessionsClosedByNas: number;
  // The years given to BSD syslog stamps, and whether they were inferred from the file's
  // modification time (rather than given with --year).
  syslogYears?: { years: number[]; inferred: boolean };
}

export const MAX_KEPT_PROBLEMS = 100;
const MIN_ROWS_FOR_RATIO = 100;

// Replays the chunks read for format detection, then continues the same stream.
async function* withHead(head: string[][], it: AsyncIterator<string[]>): AsyncGenerator<string[]> {
  yield* head;
  for (;;) {
    const n = await it.next();
    if (n.done) return;
    yield n.value;
  }
}

// Streams one lease or NAT log into bindings: parse → COPY into staging → set-based merge,
// in batches, inside one transaction (an aborted import leaves nothing behind).
@Injectable()
export class LeaseImportService {
  constructor(
    private readonly repo: LeasesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importFile(path: string, opts: ImportOptions): Promise<ImportSummary> {
    const lines = openLines(path);
    const it = lines[Symbol.asyncIterator]();
    const head: string[][] = [];
    let headLines = 0;
    try {
      while (headLines < 50) {
        const n = await it.next();
        if (n.done) break;
        head.push(n.value);
        headLines += n.value.length;
      }
    } catch (e) {
      throw readError(e, path);
    }
    const format = opts.format === 'auto' ? detectFormat(head.flat().slice(0, 50)) : opts.format;
    if (!format) {
      throw new LeasesError(
        LeasesErrorCode.UnknownFormat,
        'invalid',
        `Could not recognise the format of ${basename(path)}; name it (format= over HTTP, --format on the CLI)`,
      );
    }
    const hash = sha256OfFile(path).catch(() => null);
    const modified = opts.fileModifiedAt ?? (await stat(path).catch(() => null))?.mtime;
    let summary: ImportSummary;
    try {
      summary = await this.importLines(withHead(head, it), format, basename(path), {
        ...opts,
        fileModifiedAt: modified,
      });
    } catch (e) {
      throw readError(e, path);
    }
    await this.repo.finishImport(
      summary.importId,
      summary.status,
      summary,
      summary.problems,
      await hash,
    );
    if (summary.status === 'aborted') {
      const ratio = opts.maxErrorRatio ?? 0.05;
      throw Object.assign(
        new LeasesError(
          LeasesErrorCode.ErrorRatioExceeded,
          'invalid',
          `Import aborted and rolled back: ${summary.rejected} of ${summary.rowsRead} records rejected (over ${ratio * 100}%); first problem: line ${summary.problems[0]?.line}: ${summary.problems[0]?.reason}`,
        ),
        { summary },
      );
    }
    return summary;
  }

  async importLines(
    lines: LineChunks,
    format: LeaseFormat,
    fileName: string,
    opts: ImportOptions,
  ): Promise<ImportSummary> {
    const source = await this.ensureSource(opts, format);
    const importId = await this.repo.startImport(source.id, fileName, format);
    const session = await this.repo.openImportSession();
    const lookback = this.config.attribution.maxBindingDays;
    const batchSize = opts.batchSize ?? 100_000;
    const maxRatio = opts.maxErrorRatio ?? 0.05;
    const totals: MergeCounts = { inserted: 0, updated: 0, duplicates: 0 };
    const problems: Array<{ line: number; reason: string }> = [];
    let rowsRead = 0;
    let rejected = 0;
    let skipped = 0;
    let sessionsClosedByNas = 0;
    const year =
      opts.year !== undefined
        ? new SyslogYear({ year: opts.year })
        : opts.fileModifiedAt
          ? new SyslogYear({ notAfter: opts.fileModifiedAt })
          : undefined;

    // Parsing and the database overlap: while batch N is copied into staging and merged (on
    // the import's one connection), batch N+1 is parsed into COPY text in memory. At most one
    // batch is in flight and one is being filled, so memory is bounded by two batches of COPY
    // text (tens of MB), whatever the size of the file.
    let batch = newBatch();
    let inFlight: Promise<void> | null = null;
    const add = (c: MergeCounts) => {
      totals.inserted += c.inserted;
      totals.updated += c.updated;
      totals.duplicates += c.duplicates;
    };
    const load = async (b: Batch) => {
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
        totals.inserted += b.directRows;
      }
      if (b.latestBlockMs > Number.NEGATIVE_INFINITY) {
        await session.growLatestBlockStart(source.id, b.latestBlockMs);
      }
      if (b.hasBindings) {
        add(
          await session.mergeBindings(
            source.id,
            importId,
            lookback,
            b.repeats,
            b.longestMs,
            b.coverMs,
          ),
        );
      }
      if (b.hasBlocks) add(await session.mergeBlocks(source.id, importId, lookback));
      for (const r of b.resets) {
        sessionsClosedByNas += await session.closeNasSessions(source.id, r.nas, r.at, r.kind);
      }
      await session.clearStage();
    };
    // The latest start of any port block stored for the source, this import's earlier batches
    // included (epoch ms; -Infinity when none).
    let latestBlockMs = Number.NEGATIVE_INFINITY;
    const flush = async () => {
      latestBlockMs = splitBlocks(batch, latestBlockMs, source.id, importId);
      sealPending(batch);
      if (inFlight) await inFlight;
      const full = batch;
      batch = newBatch();
      inFlight = load(full);
      // Awaited at the next flush or at the end; until then a failure must not go unhandled.
      inFlight.catch(() => undefined);
    };
    const settle = async () => {
      const p = inFlight;
      inFlight = null;
      if (p) await p;
    };

    let status: 'completed' | 'aborted' = 'completed';
    try {
      await session.begin();
      // Imports of one source run one after another, each seeing the history the one before
      // it stored (the probes cannot see another import's uncommitted rows).
      await session.lockSource(source.id);
      latestBlockMs = await session.latestBlockStart(source.id);
      for await (const ev of parserFor(format)(lines, { timeZone: source.timeZone, year })) {
        if (ev.type === 'skip') {
          skipped++;
          continue;
        }
        rowsRead++;
        if (ev.type === 'problem') {
          rejected++;
          if (problems.length < MAX_KEPT_PROBLEMS)
            problems.push({ line: ev.lineNumber, reason: ev.reason });
          if (rowsRead >= MIN_ROWS_FOR_RATIO && rejected / rowsRead > maxRatio) {
            status = 'aborted';
            break;
          }
          continue;
        }
        if (ev.type === 'binding') {
          const row = bindingRow(ev, SESSION_FORMATS.has(format), batch.bindingRecords);
          if (!row) {
            rejected++;
            if (problems.length < MAX_KEPT_PROBLEMS) {
              problems.push({
                line: ev.lineNumber,
                reason: 'no subscriber identifier in the record',
              });
            }
            continue;
          }
          batch.bindingRecords++;
          noteKey(batch, row.key);
          noteMonth(batch, ev.start);
          if (!row.sessionKeyed) {
            const cover = (ev.end ?? ev.observedAt).getTime();
            const ms = cover - ev.start.getTime();
            if (ms > batch.longestMs) batch.longestMs = ms;
            if (cover > batch.coverMs) batch.coverMs = cover;
          }
          stageRow(batch, 'bindings', row.text);
        } else if (ev.type === 'port_block') {
          noteMonth(batch, ev.at);
          noteBlock(batch, ev);
        } else {
          batch.resets.push(ev);
        }
        batch.records++;
        if (batch.records >= batchSize || batch.bytes >= BATCH_MAX_BYTES) await flush();
        if (opts.onProgress && rowsRead % 10_000 === 0) opts.onProgress({ rowsRead, rejected });
      }
      // The ratio is judged on the whole file too, so a short bad file is refused.
      if (status === 'completed' && rowsRead > 0 && rejected / rowsRead > maxRatio)
        status = 'aborted';
      if (status === 'completed') {
        await flush();
        await settle();
        await session.commit();
      }
    } catch (e) {
      // The file could not be read through (corrupt gzip, I/O error) or the database failed:
      // the transaction is rolled back and the import is recorded as failed, not left running.
      await settle().catch(() => undefined);
      await session.release();
      await this.repo.finishImport(
        importId,
        'failed',
        { rowsRead, imported: 0, duplicates: 0, rejected, skipped },
        problems,
        null,
      );
      throw e;
    } finally {
      // An aborted import may still have a batch on the connection: let it finish, then roll back.
      await settle().catch(() => undefined);
      await session.release();
    }
    opts.onProgress?.({ rowsRead, rejected });
    return {
      importId,
      source: source.name,
      format,
      status,
      rowsRead,
      imported: status === 'completed' ? totals.inserted + totals.updated : 0,
      duplicates: status === 'completed' ? totals.duplicates : 0,
      rejected,
      skipped,
      problems,
      sessionsClosedByNas,
      ...(year && year.used.size > 0
        ? { syslogYears: { years: [...year.used].sort(), inferred: year.inferred } }
        : {}),
    };
  }

  // The source's stored settings decide how its lines are read. An import may name them
  // (first import) or repeat them, never silently differ from them: a contradiction is refused
  // before anything is written, pointing at `leases:source:set`.
  private async ensureSource(opts: ImportOptions, format: LeaseFormat) {
    if (opts.timeZone !== undefined && !isValidZone(opts.timeZone)) {
      throw new LeasesError(
        LeasesErrorCode.InvalidTimeZone,
        'invalid',
        `Unknown time zone "${opts.timeZone}"`,
      );
    }
    const existing = await this.repo.findSource(opts.source);
    if (existing) {
      if (existing.format !== format) {
        throw new LeasesError(
          LeasesErrorCode.FormatMismatch,
          'invalid',
          `Source "${existing.name}" holds ${existing.format} data, not ${format}`,
        );
      }
      if (opts.timeZone !== undefined && opts.timeZone !== existing.timeZone) {
        throw new LeasesError(
          LeasesErrorCode.SettingsConflict,
          'invalid',
          `Source "${existing.name}" reads its logs in time zone ${existing.timeZone}, not ${opts.timeZone}; nothing was imported. If ${existing.timeZone} is wrong, change it with leases:source:set --source ${existing.name} --time-zone ${opts.timeZone}`,
        );
      }
      if (
        opts.toleranceSeconds !== undefined &&
        opts.toleranceSeconds !== existing.toleranceSeconds
      ) {
        throw new LeasesError(
          LeasesErrorCode.SettingsConflict,
          'invalid',
          `Source "${existing.name}" has a clock tolerance of ${existing.toleranceSeconds} s, not ${opts.toleranceSeconds} s; nothing was imported. If ${existing.toleranceSeconds} s is wrong, change it with leases:source:set --source ${existing.name} --tolerance ${opts.toleranceSeconds}`,
        );
      }
      if (ZONE_LESS_FORMATS.has(format) && !existing.timeZoneConfigured) {
        throw zoneRequired(format, existing.name);
      }
      return existing;
    }
    if (ZONE_LESS_FORMATS.has(format) && opts.timeZone === undefined) {
      throw zoneRequired(format, opts.source);
    }
    return this.repo.createSource(
      opts.source,
      format,
      opts.timeZone ?? 'UTC',
      opts.toleranceSeconds ?? 60,
      opts.timeZone !== undefined,
    );
  }
}

// Formats whose lines may carry a local time without its zone (syslog stamps, RADIUS headers,
// Kea's abbreviations): read in the source's zone, which must therefore have been named.
// dhcpd (UTC or epoch), Kea memfile (epoch) and the generic CSV (explicit zones) carry theirs.
export const ZONE_LESS_FORMATS: ReadonlySet<LeaseFormat> = new Set<LeaseFormat>([
  'kea-legal',
  'radius-detail',
  'cgnat-juniper',
  'cgnat-a10',
  'cgnat-6wind',
  'cgnat-nfware',
]);

function zoneRequired(format: LeaseFormat, source: string): LeasesError {
  return new LeasesError(
    LeasesErrorCode.TimeZoneRequired,
    'invalid',
    `${format} lines can carry local times without a zone, and source "${source}" has none configured; nothing was imported. Name it with --time-zone (--time-zone UTC if the device logs in UTC)`,
  );
}

type StageKind = 'bindings' | 'blocks';

interface Batch {
  records: number;
  // Characters of COPY text held (one byte each for the ASCII that logs are made of).
  bytes: number;
  // COPY text in ~256 KiB chunks per staging table: one COPY message (and socket write) per
  // row costs more than parsing the row.
  chunks: Record<StageKind, string[]>;
  pending: Record<StageKind, string[]>;
  pendingBytes: Record<StageKind, number>;
  hasBindings: boolean;
  hasBlocks: boolean;
  resets: NasResetEvent[];
  // Binding records staged so far (each one's number in the batch is its `n`).
  bindingRecords: number;
  // Address and identifier of each binding record, to tell whether any repeats in the batch.
  keys: Set<string>;
  repeats: boolean;
  // Months (UTC, epoch ms of the 1st) of the staged records' starts: their partitions; the
  // last month noted, as [from, to) in epoch ms.
  months: Set<number>;
  monthFrom: number;
  monthTo: number;
  // The longest DHCP record (no session key) staged: end, else observation, minus start; and
  // the latest end, else observation, of those records (epoch ms).
  longestMs: number;
  coverMs: number;
  // Port block records of the batch, in order, with how often each block's key (public address,
  // first port, inside address, protocol) occurs in it; split at the flush (splitBlocks).
  blocks: PortBlockEvent[];
  blockKeys: Map<string, number>;
  // Each block record's key, in the order of `blocks` (made once, read again at the split).
  blockKeyList: string[];
  // COPY text of the allocations written straight into nat_port_blocks, and how many.
  directChunks: string[];
  directRows: number;
  // The latest block start of the batch (epoch ms), for lease_sources.latest_block_start.
  latestBlockMs: number;
}

const CHUNK_BYTES = 256 * 1024;
// A batch also ends at this much COPY text, so long records (full dhcpd.leases blocks, RADIUS
// detail) make smaller batches rather than more memory: with one batch in flight and one being
// filled, the importer holds at most about twice this.
const BATCH_MAX_BYTES = 8 * 1024 * 1024;

function newBatch(): Batch {
  return {
    records: 0,
    bytes: 0,
    chunks: { bindings: [], blocks: [] },
    pending: { bindings: [], blocks: [] },
    pendingBytes: { bindings: 0, blocks: 0 },
    hasBindings: false,
    hasBlocks: false,
    resets: [],
    bindingRecords: 0,
    keys: new Set(),
    repeats: false,
    months: new Set(),
    monthFrom: 0,
    monthTo: 0,
    longestMs: 0,
    coverMs: 0,
    blocks: [],
    blockKeys: new Map(),
    blockKeyList: [],
    directChunks: [],
    directRows: 0,
    latestBlockMs: Number.NEGATIVE_INFINITY,
  };
}

// A port block record waits in the batch until its flush, when the whole batch's keys are known.
function noteBlock(b: Batch, ev: PortBlockEvent): void {
  const key = blockKey(ev);
  b.blockKeys.set(key, (b.blockKeys.get(key) ?? 0) + 1);
  b.blocks.push(ev);
  b.blockKeyList.push(key);
  // The COPY text it becomes is about this long; counted now so long lines end a batch sooner.
  b.bytes += ev.raw.length + 100;
}

function blockKey(ev: PortBlockEvent): string {
  return `${ev.publicIp}\t${ev.portLow}\t${ev.insideIp}\t${ev.protocol ?? ''}`;
}

// The fast path for port blocks (the merge's per-group work is only paid where it can change
// something): an allocation whose key occurs once in the batch and that starts after every
// block stored for the source can neither continue a stored block (the merge matches an
// allocation only with a stored block of the same key and start) nor be continued within the
// batch, so it is the block the merge would insert, and is written straight into
// nat_port_blocks. Every other record (interim updates, releases, repeated keys, allocations
// no later than the latest stored start, as in a re-import) is staged for the merge. Returns
// the latest stored block start after this batch.
function splitBlocks(b: Batch, latestMs: number, sourceId: number, importId: number): number {
  if (b.blocks.length === 0) return latestMs;
  // Stored starts can carry microseconds: compare with the next whole millisecond.
  const bound = Math.ceil(latestMs);
  let latest = latestMs;
  const prefix = `${sourceId}\t${importId}\t`;
  let pending: string[] = [];
  let pendingBytes = 0;
  for (let i = 0; i < b.blocks.length; i++) {
    const ev = b.blocks[i];
    const at = ev.at.getTime();
    if (at > latest) latest = at;
    if (ev.action === 'alloc' && at > bound && b.blockKeys.get(b.blockKeyList[i]) === 1) {
      const row = prefix + directBlockRow(ev);
      pending.push(row);
      pendingBytes += row.length;
      b.directRows++;
      if (pendingBytes >= CHUNK_BYTES) {
        b.directChunks.push(pending.join(''));
        pending = [];
        pendingBytes = 0;
      }
    } else {
      stageRow(b, 'blocks', blockRow(ev));
    }
  }
  if (pending.length > 0) b.directChunks.push(pending.join(''));
  b.latestBlockMs = latest;
  b.blocks = [];
  b.blockKeyList = [];
  b.blockKeys.clear();
  return latest;
}

function noteMonth(b: Batch, at: Date): void {
  const ms = at.getTime();
  // Records of a file mostly fall in one month: only a time outside it looks the month up.
  if (ms >= b.monthFrom && ms < b.monthTo) return;
  const first = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
  b.months.add(first);
  b.monthFrom = first;
  b.monthTo = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
}

// Records can chain within a batch only if they share address and identifier (and session and
// bucket, which the database checks when this says some key repeats). The key is one string
// (hashing it flattens it; an identifier kept as a Map value stayed a slice of the file's text
// and kept every chunk of the batch alive).
function noteKey(b: Batch, key: string): void {
  if (b.repeats) return;
  if (b.keys.has(key)) {
    b.repeats = true;
    b.keys.clear();
  } else {
    b.keys.add(key);
  }
}

function stageRow(b: Batch, kind: StageKind, row: string): void {
  if (kind === 'bindings') b.hasBindings = true;
  else b.hasBlocks = true;
  b.pending[kind].push(row);
  b.pendingBytes[kind] += row.length;
  b.bytes += row.length;
  if (b.pendingBytes[kind] >= CHUNK_BYTES) sealKind(b, kind);
}

function sealKind(b: Batch, kind: StageKind): void {
  if (b.pending[kind].length === 0) return;
  b.chunks[kind].push(b.pending[kind].join(''));
  b.pending[kind] = [];
  b.pendingBytes[kind] = 0;
}

function sealPending(b: Batch): void {
  sealKind(b, 'bindings');
  sealKind(b, 'blocks');
}

async function copyChunks(client: PoolClient, sql: string, chunks: string[]): Promise<void> {
  const sink = client.query(copyFrom(sql));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  try {
    for (const chunk of chunks) {
      // A failing COPY never drains: wait for whichever comes first.
      if (!sink.write(chunk)) await Promise.race([once(sink, 'drain'), done]);
    }
  } finally {
    sink.end();
  }
  await done;
}

// Only these formats carry real sessions (Start/Stop pairs, or a session id given by the ISP);
// DHCP records are chained by address and identifier instead, so a gap starts a new binding.
const SESSION_FORMATS = new Set<LeaseFormat>(['radius-detail', 'generic-csv']);

function bindingRow(
  ev: BindingEvent,
  useSessionKey: boolean,
  n: number,
): { text: string; key: string; sessionKeyed: boolean } | null {
  const primary = primaryIdentifier(ev.identifiers);
  if (!primary) return null;
  // A /32 or /128 is stored as a host address, so a probe's address matches it by equality.
  const ip = ev.prefix.endsWith(ev.family === 4 ? '/32' : '/128')
    ? ev.prefix.slice(0, ev.prefix.lastIndexOf('/'))
    : ev.prefix;
  const sessionKey = useSessionKey ? (ev.sessionKey ?? null) : null;
  // One array joined per row (the column order of STAGE_BINDINGS_COLUMNS): encoding an array
  // of values by type, or a template of many parts, cost more than parsing the record.
  const text = [
    ev.family,
    copyText(ip),
    primary.type,
    copyText(primary.value),
    copyText(identifierKeysLiteral(ev.identifiers)),
    sessionKey === null ? '\\N' : copyText(sessionKey),
    ev.nas ? copyText(ev.nas) : '\\N',
    ev.start.getTime(),
    ev.end === null ? '\\N' : ev.end.getTime(),
    ev.endIsActual ? 't' : 'f',
    ev.observedAt.getTime(),
    ev.lineNumber,
    copyText(ev.raw),
    `${n}\n`,
  ].join('\t');
  return {
    text,
    key: `${ip}\t${primary.type}\t${primary.value}`,
    sessionKeyed: sessionKey !== null,
  };
}

function blockRow(ev: PortBlockEvent): string {
  return copyRow([
    ev.action,
    ev.publicIp,
    ev.portLow,
    ev.portHigh,
    ev.insideIp,
    ev.pool ?? null,
    ev.protocol ?? null,
    ev.at,
    ev.lineNumber,
    ev.raw,
  ]);
}

// An allocation as nat_port_blocks stores it (DIRECT_BLOCKS_COLUMNS after source and import):
// starts and confirmed_until at the allocation, no end, start not inferred.
function directBlockRow(ev: PortBlockEvent): string {
  const at = copyTime(ev.at);
  return `${ev.publicIp}\t${ev.portLow}\t${ev.portHigh}\t${ev.insideIp}\t${ev.pool === undefined ? '\\N' : copyText(ev.pool)}\t${ev.protocol ?? '\\N'}\t${at}\t${at}\t${ev.lineNumber}\t${copyText(ev.raw)}\n`;
}

// zlib reports damage as Z_BUF_ERROR / Z_DATA_ERROR: the sender's file is at fault, not us.
function readError(e: unknown, path: string): unknown {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new LeasesError(
      LeasesErrorCode.UploadCorrupt,
      'invalid',
      `${basename(path)} is gzip data that is corrupt or truncated (${code}); nothing was imported`,
    );
  }
  return e;
}
