import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './redis-server';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Sentinel timings low enough for a test: the primary counts as down after 1 s without an
// answer, and a failover that has not completed in 4 s is abandoned (and tried again 8 s later).
export const DOWN_AFTER_MS = 1000;
export const FAILOVER_TIMEOUT_MS = 4000;

// A real Redis primary with one replica and three Sentinels on private local ports (Debian's
// redis-server and redis-sentinel), in a temporary directory, for failover tests. Nothing is
// persisted; each process logs to a file in the directory, which a failed wait quotes.
export class SentinelCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'nr-sentinel-'));
  readonly name = 'mymaster';
  private readonly procs = new Map<string, ChildProcess>();
  primaryPort = 0;
  // The primary at the start (primaryPort follows failovers).
  firstPrimaryPort = 0;
  replicaPort = 0;
  sentinelPorts: number[] = [];

  get sentinels(): string {
    return this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',');
  }

  static async start(): Promise<SentinelCluster> {
    const c = new SentinelCluster();
    try {
      await c.boot();
    } catch (e) {
      await c.stop();
      throw e;
    }
    return c;
  }

  private async boot(): Promise<void> {
    this.primaryPort = await freePort();
    this.firstPrimaryPort = this.primaryPort;
    this.replicaPort = await freePort();
    const base = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir];
    this.spawn('redis-server', 'primary', [
      '--port',
      String(this.primaryPort),
      ...base,
      '--logfile',
      join(this.dir, 'primary.log'),
    ]);
    await this.ping(this.primaryPort);
    this.spawn('redis-server', 'replica', [
      '--port',
      String(this.replicaPort),
      ...base,
      '--logfile',
      join(this.dir, 'replica.log'),
      '--replicaof',
      '127.0.0.1',
      String(this.primaryPort),
    ]);
    await this.ping(this.replicaPort);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(this.dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${this.dir}`,
          `logfile ${join(this.dir, `sentinel-${i}.log`)}`,
          `sentinel monitor ${this.name} 127.0.0.1 ${this.primaryPort} 2`,
          `sentinel down-after-milliseconds ${this.name} ${DOWN_AFTER_MS}`,
          `sentinel failover-timeout ${this.name} ${FAILOVER_TIMEOUT_MS}`,
          `sentinel parallel-syncs ${this.name} 1`,
          '',
        ].join('\n'),
      );
      this.spawn('redis-sentinel', `sentinel-${i}`, [conf]);
      this.sentinelPorts.push(port);
      await this.ping(port);
    }
    await this.waitUntilReady(60_000);
  }

  private spawn(command: string, name: string, args: string[]): void {
    const p = spawn(command, args, { stdio: 'ignore' });
    p.on('error', () => undefined);
    this.procs.set(name, p);
  }

  private async ping(port: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error(`redis on ${port} did not start`);
        await sleep(100);
      } finally {
        probe.disconnect();
      }
    }
  }

  // One command to one server on a fresh connection, with a short timeout (null when it does
  // not answer).
  private async ask(port: number, ...args: string[]): Promise<unknown> {
    const r = new Redis({
      port,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      commandTimeout: 1000,
      retryStrategy: () => null,
    });
    r.on('error', () => undefined);
    try {
      await r.connect();
      return await r.call(args[0], ...args.slice(1));
    } catch {
      return null;
    } finally {
      r.disconnect();
    }
  }

  // A failover needs each Sentinel to know the replica (learnt from the primary's INFO) and the
  // other two Sentinels (learnt from their hello messages), and the replica to be in sync; a
  // primary killed before that is never replaced. Waits until all of it holds.
  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const info = text(await this.ask(this.replicaPort, 'INFO', 'replication'));
      const synced = info.includes('master_link_status:up');
      const views = await Promise.all(
        this.sentinelPorts.map(async (port) => {
          const replicas = ((await this.ask(port, 'SENTINEL', 'replicas', this.name)) ??
            []) as string[][];
          const others = ((await this.ask(port, 'SENTINEL', 'sentinels', this.name)) ??
            []) as string[][];
          const quorum = text(await this.ask(port, 'SENTINEL', 'ckquorum', this.name));
          const replicaUp = replicas.some((r) => {
            const o = fields(r);
            return o.port === String(this.replicaPort) && o.flags === 'slave';
          });
          return { replicaUp, others: others.length, quorum: quorum.startsWith('OK') };
        }),
      );
      if (synced && views.every((v) => v.replicaUp && v.others === 2 && v.quorum)) return;
      last = `replica synced: ${synced}; sentinels: ${JSON.stringify(views)}`;
      if (Date.now() > deadline) {
        throw new Error(`the Sentinels did not get ready: ${last}\n${this.logs()}`);
      }
      await sleep(200);
    }
  }

  // kill -9 of the primary: the Sentinels promote the replica.
  async killPrimary(): Promise<void> {
    await this.kill('primary');
  }

  // The port of the primary a Sentinel names now (null if it does not answer).
  async primaryNamedBy(sentinelPort: number): Promise<number | null> {
    const r = (await this.ask(sentinelPort, 'SENTINEL', 'get-master-addr-by-name', this.name)) as
      string[] | null;
    return r ? Number(r[1]) : null;
  }

  // The port of the primary the first Sentinel names now.
  async currentPrimaryPort(): Promise<number> {
    const port = await this.primaryNamedBy(this.sentinelPorts[0]);
    if (port === null) throw new Error('the Sentinel did not answer');
    return port;
  }

  // After the primary on `oldPort` is killed: polls every Sentinel until all three name another
  // primary and that server answers ROLE as a master. Returns its port; throws with the
  // Sentinels' logs after `timeoutMs`.
  async waitForFailover(oldPort: number, timeoutMs = 90_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    let named: Array<number | null> = [];
    for (;;) {
      named = await Promise.all(this.sentinelPorts.map((p) => this.primaryNamedBy(p)));
      const port = named[0];
      if (port !== null && port !== oldPort && named.every((n) => n === port)) {
        const role = (await this.ask(port, 'ROLE')) as unknown[] | null;
        if (role && role[0] === 'master') {
          this.primaryPort = port;
          return port;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no failover within ${timeoutMs} ms: the Sentinels name ${JSON.stringify(named)}\n${this.logs()}`,
        );
      }
      await sleep(200);
    }
  }

  // The last lines of every process's log, for a failure message.
  logs(): string {
    return [...this.procs.keys()]
      .map((name) => {
        const file = join(this.dir, `${name}.log`);
        const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : [];
        return `--- ${name}\n${lines.slice(-25).join('\n')}`;
      })
      .join('\n');
  }

  private async kill(name: string): Promise<void> {
    const p = this.procs.get(name);
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((name) => this.kill(name)));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

// ["name", "x", "port", "6380", ...] -> { name: "x", port: "6380", ... }
function fields(flat: string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]] = flat[i + 1];
  return o;
}

function text(reply: unknown): string {
  return typeof reply === 'string' ? reply : '';
}
