import { SentRecord } from '../messaging.repository';

interface Waiting {
  record: SentRecord;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_GROUP = 500;
const ATTEMPTS = 3;
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
// A write is retried briefly; after that the waiting sends fail and their rows stay 'sending'
// (a rerun parks them for the desk rather than sending twice).
export class AckBatcher {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly write: (records: SentRecord[]) => Promise<void>,
    private readonly retryDelayMs = 200,
    // Whether more acceptances may arrive soon (sends in flight); when not, a write goes at once
    // instead of lingering: the last acceptances of a run are not held back for company.
    private readonly moreExpected: () => boolean = () => true,
  ) {}

  add(record: SentRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ record, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.waiting.length) {
      if (this.waiting.length < ENOUGH && this.moreExpected()) {
        await new Promise((r) => setTimeout(r, LINGER_MS));
      }
      const group = this.waiting.splice(0, MAX_GROUP);
      try {
        await this.writeWithRetry(group.map((w) => w.record));
        for (const w of group) w.resolve();
      } catch (e) {
        for (const w of group) w.reject(e);
      }
    }
    this.flushing = null;
  }

  private async writeWithRetry(records: SentRecord[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.write(records);
        return;
      } catch (e) {
        if (attempt >= ATTEMPTS) throw e;
        await new Promise((r) => setTimeout(r, this.retryDelayMs * attempt));
      }
    }
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
