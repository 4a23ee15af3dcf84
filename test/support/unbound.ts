import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './redis-server';

export const UNBOUND = process.env.UNBOUND_PATH ?? '/usr/sbin/unbound';

// A real unbound (Debian package) on a free local UDP/TCP port, for one spec: `server` lines go
// under `server:`, `zones` are written as files and served as auth-zones (its "upstream"), and an
// RPZ file, when given, is loaded as the response policy zone. Nothing leaves 127.0.0.1.
export class LocalUnbound {
  private constructor(
    private readonly proc: ChildProcess,
    private readonly dir: string,
    readonly port: number,
  ) {}

  static async start(opts: {
    server?: string[];
    zones?: Record<string, string>;
    rpz?: { name: string; text: string };
  }): Promise<LocalUnbound> {
    const dir = await mkdtemp(join(tmpdir(), 'nr-unbound-'));
    const port = await freePort();
    const lines = [
      'server:',
      '  interface: 127.0.0.1',
      `  port: ${port}`,
      '  do-daemonize: no',
      '  username: ""',
      '  chroot: ""',
      `  directory: "${dir}"`,
      '  pidfile: ""',
      '  use-syslog: no',
      '  logfile: ""',
      '  do-not-query-localhost: no',
      '  module-config: "respip validator iterator"',
      ...(opts.server ?? []).map((l) => `  ${l}`),
      'remote-control:',
      '  control-enable: no',
    ];
    for (const [name, text] of Object.entries(opts.zones ?? {})) {
      const file = join(dir, `${name}zone`);
      await writeFile(file, text);
      lines.push(
        'auth-zone:',
        `  name: "${name}"`,
        `  zonefile: "${file}"`,
        '  for-downstream: no',
        '  for-upstream: yes',
        '  fallback-enabled: no',
      );
    }
    if (opts.rpz) {
      const file = join(dir, 'blocking.rpz');
      await writeFile(file, opts.rpz.text);
      lines.push('rpz:', `  name: "${opts.rpz.name}"`, `  zonefile: "${file}"`);
    }
    const conf = join(dir, 'unbound.conf');
    await writeFile(conf, `${lines.join('\n')}\n`);
    const proc = spawn(UNBOUND, ['-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const u = new LocalUnbound(proc, dir, port);
    const r = u.resolver();
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`unbound exited: ${stderr}`);
      const up = await r.resolve4('localhost').then(
        () => true,
        (e: { code?: string }) => e.code !== 'ECONNREFUSED' && e.code !== 'ETIMEOUT',
      );
      if (up) return u;
      if (Date.now() > deadline) throw new Error(`unbound did not answer: ${stderr}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  resolver(): Resolver {
    const r = new Resolver({ timeout: 1000, tries: 2 });
    r.setServers([this.address]);
    return r;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode === null) {
      const exited = new Promise((res) => this.proc.once('exit', res));
      this.proc.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}
