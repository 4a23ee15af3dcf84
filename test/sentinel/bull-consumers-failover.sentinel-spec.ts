import Bull from 'bull';
import { ALL_QUEUES } from '../../src/queue/queue-names';
import { parseSentinels, redisOptions } from '../../src/queue/redis-options';
import { SentinelCluster } from '../support/redis-sentinel';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue #17: after a Sentinel failover some of Bull's blocking consumers never polled again.
// ioredis's `failoverDetector` (then in redisOptions) cancelled the reconnect each client had
// already begun when the killed primary's socket closed, and ioredis ended those clients for
// good. Here Bull queues built with the service's own Redis options, as QueueModule builds them,
// consume from a real primary; the primary is killed with -9 while jobs flow; every consumer
// must take a job added after the replica is promoted. Each "worker" has its own prefix, so each
// queue has exactly one consumer and a consumer that stopped polling cannot hide behind another.
describe('Bull consumers across a Sentinel failover', () => {
  const WORKERS = 2;
  let cluster: SentinelCluster;
  const queues: Array<{ key: string; queue: Bull.Queue; afterFailover: number }> = [];

  beforeAll(async () => {
    cluster = await SentinelCluster.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.race([
      Promise.all(queues.map((q) => q.queue.close().catch(() => undefined))),
      sleep(10_000),
    ]);
    await cluster?.stop();
  }, 60_000);

  it('every consumer takes jobs from the promoted replica', async () => {
    const redis = redisOptions({
      url: `redis://127.0.0.1:${cluster.firstPrimaryPort}/0`,
      sentinels: parseSentinels(cluster.sentinels),
      sentinelName: cluster.name,
    });
    let failedOver = false;
    for (let w = 0; w < WORKERS; w++) {
      for (const name of ALL_QUEUES) {
        const entry = {
          key: `worker ${w} ${name}`,
          queue: new Bull(name, { redis, prefix: `nr-failover-${process.pid}-${w}` }),
          afterFailover: 0,
        };
        entry.queue.on('error', () => undefined);
        void entry.queue.process(2, async () => {
          if (failedOver) entry.afterFailover += 1;
          await sleep(10);
        });
        queues.push(entry);
      }
    }
    await Promise.all(queues.map((q) => q.queue.isReady()));

    // Jobs flow into every queue while the primary is killed.
    let flowing = true;
    const flow = (async () => {
      while (flowing) {
        await Promise.all(queues.map((q) => q.queue.add({}).catch(() => undefined)));
        await sleep(50);
      }
    })();
    await sleep(2000);
    const oldPort = await cluster.currentPrimaryPort();
    await cluster.killPrimary();
    const newPort = await cluster.waitForFailover(oldPort, 90_000);
    expect(newPort).toBe(cluster.replicaPort);
    failedOver = true;

    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && queues.some((q) => q.afterFailover === 0)) await sleep(250);
    flowing = false;
    await flow;

    const stalled = queues
      .filter((q) => q.afterFailover === 0)
      .map((q) => {
        const bclient = (q.queue as unknown as { bclient: { status: string } }).bclient;
        return `${q.key} (blocking client ${bclient.status})`;
      });
    expect(stalled).toEqual([]);
  }, 300_000);
});
