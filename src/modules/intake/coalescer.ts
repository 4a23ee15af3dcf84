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

interface Call<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (err: unknown) => void;
}

// The same batching for calls that answer: `run` gets the waiting inputs in order and returns
// one output for each, in the same order; each caller gets its own.
export class BatchCaller<I, O> {
  private waiting: Array<Call<I, O>> = [];
  private running = false;

  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      await new Promise<void>((r) => setImmediate(r));
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        try {
          const outputs = await this.run(batch.map((c) => c.input));
          if (outputs.length !== batch.length) {
            throw new Error(`a batch of ${batch.length} calls got ${outputs.length} answers`);
          }
          batch.forEach((c, n) => c.resolve(outputs[n]));
        } catch (err) {
          batch.forEach((c) => c.reject(err));
        }
      }
    } finally {
      this.running = false;
    }
  }
}
