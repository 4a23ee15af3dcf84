import { Inject, Injectable, Logger } from '@nestjs/common';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { SentRecord } from './delivery.repository';
import { AckStore } from './ack-batcher';

// SMTP acceptances the database has not taken yet, one JSON line each, flushed to disk
// (MAIL_ACK_JOURNAL). Written only after a first failed write; the file is removed once every
// journaled acceptance is in the database, and replayed by the next start of the worker if the
// process stopped first. Bounded (MAIL_ACK_JOURNAL_MAX lines): past that, acceptances are
// retried from memory only. Records carry ids, hashes and the SMTP reply: no identity.
// One file per worker process: a second process must not share it.
@Injectable()
export class AckJournal implements AckStore {
  private readonly logger = new Logger(AckJournal.name);
  private readonly outstanding = new Set<string>();
  private lines = 0;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get path(): string {
    return this.config.messaging.ackJournal;
  }

  append(records: readonly SentRecord[]): Promise<void> {
    return this.serial(async () => {
      if (this.lines + records.length > this.config.messaging.ackJournalMax) {
        throw new Error('acknowledgement journal full');
      }
      await mkdir(dirname(this.path), { recursive: true });
      const fh = await open(this.path, 'a');
      try {
        await fh.writeFile(records.map((r) => JSON.stringify(r) + '\n').join(''));
        await fh.datasync();
      } finally {
        await fh.close();
      }
      this.lines += records.length;
      for (const r of records) this.outstanding.add(r.id);
      this.logger.warn(
        { messages: records.length },
        'acknowledgements journaled until the database answers',
      );
    });
  }

  written(ids: readonly string[]): Promise<void> {
    return this.serial(async () => {
      for (const id of ids) this.outstanding.delete(id);
      if (this.outstanding.size === 0 && this.lines > 0) {
        await rm(this.path, { force: true });
        this.lines = 0;
      }
    });
  }

  readAll(): Promise<SentRecord[]> {
    return this.serial(async () => {
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch {
        return [];
      }
      const records: SentRecord[] = [];
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const r = JSON.parse(line) as SentRecord;
          records.push({ ...r, sentAt: new Date(r.sentAt) });
        } catch {
          // A line cut short by a crash mid-write: its write had not returned, so the send
          // was still waiting for it and nothing else relies on it.
        }
      }
      this.lines = records.length;
      for (const r of records) this.outstanding.add(r.id);
      return records;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
