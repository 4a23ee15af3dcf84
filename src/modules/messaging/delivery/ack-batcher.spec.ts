import { SentRecord } from '../messaging.repository';
import { AckBatcher, Limiter } from './ack-batcher';

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
