import Redis from 'ioredis';
import { ChaosRig, checkInvariants, sleep } from '../../bench/chaos/rig';
import { SentinelCluster } from '../support/redis-sentinel';

// Issue #17, "How to run at scale": two worker processes (MODE=worker, as deployed) against a
// real Redis primary with a replica and three Sentinels (Debian's redis-server and
// redis-sentinel on private ports, test/support/redis-sentinel.ts). The primary is killed with
// -9 while notices flow; the Sentinels promote the replica; the workers' and the API's Bull
// clients follow the new primary (src/queue/redis-options.ts); notices submitted before, during
// and after the failover are all stored and warned, nothing is stuck, no duplicate is unmarked.

// The last command of each client connected to a server, counted ("brpoplpush": one of Bull's
// blocking consumers, one per processed queue per worker).
async function clients(port: number): Promise<Array<{ id: string; cmd: string }>> {
  const r = new Redis({
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await r.connect();
    const list = (await r.call('CLIENT', 'LIST')) as string;
    return [...list.matchAll(/\bid=(\d+)\b.*\bcmd=(\S+)/g)].map((m) => ({ id: m[1], cmd: m[2] }));
  } catch {
    return [];
  } finally {
    r.disconnect();
  }
}

// Bull's blocking consumers seen on a server: the clients whose last command was BRPOPLPUSH,
// added to `seen` (a consumer between two polls of its queue shows another command for a moment,
// so they are gathered over several looks).
async function gatherConsumers(port: number, seen: Set<string>): Promise<number> {
  for (const c of await clients(port)) if (c.cmd === 'brpoplpush') seen.add(c.id);
  return seen.size;
}

async function clientCommands(port: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const c of await clients(port)) counts[c.cmd] = (counts[c.cmd] ?? 0) + 1;
  return counts;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(200);
  }
}

describe('Redis Sentinel failover: nothing accepted is lost', () => {
  let rig: ChaosRig;
  let cluster: SentinelCluster;
  const BEFORE = 40;
  const AFTER = 20;

  beforeAll(async () => {
    rig = await ChaosRig.start({
      workers: 2,
      sentinel: true,
      templateDb: process.env.NR_TEST_TEMPLATE_DB,
    });
    cluster = rig.sentinel as SentinelCluster;
    // Two workers compile the service through ts-node as they start: minutes on a loaded machine.
  }, 900_000);

  afterAll(async () => {
    await rig?.stop();
  }, 60_000);

  it('kills the primary mid-flow: the replica is promoted, both workers follow it, every notice is warned', async () => {
    const oldPort = await cluster.currentPrimaryPort();
    expect(oldPort).toBe(cluster.firstPrimaryPort);
    // Both workers consume from the primary before the fault: their consumers, gathered for 5 s.
    const before = new Set<string>();
    await until('both workers consuming', 60_000, async () =>
      (await gatherConsumers(oldPort, before)) >= 2 ? true : null,
    );
    const gatherUntil = Date.now() + 5000;
    while (Date.now() < gatherUntil) {
      await gatherConsumers(oldPort, before);
      await sleep(200);
    }
    const consumers = before.size;

    rig.accepted = new Set();
    const sentBefore = rig.smtp.received.length;
    const during = rig.submit(BEFORE, { retryUntil: Date.now() + 120_000 });
    await until('the flow started', 120_000, async () =>
      rig.smtp.received.length - sentBefore >= 10 ? true : null,
    );
    const killedAt = Date.now();
    await cluster.killPrimary();
    const newPort = await cluster.waitForFailover(oldPort, 90_000);
    const promotedIn = (Date.now() - killedAt) / 1000;
    expect(newPort).toBe(cluster.replicaPort);
    await during;

    // Every blocking consumer is back, on the new primary.
    const after = new Set<string>();
    await until('the workers consuming from the new primary', 120_000, async () =>
      (await gatherConsumers(newPort, after)) >= consumers ? true : null,
    ).catch(async (e: Error) => {
      const seen = JSON.stringify(await clientCommands(newPort));
      throw new Error(
        `${e.message}: ${consumers} consumers before, ${after.size} after; clients by last command ${seen}`,
      );
    });
    // Notices submitted after the failover go through the new primary only.
    await rig.submit(AFTER, { retryUntil: Date.now() + 60_000 });
    const seconds = await rig.settle(120_000);
    const m = await rig.measure();
    const result = {
      name: 'Sentinel failover (primary killed -9)',
      ...m,
      secondsToRecover: seconds ?? Number.POSITIVE_INFINITY,
      identityInLogs: rig.identityInLogs(),
    };
    process.stdout.write(
      `sentinel failover: promoted in ${promotedIn.toFixed(1)} s; ${consumers} Bull consumers followed; ${JSON.stringify(result)}\n`,
    );

    expect(m.accepted).toBe(BEFORE + AFTER);
    expect(m.stored).toBe(BEFORE + AFTER);
    expect(m.expectedWarnings).toBe(BEFORE + AFTER);
    expect(m.deliveredUnique + m.parked).toBe(BEFORE + AFTER);
    expect(m.lost).toBe(0);
    expect(m.stuck).toBe(0);
    // A duplicate is possible only where a reply was lost, and then it is marked.
    expect(m.unmarkedDuplicates).toBe(0);
    expect(result.identityInLogs).toBe(false);
    expect(checkInvariants(result, { repliesLost: true })).toEqual([]);
  }, 600_000);
});
