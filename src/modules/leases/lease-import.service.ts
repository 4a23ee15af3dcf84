import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { DateTime } from 'luxon';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { copyRow } from './copy-text';
import { identifierKeys, primaryIdentifier } from './lease-identifiers';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeasesRepository, MergeCounts } from './leases.repository';
import { detectFormat, openLines, parserFor } from './parsing';
import type {
  BindingEvent,
  LeaseFormat,
  NasResetEvent,
  PortBlockEvent,
} from './parsing/lease-event';
import {
  STAGE_BINDINGS_COLUMNS,
  STAGE_BLOCKS_COLUMNS,
} from '../../database/queries/lease-merge.sql';

export interface ImportOptions {
  source: string;
  format: LeaseFormat | 'auto';
  timeZone?: string;
  toleranceSeconds?: number;
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
  problems: Array<{ line: number; reason: string }>;
  sessionsClosedByNas: number;
}

export const MAX_KEPT_PROBLEMS = 100;
const MIN_ROWS_FOR_RATIO = 100;

// Replays the lines read for format detection, then continues the same stream.
async function* withHead(head: string[], it: AsyncIterator<string>): AsyncGenerator<string> {
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
    const head: string[] = [];
    try {
      while (head.length < 50) {
        const n = await it.next();
        if (n.done) break;
        head.push(n.value);
      }
    } catch (e) {
      throw readError(e, path);
    }
    const format = opts.format === 'auto' ? detectFormat(head) : opts.format;
    if (!format) {
      throw new LeasesError(
        LeasesErrorCode.UnknownFormat,
        'invalid',
        `Could not recognise the format of ${basename(path)}; name it (format= over HTTP, --format on the CLI)`,
      );
    }
    const hash = sha256Of(path).catch(() => null);
    let summary: ImportSummary;
    try {
      summary = await this.importLines(withHead(head, it), format, basename(path), opts);
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
    lines: AsyncIterable<string>,
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
    let staged = 0;
    let sessionsClosedByNas = 0;
    let stream: { kind: 'bindings' | 'blocks'; sink: Writable; done: Promise<void> } | null = null;
    let resets: NasResetEvent[] = [];
    let stagedBindings = false;
    let stagedBlocks = false;

    // Rows are sent in ~256 KiB chunks: one COPY message (and socket write) per row costs
    // more than parsing the row.
    let pending: string[] = [];
    let pendingBytes = 0;
    const sendPending = async () => {
      if (!stream || pending.length === 0) return;
      const chunk = pending.join('');
      pending = [];
      pendingBytes = 0;
      if (!stream.sink.write(chunk)) await new Promise((r) => stream!.sink.once('drain', r));
    };
    const closeStream = async () => {
      if (!stream) return;
      await sendPending();
      stream.sink.end();
      await stream.done;
      stream = null;
    };
    const write = async (kind: 'bindings' | 'blocks', row: string) => {
      if (stream && stream.kind !== kind) await closeStream();
      if (!stream) {
        const table = kind === 'bindings' ? 'stage_bindings' : 'stage_blocks';
        const cols = kind === 'bindings' ? STAGE_BINDINGS_COLUMNS : STAGE_BLOCKS_COLUMNS;
        const sink = session.client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`));
        const done = new Promise<void>((resolve, reject) => {
          sink.on('finish', resolve);
          sink.on('error', reject);
        });
        stream = { kind, sink, done };
      }
      if (kind === 'bindings') stagedBindings = true;
      else stagedBlocks = true;
      pending.push(row);
      pendingBytes += row.length;
      if (pendingBytes >= 256 * 1024) await sendPending();
    };
    const flush = async () => {
      await closeStream();
      await session.ensurePartitions();
      const add = (c: MergeCounts) => {
        totals.inserted += c.inserted;
        totals.updated += c.updated;
        totals.duplicates += c.duplicates;
      };
      if (stagedBindings) add(await session.mergeBindings(source.id, importId, lookback));
      if (stagedBlocks) add(await session.mergeBlocks(source.id, importId, lookback));
      for (const r of resets) {
        sessionsClosedByNas += await session.closeNasSessions(source.id, r.nas, r.at, r.kind);
      }
      resets = [];
      await session.clearStage();
      staged = 0;
      stagedBindings = stagedBlocks = false;
    };

    let status: 'completed' | 'aborted' = 'completed';
    try {
      await session.begin();
      for await (const ev of parserFor(format)(lines, { timeZone: source.timeZone })) {
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
          const row = bindingRow(ev, SESSION_FORMATS.has(format));
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
          await write('bindings', row);
        } else if (ev.type === 'port_block') {
          await write('blocks', blockRow(ev));
        } else {
          resets.push(ev);
        }
        staged++;
        if (staged >= batchSize) await flush();
        if (opts.onProgress && rowsRead % 10_000 === 0) opts.onProgress({ rowsRead, rejected });
      }
      // The ratio is judged on the whole file too, so a short bad file is refused.
      if (status === 'completed' && rowsRead > 0 && rejected / rowsRead > maxRatio)
        status = 'aborted';
      if (status === 'completed') {
        await flush();
        await session.commit();
      }
    } catch (e) {
      // The file could not be read through (corrupt gzip, I/O error) or the database failed:
      // the transaction is rolled back and the import is recorded as failed, not left running.
      await closeStream().catch(() => undefined);
      await session.release();
      await this.repo.finishImport(
        importId,
        'failed',
        { rowsRead, imported: 0, duplicates: 0, rejected },
        problems,
        null,
      );
      throw e;
    } finally {
      await closeStream().catch(() => undefined);
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
      problems,
      sessionsClosedByNas,
    };
  }

  private async ensureSource(opts: ImportOptions, format: LeaseFormat) {
    const existing = await this.repo.findSource(opts.source);
    if (existing) {
      if (existing.format !== format) {
        throw new LeasesError(
          LeasesErrorCode.FormatMismatch,
          'invalid',
          `Source "${existing.name}" holds ${existing.format} data, not ${format}`,
        );
      }
      return existing;
    }
    const zone = opts.timeZone ?? 'UTC';
    if (!DateTime.now().setZone(zone).isValid) {
      throw new LeasesError(
        LeasesErrorCode.InvalidTimeZone,
        'invalid',
        `Unknown time zone "${zone}"`,
      );
    }
    return this.repo.createSource(opts.source, format, zone, opts.toleranceSeconds ?? 60);
  }
}

// Only these formats carry real sessions (Start/Stop pairs, or a session id given by the ISP);
// DHCP records are chained by address and identifier instead, so a gap starts a new binding.
const SESSION_FORMATS = new Set<LeaseFormat>(['radius-detail', 'generic-csv']);

function bindingRow(ev: BindingEvent, useSessionKey: boolean): string | null {
  const primary = primaryIdentifier(ev.identifiers);
  if (!primary) return null;
  // A /32 or /128 is stored as a host address, so a probe's address matches it by equality.
  const ip = ev.prefix.endsWith(ev.family === 4 ? '/32' : '/128')
    ? ev.prefix.split('/')[0]
    : ev.prefix;
  return copyRow([
    ev.family,
    ip,
    primary.type,
    primary.value,
    identifierKeys(ev.identifiers),
    useSessionKey ? (ev.sessionKey ?? null) : null,
    ev.nas ?? null,
    ev.start,
    ev.end,
    ev.endIsActual,
    ev.observedAt,
    ev.lineNumber,
    ev.raw,
  ]);
}

function blockRow(ev: PortBlockEvent): string {
  return copyRow([
    ev.action,
    ev.publicIp,
    ev.portLow,
    ev.portHigh,
    ev.insideIp,
    ev.pool ?? null,
    ev.at,
    ev.lineNumber,
    ev.raw,
  ]);
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

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
