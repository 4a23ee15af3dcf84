// The chaos rig (issue #17): a private database, a private redis-server, an SMTP sink that can
// refuse, hang or lose its replies, separate worker processes (MODE=worker, as deployed) and an
// intake process (this one, MODE=api) that submits notices the way the API does. Faults are
// real: kill -9 of a worker, a Redis wiped or killed, the database refusing connections
// (ALTER DATABASE ... ALLOW CONNECTIONS false, its connections terminated: this rig's own
// database only), SMTP misbehaving. `measure()` reads the outcome from PostgreSQL and the sink.
// Used by bench/chaos/chaos.ts (npm run chaos) and test/integration/chaos.int-spec.ts.
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { migrate } from '../../src/database/migrator';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { LeaseImportService } from '../../src/modules/leases/lease-import.service';
import { LeasesRepository } from '../../src/modules/leases/leases.repository';
import { linesOf } from '../../src/modules/leases/parsing';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { PrivateRedis } from '../../test/support/redis-server';
import { SentinelCluster } from '../../test/support/redis-sentinel';
import { SmtpSink } from '../../test/support/smtp-sink';

export const ADMIN_URL =
  process.env.CHAOS_DATABASE_ADMIN_URL ??
  process.env.TEST_DATABASE_ADMIN_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

const ROOT = join(__dirname, '..', '..');

export interface RigOptions {
  workers: number;
  // A migrated database to clone (jest's template), else the rig migrates its own.
  templateDb?: string;
  // Log lines of every worker are kept in the rig's directory; `info` logs each send.
  logLevel?: string;
  // Redis behind Sentinel (a primary, a replica, three Sentinels) instead of one redis-server.
  sentinel?: boolean;
  // How long a client waits for an SMTP reply before the send counts as interrupted (its
  // resend then marked a possible duplicate). 3 s by default, so the lost-250 and hung-server
  // scenarios end fast; the fast subset in `npm test` loses no reply on purpose and gives the
  // sink longer, so that a loaded CI machine answering slowly is not taken for a lost reply.
  smtpSocketTimeoutMs?: number;
}

export interface Measure {
  accepted: number;
  stored: number;
  expectedWarnings: number;
  deliveredUnique: number;
  duplicates: number;
  unmarkedDuplicates: number;
  // Dead letters shown to the desk and the sender (5xx refusals, outcome unknown).
  parked: number;
  lost: number;
  stuck: number;
}

export interface ScenarioResult extends Measure {
  name: string;
  secondsToRecover: number;
  identityInLogs: boolean;
  failures: string[];
}

interface Worker {
  proc: ChildProcess;
  log: string;
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ChaosRig {
  readonly dir = mkdtempSync(join(tmpdir(), 'nr-chaos-'));
  readonly dbName = `nr_chaos_${process.pid}_${randomBytes(3).toString('hex')}`;
  readonly prefix = `nrchaos-${randomBytes(3).toString('hex')}`;
  redis!: PrivateRedis;
  sentinel: SentinelCluster | null = null;
  smtp!: SmtpSink;
  api!: INestApplicationContext;
  ds!: DataSource;
  private readonly workers = new Map<number, Worker>();
  private orgId = '';
  private accounts: Array<{ ip: string; email: string }> = [];
  private nextAccount = 0;
  // Notice ids answered (the 2xx of the API), per scenario.
  accepted = new Set<string>();

  private constructor(readonly opts: RigOptions) {}

  get url(): string {
    return dbUrl(this.dbName);
  }

  static async start(opts: RigOptions): Promise<ChaosRig> {
    const rig = new ChaosRig(opts);
    if (opts.templateDb) {
      await admin((c) => c.query(`CREATE DATABASE "${rig.dbName}" TEMPLATE "${opts.templateDb}"`));
    } else {
      await admin((c) => c.query(`CREATE DATABASE "${rig.dbName}"`));
      await migrate(rig.url);
    }
    if (opts.sentinel) rig.sentinel = await SentinelCluster.start();
    else rig.redis = await PrivateRedis.create();
    rig.smtp = await SmtpSink.start();
    rig.api = await NestFactory.createApplicationContext(AppModule.forRoot(rig.config('api')), {
      logger: false,
    });
    await rig.api.init();
    rig.ds = rig.api.get(DataSource);
    rig.orgId = (
      await rig.api.get(AccountsService).createOrganisation({
        name: 'Chaos Rights Vendor',
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Accredited,
        postalAddress: '1 Test Street',
        owners: ['Chaos Pictures LLC'],
      })
    ).id;
    try {
      // Side by side: each compiles the service through ts-node first, which on a loaded
      // machine takes minutes.
      await Promise.all(Array.from({ length: opts.workers }, (_, i) => rig.startWorker(i)));
    } catch (e) {
      await rig.stop();
      throw e;
    }
    return rig;
  }

  // The environment of every process of the rig (the API here, the workers as children).
  env(mode: string, worker = 0): NodeJS.ProcessEnv {
    return {
      NODE_ENV: 'test',
      MODE: mode,
      DATABASE_URL: this.url,
      // The rig's processes connect as the superuser that made its database (also IdentityService).
      IDENTITY_DATABASE_URL: this.url,
      // Behind Sentinel the URL gives only the database number; its port is the cluster's own
      // first primary, so nothing of the rig can ever reach the shared Redis on 6379.
      REDIS_URL: this.sentinel
        ? `redis://127.0.0.1:${this.sentinel.firstPrimaryPort}/0`
        : this.redis.url,
      REDIS_SENTINELS: this.sentinel ? this.sentinel.sentinels : '',
      QUEUE_PREFIX: this.prefix,
      SMTP_URL: this.smtp.url,
      MAIL_FROM: 'Abuse Desk <abuse@isp.example>',
      MAIL_DIR: join(this.dir, 'mail'),
      MAIL_ACK_JOURNAL: join(this.dir, `acks-${worker}.jsonl`),
      MAIL_DIGEST_WINDOW_SECONDS: '0',
      MAIL_POLL_MS: '500',
      MAIL_BACKOFF_MS: '500',
      MAIL_ATTEMPTS: '8',
      MAIL_COMPOSE_THREADS: '1',
      SMTP_CONNECTION_TIMEOUT_MS: '3000',
      SMTP_GREETING_TIMEOUT_MS: '3000',
      SMTP_SOCKET_TIMEOUT_MS: String(this.opts.smtpSocketTimeoutMs ?? 3000),
      NOTICE_QUOTA_PER_HOUR: '1000000',
      RATE_LIMITS: 'off',
      LOG_LEVEL: this.opts.logLevel ?? 'info',
    };
  }

  private config(mode: string): AppConfig {
    return loadConfig(this.env(mode));
  }

  async startWorker(i: number): Promise<void> {
    const log = join(this.dir, `worker-${i}.log`);
    const fd = openSync(log, 'a');
    const proc = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ...this.env('worker', i),
          TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        },
        stdio: ['ignore', fd, fd],
      },
    );
    closeSync(fd);
    this.workers.set(i, { proc, log });
    const deadline = Date.now() + 480_000; // ts-node compiles the service first
    const started = readFileSync(log, 'utf8').split('worker started').length;
    for (;;) {
      if (readFileSync(log, 'utf8').split('worker started').length > started) return;
      if (proc.exitCode !== null || proc.signalCode !== null) {
        throw new Error(`worker ${i} exited: see ${log}`);
      }
      if (Date.now() > deadline) throw new Error(`worker ${i} did not start: see ${log}`);
      await sleep(200);
    }
  }

  // kill -9: nothing in the worker gets to clean up.
  async killWorker(i: number): Promise<void> {
    const w = this.workers.get(i);
    if (!w || w.proc.exitCode !== null || w.proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      w.proc.once('exit', () => resolve());
      w.proc.kill('SIGKILL');
    });
  }

  workerLogs(): string {
    return [...this.workers.values()]
      .map((w) => {
        try {
          return readFileSync(w.log, 'utf8');
        } catch {
          return '';
        }
      })
      .join('\n');
  }

  // Redis loses everything: the process is killed and started again empty (no persistence).
  async wipeRedis(): Promise<void> {
    await this.redis.stop();
    await this.redis.start();
  }

  // The database refuses new connections and its open ones are terminated, for `ms`.
  async databaseOutage(ms: number): Promise<void> {
    await this.refuseConnections();
    await sleep(ms);
    await this.allowConnections();
  }

  async refuseConnections(): Promise<void> {
    await admin(async (c) => {
      await c.query(`ALTER DATABASE "${this.dbName}" ALLOW_CONNECTIONS false`);
      await c.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [this.dbName],
      );
    });
  }

  async allowConnections(): Promise<void> {
    await admin((c) => c.query(`ALTER DATABASE "${this.dbName}" ALLOW_CONNECTIONS true`));
  }

  // Subscribers with leases on addresses of their own, so each notice names one account.
  async seedSubscribers(n: number): Promise<void> {
    const from = this.accounts.length;
    const rows: string[] = [];
    const accounts = [];
    const start = new Date(Date.now() - 6 * 3600_000).toISOString();
    const end = new Date(Date.now() + 6 * 3600_000).toISOString();
    for (let k = from; k < from + n; k++) {
      const ip = `${k < 250 ? '203.0.113' : k < 500 ? '198.51.100' : '192.0.2'}.${(k % 250) + 1}`;
      const mac = `02:00:00:00:${((k >> 8) & 0xff).toString(16).padStart(2, '0')}:${(k & 0xff).toString(16).padStart(2, '0')}`;
      const account = `CH-${this.prefix}-${k}`;
      const email = `${account.toLowerCase()}@subscriber.example`;
      accounts.push({ account, mac, email });
      rows.push(`${ip},32,${start},${end},mac,${mac}`);
      this.accounts.push({ ip, email });
    }
    if (this.accounts.length > 750) throw new Error('the rig has addresses for 750 subscribers');
    const subscribers = this.api.get(SubscribersRepository);
    await subscribers.upsertBatch(
      accounts.map((a) => ({
        accountNumber: a.account,
        regime: 'generic',
        identifiers: [{ type: 'mac', value: a.mac, validFrom: null, validUntil: null }],
        identity: {
          fullName: `Subscriber ${a.account}`,
          email: a.email,
          phone: null,
          postalAddress: '1 Main Street',
          installationAddress: null,
          language: 'en',
        },
      })),
    );
    await this.api.get(LeasesRepository).resolveAccountRefs(accounts.map((a) => `mac:${a.mac}`));
    await this.api
      .get(LeaseImportService)
      .importLines(
        linesOf(['ip,prefix_len,start,end,identifier_type,identifier,session_id', ...rows]),
        'generic-csv',
        `chaos-${from}.csv`,
        { source: `chaos-${from}`, format: 'generic-csv' },
      );
  }

  // One notice per new subscriber, submitted as the API does (JSON body, Idempotency-Key). A
  // submission that fails (Redis or the database away) is retried with the same key, as a
  // client would, until `deadline`; each answered notice counts as accepted.
  async submit(n: number, opts: { concurrency?: number; retryUntil?: number } = {}): Promise<void> {
    await this.seedSubscribers(n);
    const first = this.nextAccount;
    this.nextAccount += n;
    const intake = this.api.get(NoticeSubmissionService);
    let next = first;
    const one = async (k: number): Promise<void> => {
      const { ip } = this.accounts[k];
      const body = Buffer.from(
        JSON.stringify({
          caseId: `CHAOS-${this.prefix}-${k}`,
          owner: 'Chaos Pictures LLC',
          title: 'The Long Road Home',
          items: [
            {
              ip,
              port: 51413,
              protocol: 'BitTorrent',
              observedAt: new Date(Date.now() - 3600_000).toISOString(),
            },
          ],
        }),
      );
      const key = `chaos-${this.prefix}-${k}`;
      for (;;) {
        try {
          const r = await intake.submitFromApi({
            organisationId: this.orgId,
            body,
            contentType: 'application/json',
            idempotencyKey: key,
            statements: { goodFaith: true, accuracy: true },
          });
          const ids: Array<{ id: string }> = await this.ds.query(
            `SELECT id FROM notices WHERE reference = $1`,
            [r.receipt.reference],
          );
          this.accepted.add(ids[0].id);
          return;
        } catch {
          if (Date.now() > (opts.retryUntil ?? 0)) return; // not answered: not accepted
          await sleep(500);
        }
      }
    };
    await Promise.all(
      Array.from({ length: opts.concurrency ?? 8 }, async () => {
        while (next < first + n) await one(next++);
      }),
    );
  }

  // Waits until every accepted notice's items are settled (forwarded, or a dead letter shown
  // to the desk) and no message waits; returns the seconds it took, or null at the deadline.
  async settle(timeoutMs: number): Promise<number | null> {
    const started = Date.now();
    for (;;) {
      const m = await this.measure().catch(() => null);
      if (m && m.stuck === 0 && m.lost === 0) return (Date.now() - started) / 1000;
      if (Date.now() - started > timeoutMs) return null;
      await sleep(250);
    }
  }

  async measure(): Promise<Measure> {
    const accepted = [...this.accepted];
    const [items]: Array<{ stored: number; expected: number }> = await this.ds.query(
      `SELECT count(DISTINCT n.id)::int AS stored, count(i.id)::int AS expected
         FROM notices n JOIN notice_items i ON i.notice_id = n.id
        WHERE n.id = ANY($1::uuid[])`,
      [accepted],
    );
    const rows: Array<{
      item_status: string;
      message_id: string | null;
      status: string | null;
      header: string | null;
      possible_duplicate: boolean | null;
    }> = await this.ds.query(
      `SELECT i.status AS item_status, m.id AS message_id, m.status,
              coalesce(m.message_id_header, '<' || m.id || '@isp.example>') AS header,
              m.possible_duplicate
         FROM notice_items i
         LEFT JOIN outbound_message_items mi ON mi.item_id = i.id
         LEFT JOIN outbound_messages m ON m.id = mi.message_id
        WHERE i.notice_id = ANY($1::uuid[])`,
      [accepted],
    );
    const copies = new Map<string, number>();
    for (const r of this.smtp.received) {
      const id = `<${String(r.parsed.messageId ?? '').replace(/[<>]/g, '')}>`;
      copies.set(id, (copies.get(id) ?? 0) + 1);
    }
    let delivered = 0;
    let parked = 0;
    let stuck = 0;
    let duplicates = 0;
    let unmarked = 0;
    const seen = new Set<string>();
    for (const r of rows) {
      const n = r.header ? (copies.get(r.header) ?? 0) : 0;
      if (n > 0) delivered++;
      else if (r.status === 'dead' || r.status === 'cancelled') parked++;
      if (!r.status || ['pending', 'queued', 'sending', 'failed'].includes(r.status)) stuck++;
      if (r.message_id && !seen.has(r.message_id) && n > 1) {
        seen.add(r.message_id);
        duplicates += n - 1;
        if (!r.possible_duplicate) unmarked += n - 1;
      }
    }
    return {
      accepted: accepted.length,
      stored: items.stored,
      expectedWarnings: items.expected,
      deliveredUnique: delivered,
      duplicates,
      unmarkedDuplicates: unmarked,
      parked,
      lost: items.expected - delivered - parked,
      stuck,
    };
  }

  // Whether any subscriber's e-mail address appears in a worker's log lines.
  identityInLogs(): boolean {
    const logs = this.workerLogs();
    return this.accounts.some((a) => logs.includes(a.email));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.workers.keys()].map((i) => this.killWorker(i)));
    // Closing waits for Bull's clients to quit; one still reconnecting must not hold it up.
    await Promise.race([this.api?.close().catch(() => undefined), sleep(15_000)]);
    await this.smtp?.stop().catch(() => undefined);
    await this.redis?.stop().catch(() => undefined);
    await this.sentinel?.stop().catch(() => undefined);
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${this.dbName}" WITH (FORCE)`)).catch(
      () => undefined,
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const TABLE_HEADER =
  '| scenario | accepted | stored | expected warnings | delivered unique | duplicates | lost | stuck | seconds to recover |\n' +
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- |';

export function tableRow(r: ScenarioResult): string {
  return `| ${r.name} | ${r.accepted} | ${r.stored} | ${r.expectedWarnings} | ${r.deliveredUnique} | ${r.duplicates} | ${r.lost} | ${r.stuck} | ${r.secondsToRecover.toFixed(1)} |`;
}

// The invariants of issue #17 for one scenario's outcome; empty when all hold.
export function checkInvariants(
  r: Omit<ScenarioResult, 'failures'>,
  opts: { repliesLost: boolean },
): string[] {
  const f: string[] = [];
  if (r.stored !== r.accepted) f.push(`${r.accepted - r.stored} accepted notices not stored`);
  if (r.lost > 0) f.push(`${r.lost} warnings lost`);
  if (r.stuck > 0) f.push(`${r.stuck} messages stuck after healing`);
  if (!(r.secondsToRecover < 30)) f.push(`recovery took ${r.secondsToRecover.toFixed(1)} s`);
  if (r.unmarkedDuplicates > 0) f.push(`${r.unmarkedDuplicates} duplicates not marked`);
  if (!opts.repliesLost && r.duplicates > 0) f.push(`${r.duplicates} duplicates, no reply lost`);
  if (r.identityInLogs) f.push('a subscriber address appears in the worker logs');
  return f;
}
