import { SentRecord } from './delivery.repository';
import { AckBatcher, AckStore, GroupedWrite, Limiter } from './ack-batcher';

const record = (id: string): SentRecord => ({
  id,
  sentAt: new Date(0),
  transportMessageId: '250 ok',
  messageIdHeader: `<${id}@x>`,
  subject: 's',
  textSha256: 't',
  htmlSha256: 'h',
  language: 'en',
});

describe('AckBatcher', () => {
  it('groups acceptances that arrive while more are expected into one write', async () => {
    const writes: string[][] = [];
    const acks = new AckBatcher(
      (rs) => Promise.resolve(void writes.push(rs.map((r) => r.id))),
      1,
      () => true,
    );
    await Promise.all([acks.add(record('a')), acks.add(record('b')), acks.add(record('c'))]);
    expect(writes).toEqual([['a', 'b', 'c']]);
  });

  it('writes at once when no other send is in flight', async () => {
    const writes: string[][] = [];
    const acks = new AckBatcher(
      (rs) => Promise.resolve(void writes.push(rs.map((r) => r.id))),
      1,
      () => false,
    );
    const t = performance.now();
    await acks.add(record('a'));
    expect(performance.now() - t).toBeLessThan(20);
    expect(writes).toEqual([['a']]);
  });
});

describe('Limiter', () => {
  it('runs at most `limit` calls at a time and reports them in flight', async () => {
    const limiter = new Limiter(2);
    const release: Array<() => void> = [];
    const started: number[] = [];
    const runs = [1, 2, 3].map((n) =>
      limiter.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            release.push(() => resolve(n));
          }),
      ),
    );
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    expect(limiter.inFlight).toBe(2);
    release[0]();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3]);
    release[1]();
    release[2]();
    await expect(Promise.all(runs)).resolves.toEqual([1, 2, 3]);
    expect(limiter.inFlight).toBe(0);
  });
});

describe('AckBatcher through a database outage', () => {
  class MemoryStore implements AckStore {
    lines: SentRecord[] = [];
    appended = 0;
    append(records: readonly SentRecord[]): Promise<void> {
      this.appended += records.length;
      this.lines.push(...records);
      return Promise.resolve();
    }
    written(ids: readonly string[]): Promise<void> {
      this.lines = this.lines.filter((r) => !ids.includes(r.id));
      return Promise.resolve();
    }
    readAll(): Promise<SentRecord[]> {
      return Promise.resolve([...this.lines]);
    }
  }

  it('retries until the database answers, journaling the acceptances meanwhile', async () => {
    const store = new MemoryStore();
    let failures = 8; // more than the old three attempts
    const written: string[] = [];
    const acks = new AckBatcher(
      (rs) => {
        if (failures-- > 0) return Promise.reject(new Error('database away'));
        written.push(...rs.map((r) => r.id));
        return Promise.resolve();
      },
      1,
      () => false,
      store,
    );
    const done = acks.add(record('a'));
    expect(acks.pending).toBe(1);
    await done;
    expect(written).toEqual(['a']);
    expect(store.appended).toBe(1); // journaled once, at the first failure
    expect(store.lines).toEqual([]); // and cleared once written
    expect(acks.pending).toBe(0);
  });

  it('replays what a stopped process left in the journal', async () => {
    const store = new MemoryStore();
    store.lines = [record('x'), record('y')];
    const written: string[] = [];
    const acks = new AckBatcher(
      (rs) => Promise.resolve(void written.push(...rs.map((r) => r.id))),
      1,
      () => false,
      store,
    );
    await expect(acks.replay()).resolves.toBe(2);
    expect(written).toEqual(['x', 'y']);
    expect(store.lines).toEqual([]);
  });
});

describe('GroupedWrite', () => {
  it('writes at once when idle and groups what arrives while a write is in flight', async () => {
    const writes: number[][] = [];
    let release: () => void = () => undefined;
    const g = new GroupedWrite<number, number>(async (keys) => {
      writes.push(keys);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
      return keys.length;
    });
    const first = g.submit(1);
    const rest = [g.submit(2), g.submit(3)];
    await Promise.resolve();
    release();
    await expect(first).resolves.toBe(1);
    await expect(Promise.all(rest)).resolves.toEqual([2, 2]);
    expect(writes).toEqual([[1], [2, 3]]);
  });
});
