import { SentRecord } from './delivery.repository';

interface Waiting {
  record: SentRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

// Where acknowledgements wait while the database does not answer (AckJournal).
export interface AckStore {
  append(records: readonly SentRecord[]): Promise<void>;
  written(ids: readonly string[]): Promise<void>;
  readAll(): Promise<SentRecord[]>;
}

const MAX_GROUP = 500;
const MAX_RETRY_DELAY_MS = 5_000;
// A write waits this long for company unless enough acceptances are already waiting, or no
// other send is in flight (nothing more is coming soon): each statement costs a round trip
// and wakes PostgreSQL on the same cores as the sends.
// bench:mail: at 20 ms / 25 a write carried ~10 acceptances (one statement, ~1 ms of server
// CPU, per 10 messages); at 50 ms / 50 about twice as many.
const LINGER_MS = 50;
const ENOUGH = 50;

// Records SMTP acceptances as they happen, grouping those that arrive within LINGER_MS or while
// the previous write is in flight into one statement. The crash window (accepted by SMTP, not
// yet recorded) stays one short write cycle long, but a busy worker pays one round trip per
// group instead of per message.
// A write that fails is retried until the database answers (issue #17: a delivered message
// never becomes dead); after the first failure its records are kept in the journal, so a
// process stopped meanwhile records them at its next start (replay()).
export class AckBatcher {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  private unrecorded = 0;

  constructor(
    private readonly write: (records: SentRecord[]) => Promise<void>,
    private readonly retryDelayMs = 200,
    // Whether more acceptances may arrive soon (sends in flight); when not, a write goes at once
    // instead of lingering: the last acceptances of a run are not held back for company.
    private readonly moreExpected: () => boolean = () => true,
    private readonly store: AckStore | null = null,
  ) {}

  // Acceptances not yet recorded in the database.
  get pending(): number {
    return this.unrecorded;
  }

  add(record: SentRecord): Promise<void> {
    this.unrecorded++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  // Records what the journal kept from an earlier process; returns how many.
  async replay(): Promise<number> {
    if (!this.store) return 0;
    const records = await this.store.readAll();
    if (records.length === 0) return 0;
    await this.writeUntilDone(records, true);
    return records.length;
  }

  private async flush(): Promise<void> {
    while (this.waiting.length) {
      if (this.waiting.length < ENOUGH && this.moreExpected()) {
        await new Promise((r) => setTimeout(r, LINGER_MS));
      }
      const group = this.waiting.splice(0, MAX_GROUP);
      try {
        await this.writeUntilDone(
          group.map((w) => w.record),
          false,
        );
        for (const w of group) w.resolve();
      } catch (e) {
        for (const w of group) w.reject(e);
      } finally {
        this.unrecorded -= group.length;
      }
    }
    this.flushing = null;
  }

  private async writeUntilDone(records: SentRecord[], journaled: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.write(records);
        if (journaled && this.store) await this.store.written(records.map((r) => r.id));
        return;
      } catch (e) {
        if (!journaled && this.store) {
          // Kept on disk while the database is away; a journal that cannot take them (full)
          // leaves them in memory, still retried.
          journaled = await this.store.append(records).then(
            () => true,
            () => false,
          );
        }
        if (!this.store && attempt >= 3) throw e;
        const delay = Math.min(MAX_RETRY_DELAY_MS, this.retryDelayMs * attempt);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}

// Writes that arrive while one is in flight go together in the next (no timer: an idle caller
// writes at once). Each caller gets the whole result of the write that carried its key.
export class GroupedWrite<K, R> {
  private waiting: Array<{ key: K; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly write: (keys: K[]) => Promise<R>) {}

  submit(key: K): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ key, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length) {
      const group = this.waiting.splice(0, MAX_GROUP);
      try {
        const r = await this.write(group.map((w) => w.key));
        for (const w of group) w.resolve(r);
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    this.flushing = null;
  }
}

// At most `limit` sends in flight per process, across all batch jobs (MAIL_CONCURRENCY).
export class Limiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  // Calls running now (not counting those waiting for a slot).
  get inFlight(): number {
    return this.active;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.queue.push(r));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
