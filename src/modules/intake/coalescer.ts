// Runs many callers' work as one batch, like Nagle's algorithm: while one batch is running,
// the values submitted meanwhile wait and go together in the next. An idle caller's value goes
// at once (no timer, no added latency); busy callers share one call per batch. Each caller's
// promise settles with the batch (or batches) that carried its values.
export class Coalescer<T> {
  private readonly caller: BatchCaller<T, void>;

  constructor(run: (values: T[]) => Promise<void>, maxBatch: number) {
    this.caller = new BatchCaller<T, void>(async (values) => {
      await run([...new Set(values)]);
      return values.map(() => undefined);
    }, maxBatch);
  }

  async submit(values: T[]): Promise<void> {
    await Promise.all(values.map((v) => this.caller.call(v)));
  }
}

interface Call<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (err: unknown) => void;
}

// Batching for calls that answer: `run` gets the waiting inputs in order and returns one output
// for each, in the same order; each caller gets its own. While one batch runs, the calls made
// meanwhile wait and go together in the next; an idle caller's goes at once.
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
      // Let what is submitted in this same turn of the event loop join the first batch.
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
