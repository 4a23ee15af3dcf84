import { BatchCaller, Coalescer } from './coalescer';

// A run whose calls finish only when the spec says so.
function controlledRun() {
  const calls: Array<{ values: string[]; finish: (err?: Error) => void }> = [];
  const run = (values: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ values, finish: (err) => (err ? reject(err) : resolve()) });
    });
  return { calls, run };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

describe('Coalescer', () => {
  it('runs an idle caller’s value at once, alone', async () => {
    const { calls, run } = controlledRun();
    const c = new Coalescer(run, 10);
    const done = c.submit(['a']);
    await tick();
    expect(calls.map((x) => x.values)).toEqual([['a']]);
    calls[0].finish();
    await expect(done).resolves.toBeUndefined();
  });

  it('gathers what arrives while a batch runs into the next batch', async () => {
    const { calls, run } = controlledRun();
    const c = new Coalescer(run, 10);
    const settled: string[] = [];
    const first = c.submit(['a']).then(() => settled.push('a'));
    await tick();
    const rest = ['b', 'c', 'd'].map((v) => c.submit([v]).then(() => settled.push(v)));
    await tick();
    // Still one call: b, c and d wait for a's batch to finish.
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await first;
    await tick();
    expect(calls.map((x) => x.values)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(settled).toEqual(['a']);
    calls[1].finish();
    await Promise.all(rest);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails only the callers whose batch failed, and carries on', async () => {
    const { calls, run } = controlledRun();
    const c = new Coalescer(run, 10);
    const a = c.submit(['a']);
    await tick();
    const b = c.submit(['b']);
    calls[0].finish(new Error('redis away'));
    await expect(a).rejects.toThrow('redis away');
    await tick();
    calls[1].finish();
    await expect(b).resolves.toBeUndefined();
  });

  it('splits at the batch size; a caller spanning two batches settles after both', async () => {
    const { calls, run } = controlledRun();
    const c = new Coalescer(run, 2);
    let settled = false;
    const all = c.submit(['a', 'b', 'c']).then(() => (settled = true));
    await tick();
    expect(calls.map((x) => x.values)).toEqual([['a', 'b']]);
    calls[0].finish();
    await tick();
    await tick();
    expect(settled).toBe(false);
    expect(calls.map((x) => x.values)).toEqual([['a', 'b'], ['c']]);
    calls[1].finish();
    await all;
    expect(settled).toBe(true);
  });

  it('passes a value submitted twice in one batch once', async () => {
    const seen: string[][] = [];
    const c = new Coalescer(async (values: string[]) => {
      seen.push(values);
      await Promise.resolve();
    }, 10);
    await Promise.all([c.submit(['x']), c.submit(['x', 'y'])]);
    expect(seen).toEqual([['x', 'y']]);
  });
});

describe('BatchCaller', () => {
  function controlledCalls() {
    const calls: Array<{ inputs: number[]; answer: (outputs: string[] | Error) => void }> = [];
    const run = (inputs: number[]) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push({
          inputs,
          answer: (o) => (o instanceof Error ? reject(o) : resolve(o)),
        });
      });
    return { calls, run };
  }

  it('gives each caller its own answer from the batch that carried its input', async () => {
    const { calls, run } = controlledCalls();
    const b = new BatchCaller(run, 10);
    const first = b.call(1);
    await tick();
    const rest = [2, 3, 4].map((n) => b.call(n));
    await tick();
    expect(calls.map((c) => c.inputs)).toEqual([[1]]);
    calls[0].answer(['one']);
    await expect(first).resolves.toBe('one');
    await tick();
    expect(calls.map((c) => c.inputs)).toEqual([[1], [2, 3, 4]]);
    calls[1].answer(['two', 'three', 'four']);
    await expect(Promise.all(rest)).resolves.toEqual(['two', 'three', 'four']);
  });

  it('fails a batch whose run answers a different number of calls, then carries on', async () => {
    const { calls, run } = controlledCalls();
    const b = new BatchCaller(run, 10);
    const a = b.call(1);
    const c = b.call(2);
    await tick();
    const d = b.call(3);
    calls[0].answer(['only one']);
    await expect(a).rejects.toThrow('a batch of 2 calls got 1 answers');
    await expect(c).rejects.toThrow('a batch of 2 calls got 1 answers');
    await tick();
    calls[1].answer(new Error('database away'));
    await expect(d).rejects.toThrow('database away');
    const e = b.call(4);
    await tick();
    calls[2].answer(['four']);
    await expect(e).resolves.toBe('four');
  });

  it('splits at the batch size', async () => {
    const { calls, run } = controlledCalls();
    const b = new BatchCaller(run, 2);
    const all = Promise.all([1, 2, 3].map((n) => b.call(n)));
    await tick();
    calls[0].answer(['a', 'b']);
    await tick();
    await tick();
    calls[1].answer(['c']);
    await expect(all).resolves.toEqual(['a', 'b', 'c']);
    expect(calls.map((c) => c.inputs)).toEqual([[1, 2], [3]]);
  });
});
