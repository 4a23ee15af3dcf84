import { Inject, Injectable } from '@nestjs/common';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { sha256OfFile } from './file-digest';
import { addRecord, batchIsFull, SESSION_FORMATS } from './import-batch';
import { ImportPipeline } from './import-pipeline';
import { RecordTally } from './import-tally';
import { ensureImportSource } from './lease-source-settings';
import { LeasesError, LeasesErrorCode } from './leases.errors';
import { LeasesRepository } from './leases.repository';
import { detectFormat, openLines, parserFor } from './parsing';
import type { LeaseFormat, LineChunks } from './parsing/lease-event';
import { SyslogYear } from './parsing/syslog-time.util';

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
// in batches, inside one transaction (an aborted import leaves nothing behind). The batch is
// filled by import-batch, sent and merged by ImportPipeline, counted by RecordTally.
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
    const source = await ensureImportSource(this.repo, opts, format);
    const importId = await this.repo.startImport(source.id, fileName, format);
    const session = await this.repo.openImportSession();
    const pipeline = new ImportPipeline(
      session,
      source.id,
      importId,
      this.config.attribution.maxBindingDays,
    );
    const batchSize = opts.batchSize ?? 100_000;
    const sessionFormat = SESSION_FORMATS.has(format);
    const tally = new RecordTally(opts.maxErrorRatio ?? 0.05);
    const year = syslogYear(opts);
    try {
      await pipeline.begin();
      for await (const ev of parserFor(format)(lines, { timeZone: source.timeZone, year })) {
        if (ev.type === 'skip') {
          tally.skipped++;
          continue;
        }
        tally.rowsRead++;
        if (ev.type === 'problem') {
          if (tally.refuse(ev.lineNumber, ev.reason)) break;
          continue;
        }
        if (!addRecord(pipeline.batch, ev, sessionFormat)) {
          tally.reject(ev.lineNumber, 'no subscriber identifier in the record');
          continue;
        }
        if (batchIsFull(pipeline.batch, batchSize)) await pipeline.flush();
        if (opts.onProgress && tally.rowsRead % 10_000 === 0) opts.onProgress(tally.progress());
      }
      // The ratio is judged on the whole file too, so a short bad file is refused.
      tally.judgeWholeFile();
      if (tally.status === 'completed') {
        await pipeline.flush();
        await pipeline.settle();
        await session.commit();
      }
    } catch (e) {
      // The file could not be read through (corrupt gzip, I/O error) or the database failed:
      // the transaction is rolled back and the import is recorded as failed, not left running.
      await pipeline.settle().catch(() => undefined);
      await session.release();
      await this.repo.finishImport(importId, 'failed', tally.failedCounts(), tally.problems, null);
      throw e;
    } finally {
      // An aborted import may still have a batch on the connection: let it finish, then roll back.
      await pipeline.settle().catch(() => undefined);
      await session.release();
    }
    opts.onProgress?.(tally.progress());
    return {
      importId,
      source: source.name,
      format,
      ...tally.summary(pipeline.totals),
      sessionsClosedByNas: pipeline.sessionsClosedByNas,
      ...(year && year.used.size > 0
        ? { syslogYears: { years: [...year.used].sort(), inferred: year.inferred } }
        : {}),
    };
  }
}

// The year of BSD syslog stamps: given, else inferred from the file's modification time.
function syslogYear(opts: ImportOptions): SyslogYear | undefined {
  if (opts.year !== undefined) return new SyslogYear({ year: opts.year });
  if (opts.fileModifiedAt) return new SyslogYear({ notAfter: opts.fileModifiedAt });
  return undefined;
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
