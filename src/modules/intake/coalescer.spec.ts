import { Coalescer } from './coalescer';

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
