import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './redis-server';

// A real Redis primary with one replica and three Sentinels on local ports (Debian's
// redis-server; `redis-server <conf> --sentinel` is what redis-sentinel runs), for failover
// tests. Nothing is persisted.
export class SentinelCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'nr-sentinel-'));
  readonly name = 'mymaster';
  private readonly procs = new Map<string, ChildProcess>();
  primaryPort = 0;
  replicaPort = 0;
  sentinelPorts: number[] = [];

  get sentinels(): string {
    return this.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(',');
  }

  static async start(): Promise<SentinelCluster> {
    const c = new SentinelCluster();
    c.primaryPort = await freePort();
    c.replicaPort = await freePort();
    const base = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', c.dir];
    c.spawn('primary', ['--port', String(c.primaryPort), ...base]);
    await c.ping(c.primaryPort);
    c.spawn('replica', [
      '--port',
      String(c.replicaPort),
      ...base,
      '--replicaof',
      '127.0.0.1',
      String(c.primaryPort),
    ]);
    await c.ping(c.replicaPort);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const conf = join(c.dir, `sentinel-${i}.conf`);
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `sentinel monitor ${c.name} 127.0.0.1 ${c.primaryPort} 2`,
          `sentinel down-after-milliseconds ${c.name} 1000`,
          `sentinel failover-timeout ${c.name} 5000`,
          `sentinel parallel-syncs ${c.name} 1`,
          '',
        ].join('\n'),
      );
      c.spawn(`sentinel-${i}`, [conf, '--sentinel']);
      c.sentinelPorts.push(port);
      await c.ping(port);
    }
    return c;
  }

  private spawn(name: string, args: string[]): void {
    this.procs.set(name, spawn('redis-server', args, { stdio: 'ignore' }));
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
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  // kill -9 of the primary: the Sentinels promote the replica.
  async killPrimary(): Promise<void> {
    await this.kill('primary');
  }

  // The port of the primary the Sentinels name now.
  async currentPrimaryPort(): Promise<number> {
    const s = new Redis({ port: this.sentinelPorts[0], maxRetriesPerRequest: 0 });
    s.on('error', () => undefined);
    try {
      const r = (await s.call('SENTINEL', 'get-master-addr-by-name', this.name)) as string[];
      return Number(r[1]);
    } finally {
      s.disconnect();
    }
  }

  private async kill(name: string): Promise<void> {
    const p = this.procs.get(name);
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    for (const name of this.procs.keys()) await this.kill(name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
