// bench:mail — messages per second from the outbox to a local SMTP server (smtp-server) through
// the whole pipeline (relay -> Bull -> worker: claim, audited identity read, rendering, pooled
// SMTP, acknowledgement), against nodemailer sending the very same messages (composed
// beforehand by the worker's own MessageComposer from the same rows) straight to the same
// server with the same pool (5 connections) and the same number of sends in flight, in the
// same run, with the ratio. The baseline runs before and after each pipeline run; with
// --rounds N the pipeline runs N times (same rows, reset) and the median ratio is reported.
// One worker serves every round, as a mail worker is a long-lived process; a warm-up round of
// each (pipeline and direct, same rows) runs first and is reported apart, so the measured
// rounds compare both sides warm (--no-warm-up to count from a cold start).
//   npm run bench:mail -- [--messages 2000] [--rounds 1] [--concurrency 8] [--batch-size 50]
//                         [--poll-ms 100]  (MAIL_POLL_MS of the worker: relay and digest poll)
//                         [--compose-threads N | --inline-compose]  (MAIL_COMPOSE_THREADS;
//                         default: the worker's default, cores - 1, at least 1)
//                         [--no-warm-up]
//                         [--count-queries]
//                         [--phases]
//                         [--profile /tmp/mail.cpuprofile]  (CPU profile of the pipeline only,
//                         and of the direct run after it in .direct.cpuprofile)
//                         [--profile-round 1]  (the round profiled)
//                         [--in-flight]  (SMTP sends in flight over the pipeline run, exactly)
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Client } from 'pg';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { AppConfig } from '../src/config/app-config';
import { migrate } from '../src/database/migrator';
import { systemActor } from '../src/modules/identity/audit.types';
import { IdentityService } from '../src/modules/identity/identity.service';
import { ComposePool } from '../src/modules/messaging/delivery/compose-pool';
import { MailDeliveryService } from '../src/modules/messaging/delivery/mail-delivery.service';
import { MailWorker } from '../src/modules/messaging/delivery/mail.worker';
import { MessageComposer } from '../src/modules/messaging/delivery/message-composer';
import type { MailTransport } from '../src/modules/messaging/delivery/mail-transport';
import {
  DeliveryRepository,
  WarningFactRow,
} from '../src/modules/messaging/delivery/delivery.repository';
import { MAIL_TRANSPORT } from '../src/modules/messaging/messaging.tokens';
import { WarningDigestService } from '../src/modules/messaging/warning-digest.service';
import { arg, benchConfig, benchContext, benchDatabaseUrl, flag, fmt, log } from './bench-support';

const MESSAGES = arg('messages', 2000);
const CONCURRENCY = arg('concurrency', 8);
const ROUNDS = arg('rounds', 1);
const BATCH_SIZE = arg('batch-size', 50);
const POLL_MS = arg('poll-ms', 100);
// MAIL_COMPOSE_THREADS of the worker: --compose-threads N, or --inline-compose for 0; by
// default the worker's own default (cores - 1, at least 1).
const COMPOSE_THREADS = flag('inline-compose') ? 0 : arg('compose-threads', -1);
const WARM_UP = !flag('no-warm-up');
// Which measured round --profile profiles.
const PROFILE_ROUND = arg('profile-round', 1);
const PROFILE = process.argv.includes('--profile')
  ? process.argv[process.argv.indexOf('--profile') + 1]
  : null;

// Counts every statement sent to PostgreSQL by this process while `counting` is on, and the
// time from sending each to its answer, by statement (its first words).
let counting = false;
let queries = 0;
const byStatement = new Map<string, { n: number; ms: number }>();
if (flag('count-queries')) {
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (!counting) return result;
    queries++;
    const sql =
      typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 70);
    const t = performance.now();
    const record = () => {
      const e = byStatement.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t;
      byStatement.set(key, e);
    };
    if (result instanceof Promise) void result.then(record, record);
    return result;
  } as typeof Client.prototype.query;
}

// --in-flight: how busy the worker keeps the SMTP pool. Every change of the number of sends in
// flight is timed (no sampling), so the time spent with 0, 1..CONCURRENCY-1 and CONCURRENCY
// sends in flight adds up to the pipeline run exactly, with the time to the first send and
// from the last acceptance to the clock stopping.
class InFlight {
  private n = 0;
  private last = 0;
  private start = 0;
  firstSendAt = -1;
  lastDoneAt = -1;
  readonly at = new Map<number, number>();
  // Event-loop idle time (waiting for I/O with nothing to run), in tenths of the run.
  private elu = performance.eventLoopUtilization();
  private sampler: NodeJS.Timeout | null = null;
  readonly idleByTenth: number[][] = [];

  begin(t: number): void {
    this.n = 0;
    this.start = this.last = t;
    this.firstSendAt = this.lastDoneAt = -1;
    this.elu = performance.eventLoopUtilization();
    const samples: number[] = [];
    this.idleByTenth.push(samples);
    this.sampler = setInterval(() => {
      const e = performance.eventLoopUtilization();
      samples.push(performance.now() - this.start, e.idle - this.elu.idle);
    }, 10);
  }

  change(delta: number): void {
    const t = performance.now();
    this.at.set(this.n, (this.at.get(this.n) ?? 0) + (t - this.last));
    this.last = t;
    this.n += delta;
    if (delta > 0 && this.firstSendAt < 0) this.firstSendAt = t - this.start;
    if (delta < 0) this.lastDoneAt = t - this.start;
  }

  end(t: number): number {
    if (this.sampler) clearInterval(this.sampler);
    this.at.set(this.n, (this.at.get(this.n) ?? 0) + (t - this.last));
    this.last = t;
    return t - this.start;
  }
}
// CPU time of this process (user + system) over wall time, per run: how much of a core the
// run got and used (at 1.0 the process never waited; below, it waited for I/O or for a core).
const cpuShare = { direct: [] as string[], pipeline: [] as string[] };
function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

// CPU used by the local PostgreSQL backends of the bench database (other databases' work on a
// shared server is left out) and by Redis (Linux /proc; nothing where they cannot be read, e.g.
// servers in containers): ticks per process, so a run's figure counts only processes alive at
// its end (backends of a closed worker drop out instead of going negative).
const serverCpu = { direct: [] as string[], pipeline: [] as string[] };
let benchDatabase = '';
function serverTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        let kind: string | null = /^redis-server/.test(comm) ? 'redis' : null;
        if (/^postgres/.test(comm)) {
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          if (cmd.includes(` ${benchDatabase} `)) kind = 'pg';
        }
        if (!kind) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${kind}:${pid}`, Number(f[11]) + Number(f[12]));
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    // no /proc
  }
  return ticks;
}
function serverCpuSince(before: Map<string, number>): string {
  const used = { pg: 0, redis: 0 };
  for (const [key, t] of serverTicks()) {
    used[key.startsWith('pg') ? 'pg' : 'redis'] += (t - (before.get(key) ?? 0)) / 100;
  }
  return `${used.pg.toFixed(2)}+${used.redis.toFixed(2)}`;
}

const inFlight = flag('in-flight') ? new InFlight() : null;
const inFlightTotals = { runMs: 0, firstMs: 0, tailMs: 0 };

async function startSmtp(): Promise<{ server: SMTPServer; port: number; count: () => number }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData: (stream, _s, cb) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        cb(null, `queued as B${received}`);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return { server, port, count: () => received };
}

async function seed(ds: DataSource): Promise<void> {
  await ds.query(`TRUNCATE outbound_messages, notices, subscriber_accounts, organisations CASCADE`);
  const org: Array<{ id: string }> = await ds.query(
    `INSERT INTO organisations (name, kind, accreditation) VALUES ('Bench Vendor', 'vendor', 'accredited') RETURNING id`,
  );
  await ds.query(
    `INSERT INTO subscriber_accounts (id, account_number, reference, regime)
     SELECT md5('b' || g)::uuid, 'B' || g, 'SUB-BENCH' || g, 'generic' FROM generate_series(1, $1) g`,
    [MESSAGES],
  );
  await ds.query(
    `INSERT INTO identity.subscribers (account_id, full_name, email, language, regime)
     SELECT md5('b' || g)::uuid, 'Bench Subscriber ' || g, 'b' || g || '@subscriber.example', 'en', 'generic'
       FROM generate_series(1, $1) g`,
    [MESSAGES],
  );
  await ds.query(
    `INSERT INTO notices (id, reference, organisation_id, channel, source_format, media_type, original,
       original_sha256, owner_name, status)
     SELECT md5('n' || g)::uuid, 'NR-BENCH-' || g, $2, 'api', 'acns', 'application/xml',
       convert_to('<Infringement/>', 'UTF8'), 'x', 'Bench Pictures', 'accepted'
       FROM generate_series(1, $1) g`,
    [MESSAGES, org[0].id],
  );
  await ds.query(
    `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title, file_name,
       status, attribution_outcome, subscriber_account_id, subscriber_ref, regime, attributed_at)
     SELECT md5('n' || g)::uuid, 0, '198.51.100.10', 51413, '2026-10-04T21:13:07Z', 'BitTorrent',
       'Bench Film', 'Bench.Film.mkv', 'attributed', 'unique', md5('b' || g)::uuid, 'SUB-BENCH' || g,
       'generic', now() - interval '1 hour'
       FROM generate_series(1, $1) g`,
    [MESSAGES],
  );
}

async function direct(
  port: number,
  mails: Mail.Options[],
  profilePath: string | null = null,
): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    // The pipeline's pool has one connection per send in flight (issue #17), so has this one.
    maxConnections: CONCURRENCY,
    maxMessages: Infinity,
    ignoreTLS: true,
  });
  const session = profilePath ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpu0 = process.cpuUsage();
  const servers0 = serverTicks();
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < mails.length) await transport.sendMail(mails[next++]);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  cpuShare.direct.push(`${cpu.toFixed(2)} s (${(cpu / seconds).toFixed(2)}/s)`);
  serverCpu.direct.push(serverCpuSince(servers0));
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    session.disconnect();
  }
  transport.close();
  return mails.length / seconds;
}

// The worker, started once and kept for every round, as a mail worker runs in production (a
// long-lived process: its compose threads, like this process, are warm after the first round).
async function startWorker(
  env: NodeJS.ProcessEnv,
  config: AppConfig,
  phases: Map<string, { n: number; ms: number }>,
): Promise<INestApplicationContext> {
  const worker: INestApplicationContext = await NestFactory.createApplicationContext(
    AppModule.forRoot(benchConfig(config.database.url, { ...env, MODE: 'worker' })),
    { logger: ['error'] },
  );
  await worker.init();
  // --phases: time spent in each step of the worker's batches (wall clock, overlapping).
  if (flag('phases')) {
    const wrap = (obj: object, name: string, label: string) => {
      const o = obj as Record<string, (...a: unknown[]) => Promise<unknown>>;
      const orig = o[name].bind(obj);
      o[name] = async (...a: unknown[]) => {
        const t = performance.now();
        try {
          return await orig(...a);
        } finally {
          const p = phases.get(label) ?? { n: 0, ms: 0 };
          p.n++;
          p.ms += performance.now() - t;
          phases.set(label, p);
        }
      };
    };
    const wr = worker.get(DeliveryRepository);
    wrap(wr, 'claimMessages', 'claim');
    wrap(wr, 'findWarningFacts', 'facts');
    wrap(wr, 'markSent', 'acknowledge');
    wrap(worker.get(IdentityService), 'readEach', 'identity (audited)');
    wrap(worker.get(MailDeliveryService), 'deliverBatch', 'whole batch');
    wrap(worker.get(ComposePool), 'prepare', 'compose');
    wrap(worker.get<symbol, MailTransport>(MAIL_TRANSPORT), 'send', 'SMTP send');
  }
  if (inFlight) {
    const transport = worker.get<symbol, MailTransport>(MAIL_TRANSPORT);
    const send = transport.send.bind(transport);
    transport.send = async (mail) => {
      inFlight.change(+1);
      try {
        return await send(mail);
      } finally {
        inFlight.change(-1);
      }
    };
  }
  return worker;
}

// One pipeline run: the rows released, the clock stopped when all are recorded.
async function pipelineRound(
  ds: DataSource,
  smtp: { count: () => number },
  mailWorker: MailWorker,
  profilePath: string | null,
): Promise<{ rate: number; sent: number; received: number }> {
  await mailWorker.resume();
  const before = smtp.count();
  const session = profilePath ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  await ds.query(`UPDATE outbound_messages SET status = 'pending' WHERE status = 'cancelled'`);
  counting = true;
  const cpu0 = process.cpuUsage();
  const servers0 = serverTicks();
  const t0 = performance.now();
  inFlight?.begin(t0);
  // Done when every row is recorded sent (or dead). Until the SMTP server has received them
  // all, the bench only watches its in-process counter: polling PostgreSQL all along would
  // charge the pipeline for the bench's own queries (this process and PostgreSQL share the CPU).
  // The counter is read every 5 ms (free: no I/O), PostgreSQL for dead rows only every 250 ms,
  // so the clock does not run on for up to 250 ms after the last message arrived.
  let deadCheckedAt = performance.now();
  while (smtp.count() - before < MESSAGES) {
    if (performance.now() - deadCheckedAt >= 250) {
      const dead: Array<{ n: number }> = await ds.query(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'dead'`,
      );
      if (smtp.count() - before + dead[0].n >= MESSAGES) break;
      deadCheckedAt = performance.now();
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  for (;;) {
    const rows: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE status IN ('sent', 'dead')`,
    );
    if (rows[0].n >= MESSAGES) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const t1 = performance.now();
  const rate = MESSAGES / ((t1 - t0) / 1000);
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  cpuShare.pipeline.push(`${cpu.toFixed(2)} s (${(cpu / ((t1 - t0) / 1000)).toFixed(2)}/s)`);
  serverCpu.pipeline.push(serverCpuSince(servers0));
  counting = false;
  if (inFlight) {
    const runMs = inFlight.end(t1);
    inFlightTotals.runMs += runMs;
    inFlightTotals.firstMs += inFlight.firstSendAt;
    inFlightTotals.tailMs += runMs - inFlight.lastDoneAt;
  }
  if (session && profilePath) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
    session.disconnect();
  }
  const received = smtp.count() - before;
  const sent: Array<{ n: number }> = await ds.query(
    `SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'sent'`,
  );
  await mailWorker.pause();
  return { rate, sent: sent[0].n, received };
}

// The same rows and items back to where the first round found them (parked, attributed).
async function resetForRound(ds: DataSource): Promise<void> {
  await ds.query(
    `UPDATE outbound_messages SET status = 'cancelled', attempts = 0, batch_id = NULL,
            queued_at = NULL, sending_at = NULL, sent_at = NULL, transport_message_id = NULL,
            message_id_header = NULL, subject = NULL, text_sha256 = NULL, html_sha256 = NULL,
            language = NULL, last_error = NULL, dead_at = NULL`,
  );
  await ds.query(
    `UPDATE notice_items SET status = 'attributed', forwarded_at = NULL WHERE status = 'forwarded'`,
  );
  await vacuum(ds);
}

// Every round rewrites each outbox row several times (pending, queued, batch, sending, sent)
// and the reset once more: the dead row versions are cleared and the statistics refreshed
// before the clock starts, as autovacuum does on a production server (it is off on some test
// servers, where each round would otherwise run against a more bloated table than the last).
async function vacuum(ds: DataSource): Promise<void> {
  await ds.query(`VACUUM (ANALYZE) outbound_messages, notice_items, outbound_message_items`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function main(): Promise<void> {
  const smtp = await startSmtp();
  const env = {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    QUEUE_PREFIX: `nrbench-${randomBytes(3).toString('hex')}`,
    MAIL_DIGEST_WINDOW_SECONDS: '0',
    MAIL_POLL_MS: String(POLL_MS),
    MAIL_CONCURRENCY: String(CONCURRENCY),
    MAIL_BATCH_SIZE: String(BATCH_SIZE),
    ...(COMPOSE_THREADS >= 0 ? { MAIL_COMPOSE_THREADS: String(COMPOSE_THREADS) } : {}),
  };
  const config = benchConfig(benchDatabaseUrl('mail'), env);
  benchDatabase = new URL(config.database.url).pathname.slice(1);
  await migrate(config.database.url);
  log(
    `messages: ${fmt(MESSAGES)}  concurrency: ${CONCURRENCY}  smtp pool: ${CONCURRENCY} connections  batch: ${BATCH_SIZE}  poll: ${POLL_MS} ms`,
  );

  // Outbox rows written by the digest, then parked so the clock starts when they are released.
  const cli = await benchContext(config);
  const ds = cli.get(DataSource);
  await seed(ds);
  await cli.get(WarningDigestService).runOnce(MESSAGES + 1);
  await ds.query(`UPDATE outbound_messages SET status = 'cancelled'`);
  await vacuum(ds);

  // Baseline: the very messages the worker will send, composed beforehand by the worker's own
  // composer from the same rows (the bench reads contacts through IdentityService, audited).
  const repo = cli.get(DeliveryRepository);
  const idRows: Array<{ id: string }> = await ds.query(
    `SELECT id FROM outbound_messages ORDER BY created_at, id`,
  );
  const ids = idRows.map((r) => r.id);
  const rows = new Map((await repo.findMessages(ids)).map((m) => [m.id, m]));
  const facts = new Map<string, WarningFactRow[]>();
  for (const f of await repo.findWarningFacts(ids)) {
    facts.set(f.messageId, [...(facts.get(f.messageId) ?? []), f]);
  }
  const contacts = await cli.get(IdentityService).readEach(
    ids.map((id) => ({
      accountId: rows.get(id)!.subscriberAccountId,
      access: {
        actor: systemActor('bench'),
        purpose: `bench:mail baseline for message ${id}`,
        fields: ['email', 'language', 'fullName'] as const,
      },
    })),
  );
  const composer = cli.get(MessageComposer);
  const mails: Mail.Options[] = ids.map((id, i) => {
    const mail = composer.compose(rows.get(id)!, facts.get(id) ?? [], contacts[i]);
    if (!mail) throw new Error('every bench subscriber has an e-mail address');
    return mail;
  });
  // Rounds: direct, then (pipeline, direct) ROUNDS times; each pipeline run is compared with
  // the direct runs just before and after it, and the median of those ratios is the figure.
  const phases = new Map<string, { n: number; ms: number }>();
  const worker = await startWorker(env, config, phases);
  const threads = worker.get(ComposePool).threadCount;
  // The worker is paused (no polls, no jobs) while the direct baseline runs.
  const mailWorker = worker.get(MailWorker);
  await mailWorker.pause();
  const idle0 = process.cpuUsage();
  const idleT0 = performance.now();
  await new Promise((r) => setTimeout(r, 1000));
  const idleShare = cpuSeconds(process.cpuUsage(idle0)) / ((performance.now() - idleT0) / 1000);
  let warmUp = '';
  if (WARM_UP) {
    const d = await direct(smtp.port, mails);
    const w = await pipelineRound(ds, smtp, mailWorker, null);
    await resetForRound(ds);
    warmUp = `pipeline ${fmt(w.rate)} msg/s, direct ${fmt(d)} msg/s`;
    // What follows counts the measured rounds only.
    phases.clear();
    cpuShare.direct.length = cpuShare.pipeline.length = 0;
    serverCpu.direct.length = serverCpu.pipeline.length = 0;
    inFlight?.at.clear();
    if (inFlight) inFlight.idleByTenth.length = 0;
    Object.assign(inFlightTotals, { runMs: 0, firstMs: 0, tailMs: 0 });
    queries = 0;
    byStatement.clear();
  }
  const directRuns = [await direct(smtp.port, mails)];
  const pipelineRuns: number[] = [];
  let sentTotal = 0;
  let receivedTotal = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const r = await pipelineRound(
      ds,
      smtp,
      mailWorker,
      round === PROFILE_ROUND - 1 ? PROFILE : null,
    );
    pipelineRuns.push(r.rate);
    sentTotal += r.sent;
    receivedTotal += r.received;
    await resetForRound(ds);
    const profileDirect =
      round === PROFILE_ROUND - 1 && PROFILE
        ? PROFILE.replace(/(\.cpuprofile)?$/, '.direct$1')
        : null;
    directRuns.push(await direct(smtp.port, mails, profileDirect));
  }
  await worker.close();
  const ratios = pipelineRuns.map((p, i) => p / ((directRuns[i] + directRuns[i + 1]) / 2));
  const baseline = directRuns.reduce((a, b) => a + b, 0) / directRuns.length;
  const pipeline = pipelineRuns.reduce((a, b) => a + b, 0) / pipelineRuns.length;

  log(
    `worker: ${threads} compose thread(s); paused between its runs, this process then used ${(100 * idleShare).toFixed(1)}% of a core`,
  );
  if (warmUp) log(`warm-up round (not counted): ${warmUp}`);
  log(
    `outbox messages sent: ${fmt(sentTotal)} of ${fmt(MESSAGES * ROUNDS)} (SMTP received ${fmt(receivedTotal)})`,
  );
  log(
    `direct nodemailer baseline: ${fmt(baseline)} msg/s (runs: ${directRuns.map(fmt).join(', ')})`,
  );
  log(
    `outbox -> Bull -> worker:   ${fmt(pipeline)} msg/s (runs: ${pipelineRuns.map(fmt).join(', ')})`,
  );
  if (flag('count-queries')) {
    // Includes this bench's own progress checks.
    const perMessage = queries / (MESSAGES * ROUNDS);
    log(
      `SQL statements during the pipeline runs: ${fmt(queries)} (${perMessage.toFixed(2)} a message)`,
    );
    for (const [k, v] of [...byStatement].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
      log(`  ${v.n} x ${(v.ms / v.n).toFixed(1)} ms  ${k}`);
    }
  }
  for (const [k, v] of phases) {
    log(`  ${k}: ${v.n} calls, ${(v.ms / v.n).toFixed(1)} ms each on average`);
  }
  if (inFlight) {
    const { runMs, firstMs, tailMs } = inFlightTotals;
    const pct = (ms: number) => `${((100 * ms) / runMs).toFixed(1)}%`;
    log(
      `SMTP sends in flight over the pipeline runs (${(runMs / 1000).toFixed(2)} s): ` +
        `first send after ${(firstMs / ROUNDS).toFixed(0)} ms, clock stopped ` +
        `${(tailMs / ROUNDS).toFixed(0)} ms after the last acceptance (per round)`,
    );
    for (const [n, ms] of [...inFlight.at].sort((a, b) => a[0] - b[0])) {
      log(`  ${n} in flight: ${(ms / 1000).toFixed(2)} s (${pct(ms)})`);
    }
    for (const samples of inFlight.idleByTenth) {
      const runMs = samples[samples.length - 2];
      const idle: number[] = Array.from({ length: 10 }, () => 0);
      let prevT = 0;
      let prevIdle = 0;
      for (let i = 0; i < samples.length; i += 2) {
        const tenth = Math.min(9, Math.floor((10 * prevT) / runMs));
        idle[tenth] += samples[i + 1] - prevIdle;
        prevT = samples[i];
        prevIdle = samples[i + 1];
      }
      log(
        `  event loop idle by tenth of the run (${runMs.toFixed(0)} ms, idle ${prevIdle.toFixed(0)} ms): ` +
          idle.map((ms) => ms.toFixed(0)).join(' '),
      );
    }
  }
  log(
    `CPU of this process per run (per wall second): direct ${cpuShare.direct.join(', ')}; ` +
      `pipeline ${cpuShare.pipeline.join(', ')}`,
  );
  log(
    `CPU seconds of PostgreSQL (bench database backends) + Redis per run: direct ${serverCpu.direct.join(', ')}; ` +
      `pipeline ${serverCpu.pipeline.join(', ')}`,
  );
  if (ROUNDS > 1) log(`ratio per round: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  log(`ratio pipeline/direct: ${median(ratios).toFixed(2)} (target >= 0.70)`);
  await cli.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
