// bench:intake — notices per second from HTTP accept to "attributed and stored", and the accept
// latency p50/p99, under an HTTP load generator (autocannon) against the real service started as
// a child process on 127.0.0.1 (MODE=all: HTTP and the attribution worker in one process, real
// PostgreSQL and Redis). Baseline in the same run: the same load on GET /health/live.
//   npm run bench:intake -- [--notices 6000] [--connections 16] [--addresses 20000] [--split]
//     [--no-build] [--port 3917]
// --split runs MODE=api and MODE=worker as two processes instead of one MODE=all.
// The service runs as production runs it, `node dist/main.js`, built first by `nest build`
// (--no-build reuses a dist/ built from the current source). Under ts-node its CPU was not the
// service's own: ts-node loads `repl`, which loads `domain`, and every event emitted in the
// process then went through domain's wrappers (issue #15).
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccountsService } from '../src/modules/accounts/accounts.service';
import { Role } from '../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../src/modules/auth/api-key.service';
import { arg, benchConfig, benchContext, benchDatabaseUrl, flag, fmt, log } from './bench-support';

const NOTICES = arg('notices', 6000);
const CONNECTIONS = arg('connections', 16);
const ADDRESSES = arg('addresses', 20_000);
const PORT = arg('port', 3917);
const LEASE_START = '2026-11-01T00:00:00Z';
const LEASE_END = '2026-11-20T00:00:00Z';
const OBSERVED_BASE = Date.parse('2026-11-10T00:00:00Z');

const DB_URL = benchDatabaseUrl('intake');
const ENV = {
  DATABASE_URL: DB_URL,
  IDENTITY_DATABASE_URL: DB_URL,
  LOG_LEVEL: 'silent',
  ADDRESS_SPACE: '10.0.0.0/8,2001:db8::/32',
  RETENTION_LEASE_DAYS: '3650',
  NOTICE_QUOTA_PER_HOUR: '10000000',
  // As in every bench (bench-support): one client sending as fast as it can. With the default
  // limits on, the service answered 429 after 600 notices a minute and the run measured those.
  RATE_LIMITS: 'off',
  QUEUE_PREFIX: `bench-intake-${randomBytes(3).toString('hex')}`,
};

async function prepare(ds: DataSource): Promise<void> {
  log(`preparing ${fmt(ADDRESSES)} leased addresses and accounts...`);
  await ds.query(`TRUNCATE notices, notice_items, intake_quota_windows CASCADE`);
  await ds.query(
    `TRUNCATE lease_bindings, lease_sources, account_identifiers, subscriber_accounts CASCADE`,
  );
  await ds.query(`INSERT INTO lease_sources (id, name, format) VALUES (1, 'bench', 'generic-csv')`);
  await ds.query(
    `CREATE TABLE IF NOT EXISTS lease_bindings_y2026m11 PARTITION OF lease_bindings
       FOR VALUES FROM ('2026-11-01T00:00:00Z') TO ('2026-12-01T00:00:00Z')`,
  );
  await ds.query(
    `INSERT INTO subscriber_accounts (id, account_number, reference, regime)
     SELECT md5('acct' || g)::uuid, 'ACC' || g, 'SUB-I' || g, 'us' FROM generate_series(0, $1 - 1) g`,
    [ADDRESSES],
  );
  await ds.query(
    `INSERT INTO lease_bindings (source_id, family, ip, identifier_type, identifier, identifiers,
       account_ref, starts, ends, end_is_actual, confirmed_until, raw)
     SELECT 1, 4, '10.0.0.0'::inet + a, 'mac', lpad(to_hex(a), 12, '0'),
       ARRAY['mac:' || lpad(to_hex(a), 12, '0')], 'SUB-I' || a, $2, $3, true, $3, 'bench ' || a
     FROM generate_series(0, $1 - 1) a`,
    [ADDRESSES, LEASE_START, LEASE_END],
  );
  await ds.query(`VACUUM ANALYZE lease_bindings`);
  await ds.query(`VACUUM ANALYZE subscriber_accounts`);
}

const ROOT = join(__dirname, '..');

// `nest build`, as the Dockerfile builds the service.
function build(): Promise<void> {
  log('building the service (nest build)...');
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', '.bin', 'nest'), 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`nest build exited with ${code}`)),
    );
  });
}

function spawnService(mode: string): ChildProcess {
  return spawn(
    process.execPath,
    [
      // e.g. BENCH_NODE_ARGS=--cpu-prof to profile the service
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(ROOT, 'dist', 'main.js'),
    ],
    {
      env: { ...process.env, ...ENV, MODE: mode, HOST: '127.0.0.1', PORT: String(PORT) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

function startService(): Promise<ChildProcess[]> {
  const children = flag('split')
    ? [spawnService('api'), spawnService('worker')]
    : [spawnService('all')];
  const child = children[0];
  return new Promise((resolve, reject) => {
    // On a loaded 2-core machine the start alone can take a minute.
    const deadline = Date.now() + 240_000;
    const poll = async (): Promise<void> => {
      if (child.exitCode !== null) return reject(new Error('the service exited'));
      try {
        const res = await fetch(`http://127.0.0.1:${PORT}/health/ready`);
        if (res.ok) return resolve(children);
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) return reject(new Error('the service did not start'));
      setTimeout(() => void poll(), 250);
    };
    void poll();
  });
}

// CPU seconds (user + system) a process has used so far, from /proc (Linux; 100 ticks a second).
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

// CPU used by the service's PostgreSQL backends so far. The pool closes idle connections after
// 10 s, so right after a load these are the connections that served it.
async function backendCpuSeconds(ds: DataSource): Promise<number> {
  const rows = await ds.query<Array<{ pid: number }>>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND application_name = 'notice-relay'
        AND pid <> pg_backend_pid()`,
  );
  return rows.reduce((sum, r) => sum + cpuSeconds(r.pid), 0);
}

function machine(): string {
  return `${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) =>
      err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result),
    );
  });
}

async function main(): Promise<void> {
  if (!flag('no-build')) await build();
  const config = benchConfig(DB_URL, ENV);
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  await prepare(ds);
  const suffix = randomBytes(3).toString('hex');
  const org = await ctx.get(AccountsService).createOrganisation({
    name: `Bench Vendor ${suffix}`,
    kind: OrganisationKind.Vendor,
    accreditation: Accreditation.Accredited,
    postalAddress: '1 Bench Street',
    owners: ['Bench Pictures'],
  });
  const { key } = await ctx.get(ApiKeyService).create({
    name: 'bench',
    role: Role.Complainant,
    organisationId: org.id,
    createdBy: null,
  });

  log(`machine: ${machine()}`);
  const services = await startService();
  log(`service: ${flag('split') ? 'MODE=api + MODE=worker processes' : 'one MODE=all process'}`);
  try {
    const url = `http://127.0.0.1:${PORT}`;
    // Warm-up: routes, pools, prepared plans.
    await run({ url: `${url}/health/live`, amount: 500, connections: CONNECTIONS });

    log(`baseline: ${fmt(NOTICES)} x GET /health/live, ${CONNECTIONS} connections`);
    const baseCpuBefore = services.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
    const base = await run({
      url: `${url}/health/live`,
      amount: NOTICES,
      connections: CONNECTIONS,
    });

    const baseCpu = services.reduce((sum, c) => sum + cpuSeconds(c.pid), 0) - baseCpuBefore;
    log(
      `intake: ${fmt(NOTICES)} x POST /api/v1/notices (one item each), ${CONNECTIONS} connections`,
    );
    let n = 0;
    const body = () => {
      const i = n++;
      return JSON.stringify({
        caseId: `BENCH-${suffix}-${i}`,
        owner: 'Bench Pictures',
        title: 'Bench Movie',
        items: [
          {
            ip: `10.${Math.floor((i % ADDRESSES) / 65536)}.${Math.floor(((i % ADDRESSES) % 65536) / 256)}.${(i % ADDRESSES) % 256}`,
            port: 40000 + (i % 20000),
            observedAt: new Date(OBSERVED_BASE + i * 1000).toISOString().replace('.000Z', 'Z'),
            protocol: 'BitTorrent',
            application: 'qBittorrent 5.0',
          },
        ],
      });
    };
    // PostgreSQL transactions during the load (every statement the service runs outside an
    // explicit transaction is one), less this script's own polling below.
    const xacts = async (): Promise<number> => {
      await ds.query(`SELECT pg_stat_clear_snapshot()`);
      const [r] = await ds.query<Array<{ n: string }>>(
        `SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`,
      );
      return Number(r.n);
    };
    // Idle backends flush their counts within 10 s (PostgreSQL 15), so settle before and after.
    const settle = () => new Promise((r) => setTimeout(r, 11_000));
    await settle();
    const xactsBefore = await xacts();
    const serviceCpu = () => services.reduce((sum, c) => sum + cpuSeconds(c.pid), 0);
    const cpuBefore = serviceCpu();
    let polls = 0;
    const t0 = Date.now();
    const load = await run({
      url: `${url}/api/v1/notices`,
      amount: NOTICES,
      connections: CONNECTIONS,
      requests: [
        {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: body() }),
        },
      ],
    });
    const acceptedIn = (Date.now() - t0) / 1000;
    const accepted = load['2xx'];

    // End to end: every stored item attributed (or not forwarded) by the worker.
    let done = 0;
    const deadline = Date.now() + 300_000;
    for (;;) {
      polls++;
      const [row] = await ds.query<Array<{ done: number; attributed: number }>>(
        `SELECT count(*) FILTER (WHERE status IN ('attributed', 'not_forwarded'))::int AS done,
                count(*) FILTER (WHERE status = 'attributed')::int AS attributed
           FROM notice_items`,
      );
      done = row.done;
      if (done >= accepted || Date.now() > deadline) {
        const e2e = (Date.now() - t0) / 1000;
        const cpu = serviceCpu() - cpuBefore;
        const pgCpu = await backendCpuSeconds(ds);
        await settle();
        const statements = (await xacts()) - xactsBefore - polls - 2;
        log('');
        if (done < accepted) log(`TIMED OUT: only ${fmt(done)} of ${fmt(accepted)} items done`);
        log(
          `responses: 2xx ${fmt(accepted)}, non-2xx ${fmt(load.non2xx)}, errors ${fmt(load.errors)}`,
        );
        log(`attributed ${fmt(row.attributed)} of ${fmt(done)} processed items`);
        log(
          `accept:      ${fmt(accepted / acceptedIn)} notices/s  p50 ${load.latency.p50} ms  p99 ${load.latency.p99} ms`,
        );
        log(`end to end:  ${fmt(done / e2e)} notices/s (${fmt(done)} in ${e2e.toFixed(1)} s)`);
        log(
          `PostgreSQL:  ${(statements / Math.max(1, accepted)).toFixed(2)} transactions per notice (${fmt(statements)}; API and worker)`,
        );
        log(
          `CPU per notice: service ${((cpu * 1000) / Math.max(1, done)).toFixed(2)} ms, its PostgreSQL backends ${((pgCpu * 1000) / Math.max(1, done)).toFixed(2)} ms (user + system, accept to attributed)`,
        );
        log(
          `baseline GET /health/live: ${fmt(base['2xx'] / base.duration)} req/s  p50 ${base.latency.p50} ms  p99 ${base.latency.p99} ms`,
        );
        log(
          `baseline CPU per request: service ${((baseCpu * 1000) / Math.max(1, base['2xx'])).toFixed(2)} ms`,
        );
        log(`machine at the end: ${machine()}`);
        log(
          `ratio intake accept / baseline: ${(accepted / acceptedIn / (base['2xx'] / base.duration)).toFixed(2)} (throughput)`,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    for (const child of services) child.kill('SIGTERM');
    await ctx.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
