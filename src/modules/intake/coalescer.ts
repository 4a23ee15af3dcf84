interface Waiting<T> {
  value: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

// Runs many callers' work as one batch, like Nagle's algorithm: while one batch is running,
// the values submitted meanwhile wait and go together in the next. An idle caller's value goes
// at once (no timer, no added latency); busy callers share one call per batch. Each caller's
// promise settles with the batch that carried its value.
export class Coalescer<T> {
  private waiting: Array<Waiting<T>> = [];
  private running = false;

  constructor(
    private readonly run: (values: T[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  submit(values: T[]): Promise<void> {
    if (values.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let left = values.length;
      const done = () => {
        if (--left === 0) resolve();
      };
      for (const value of values) this.waiting.push({ value, resolve: done, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      // Let what is submitted in this same turn of the event loop join the first batch.
      await new Promise<void>((r) => setImmediate(r));
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          await this.run([...new Set(batch.map((w) => w.value))]);
          batch.forEach((w) => w.resolve());
        } catch (err) {
          batch.forEach((w) => w.reject(err));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
