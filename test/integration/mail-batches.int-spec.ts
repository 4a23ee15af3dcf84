import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { systemActor } from '../../src/modules/identity/audit.types';
import {
  INTERRUPTED_NOTE,
  MailDeliveryService,
} from '../../src/modules/messaging/delivery/mail-delivery.service';
import {
  MailBatchJobData,
  OutboxRelayService,
  STALE_CHECK_INTERVAL_MS,
} from '../../src/modules/messaging/delivery/outbox-relay.service';
import { ComposePool } from '../../src/modules/messaging/delivery/compose-pool';
import { MessagingRepository } from '../../src/modules/messaging/messaging.repository';
import { WarningDigestService } from '../../src/modules/messaging/warning-digest.service';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { MailJob, QueueName } from '../../src/queue/queue-names';
import {
  SeededSubscriber,
  seedAttributedNotice,
  seedOrganisation,
  seedSubscriber,
} from '../support/notice-factories';
import { PrivateRedis } from '../support/redis-server';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface Row {
  id: string;
  subscriber_account_id: string;
  status: string;
  attempts: number;
  batch_id: string | null;
  last_error: string | null;
  sent_at: Date | null;
  transport_message_id: string | null;
}

// Batch delivery (issue #5): the relay hands rows to Redis as send-batch jobs; the worker claims,
// reads identities (audited, one entry per message) and acknowledges per batch. The worker's
// poll is slowed right down so each test drives the digest and the relay itself.
describe('mail delivery in batches', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let ctx: INestApplicationContext;
  let ds: DataSource;
  let repo: MessagingRepository;
  let delivery: MailDeliveryService;
  let queue: Queue<MailBatchJobData>;
  let subscribers: SubscribersRepository;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    smtp = await SmtpSink.start();
    ctx = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        testConfig(db.url, {
          MODE: 'worker',
          REDIS_URL: redis.url,
          SMTP_URL: smtp.url,
          MAIL_FROM: 'Abuse Desk <abuse@isp.example>',
          // Messages are composed on threads, as in production (compose-pool.ts).
          MAIL_COMPOSE_THREADS: '2',
          MAIL_DIGEST_WINDOW_SECONDS: '0',
          MAIL_POLL_MS: '600000',
          MAIL_BACKOFF_MS: '100',
          MAIL_ATTEMPTS: '4',
          MAIL_BATCH_SIZE: '50',
        }),
      ),
      { logger: false },
    );
    await ctx.init();
    ds = ctx.get(DataSource);
    repo = ctx.get(MessagingRepository);
    delivery = ctx.get(MailDeliveryService);
    queue = ctx.get<Queue<MailBatchJobData>>(getQueueToken(QueueName.Mail));
    subscribers = new SubscribersRepository(ds);
    orgId = await seedOrganisation(ds, 'Batch Vendor');
  });

  afterAll(async () => {
    await ctx?.close();
    await smtp?.stop();
    await redis?.stop();
    await db?.drop();
  });

  afterEach(() => {
    smtp.reply = () => null;
    jest.restoreAllMocks();
  });

  // n subscribers, each with one attributed notice turned into a pending outbox row.
  async function pendingMessages(n: number): Promise<Array<{ s: SeededSubscriber; id: string }>> {
    const subs: SeededSubscriber[] = [];
    for (let i = 0; i < n; i++) {
      const s = await seedSubscriber(ds, subscribers, { regime: 'generic', language: 'en' });
      await seedAttributedNotice(ds, { organisationId: orgId, subscriber: s, regime: 'generic' });
      subs.push(s);
    }
    await ctx.get(WarningDigestService).runOnce();
    const rows: Row[] = await ds.query(
      `SELECT * FROM outbound_messages WHERE subscriber_account_id = ANY($1::uuid[])`,
      [subs.map((s) => s.accountId)],
    );
    expect(rows.map((r) => r.status)).toEqual(subs.map(() => 'pending'));
    return subs.map((s) => ({
      s,
      id: rows.find((r) => r.subscriber_account_id === s.accountId)!.id,
    }));
  }

  const rowsOf = async (ids: string[]): Promise<Map<string, Row>> => {
    const rows: Row[] = await ds.query(
      `SELECT * FROM outbound_messages WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r]));
  };

  const settled = (ids: string[]) =>
    waitFor('batch settled', async () => {
      const rows = await rowsOf(ids);
      return [...rows.values()].every((r) => ['sent', 'dead'].includes(r.status)) && rows;
    });

  const batchJobs = async (): Promise<Array<Job<MailBatchJobData>>> =>
    (await queue.getJobs(['completed', 'failed', 'waiting', 'active', 'delayed'])).filter(
      (j) => (j.name as MailJob) === MailJob.SendBatch,
    );

  it('composes messages on the configured threads', () => {
    expect(ctx.get(ComposePool).threadCount).toBe(2);
  });

  it('sends a batch in which one recipient is refused with 5xx: the others go out once, that one is dead-lettered', async () => {
    const msgs = await pendingMessages(4);
    const hard = msgs[2];
    smtp.reply = (rcpt) =>
      rcpt === hard.s.email ? { code: 550, message: `5.1.1 ${rcpt} no such user` } : null;
    const before = await batchJobs();
    await ctx.get(OutboxRelayService).runOnce();

    const rows = await settled(msgs.map((m) => m.id));
    // One job carried the four ids, and only ids.
    const jobs = (await batchJobs()).filter((j) => !before.some((b) => b.id === j.id));
    expect(jobs).toHaveLength(1);
    expect(Object.keys(jobs[0].data).sort()).toEqual(['batchId', 'messageIds']);
    expect([...jobs[0].data.messageIds].sort()).toEqual(msgs.map((m) => m.id).sort());
    expect(String(jobs[0].id)).toBe(jobs[0].data.batchId);
    const job = await waitFor('job done', async () => {
      const j = await queue.getJob(jobs[0].id);
      return j && (await j.isCompleted()) && j;
    });
    const outcomes = (job.returnvalue as { outcomes: Record<string, string> }).outcomes;
    expect(outcomes[hard.id]).toBe('dead');
    expect(Object.values(outcomes).filter((o) => o === 'sent')).toHaveLength(3);

    for (const m of msgs) {
      const r = rows.get(m.id)!;
      expect(r.batch_id).toBe(jobs[0].data.batchId);
      expect(r.attempts).toBe(1);
      if (m === hard) {
        expect(r.status).toBe('dead');
        expect(r.last_error).toMatch(/^smtp 550/);
        expect(r.last_error).not.toContain(hard.s.email);
        expect(smtp.to(m.s.email)).toHaveLength(0);
      } else {
        expect(r.status).toBe('sent');
        expect(r.transport_message_id).toMatch(/queued as Q\d+/);
        expect(smtp.to(m.s.email)).toHaveLength(1);
        // The receipt turns "forwarded" at the acceptance time.
        const items: Array<{ status: string; forwarded_at: Date }> = await ds.query(
          `SELECT i.status, i.forwarded_at FROM notice_items i
             JOIN outbound_message_items mi ON mi.item_id = i.id WHERE mi.message_id = $1`,
          [m.id],
        );
        expect(items).toEqual([{ status: 'forwarded', forwarded_at: r.sent_at }]);
      }
    }

    // One identity.read per message, each naming its message, and the chain still verifies.
    const audit: Array<{ subject_id: string; purpose: string; actor_id: string }> = await ds.query(
      `SELECT subject_id, purpose, actor_id FROM audit_log
        WHERE action = 'identity.read' AND subject_id = ANY($1::text[]) ORDER BY seq`,
      [msgs.map((m) => m.s.accountId)],
    );
    expect(audit).toHaveLength(4);
    for (const m of msgs) {
      expect(audit.filter((a) => a.subject_id === m.s.accountId)).toEqual([
        {
          subject_id: m.s.accountId,
          purpose: `send warning message ${m.id}`,
          actor_id: systemActor('messaging').id,
        },
      ]);
    }
    await expect(ctx.get(AuditRepository).verify()).resolves.toMatchObject({ ok: true });
  });

  it('retries a 4xx in a batch with backoff and does not resend the messages already accepted', async () => {
    const msgs = await pendingMessages(3);
    const soft = msgs[0];
    let refusals = 0;
    smtp.reply = (rcpt) => {
      if (rcpt === soft.s.email && refusals < 2) {
        refusals++;
        return { code: 451, message: `4.3.0 ${rcpt} try again later` };
      }
      return null;
    };
    await ctx.get(OutboxRelayService).runOnce();
    const rows = await settled(msgs.map((m) => m.id));
    expect(rows.get(soft.id)).toMatchObject({ status: 'sent', attempts: 3 });
    for (const m of msgs.slice(1))
      expect(rows.get(m.id)).toMatchObject({ status: 'sent', attempts: 1 });
    await new Promise((r) => setTimeout(r, 300));
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
  });

  it('a compose thread dying with messages in it costs a retry: none is lost or sent twice', async () => {
    const msgs = await pendingMessages(3);
    const pool = ctx.get(ComposePool);
    const threads = () =>
      (pool as unknown as { threads: Array<{ worker: Worker }> }).threads.map((t) => t.worker);
    const prepare = pool.prepare.bind(pool);
    let victim: Worker | null = null;
    // The first message is handed to the first thread, which is stopped before it can answer.
    jest.spyOn(pool, 'prepare').mockImplementation((job) => {
      const composed = prepare(job);
      if (!victim) {
        victim = threads()[0];
        void victim.terminate();
      }
      return composed;
    });
    await ctx.get(OutboxRelayService).runOnce();
    const rows = await settled(msgs.map((m) => m.id));
    expect([...rows.values()].map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(Math.max(...[...rows.values()].map((r) => r.attempts))).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
    expect(pool.threadCount).toBe(2);
    expect(threads()).not.toContain(victim);
  });

  it('a batch rerun sends no second copy, whether the batch finished or died after SMTP accepted', async () => {
    const msgs = await pendingMessages(3);
    const ids = msgs.map((m) => m.id);
    const batchId = randomUUID();
    await repo.assignBatches(ids.map((id) => ({ id, batchId })));

    // The "crash": SMTP accepts all three, then recording the acceptances fails for good.
    jest.spyOn(repo, 'markSent').mockRejectedValue(new Error('process killed'));
    await expect(
      delivery.deliverBatch({ batchId, messageIds: ids }, { lastAttempt: false }),
    ).rejects.toThrow('process killed');
    jest.restoreAllMocks();
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
    expect([...(await rowsOf(ids)).values()].map((r) => r.status)).toEqual([
      'sending',
      'sending',
      'sending',
    ]);

    // Bull reruns the job (stalled-job recovery): SMTP cannot say what it accepted, so the rows
    // are parked for the desk; nothing is sent again.
    const job = await queue.add(
      MailJob.SendBatch,
      { batchId, messageIds: ids },
      { jobId: `${batchId}-rerun` },
    );
    const result = (await job.finished()) as { outcomes: Record<string, string> };
    expect(result.outcomes).toEqual(Object.fromEntries(ids.map((id) => [id, 'parked'])));
    for (const r of (await rowsOf(ids)).values()) {
      expect(r).toMatchObject({ status: 'dead', last_error: INTERRUPTED_NOTE });
    }

    // A finished batch run again does nothing at all.
    const fresh = await pendingMessages(2);
    const freshIds = fresh.map((m) => m.id);
    const b2 = randomUUID();
    await repo.assignBatches(freshIds.map((id) => ({ id, batchId: b2 })));
    const first = await delivery.deliverBatch(
      { batchId: b2, messageIds: freshIds },
      { lastAttempt: false },
    );
    expect([...first.values()]).toEqual(['sent', 'sent']);
    const again = await delivery.deliverBatch(
      { batchId: b2, messageIds: freshIds },
      { lastAttempt: false },
    );
    expect([...again.values()]).toEqual(['skipped', 'skipped']);
    await new Promise((r) => setTimeout(r, 200));
    for (const m of [...msgs, ...fresh]) expect(smtp.to(m.s.email)).toHaveLength(1);
  });

  it('only the batch that owns a row sends it or parks it', async () => {
    const [a, b] = await pendingMessages(2);
    const oldBatch = randomUUID();
    const newBatch = randomUUID();
    // a was handed over in oldBatch, then again in newBatch (Redis lost the first job).
    await repo.assignBatches([{ id: a.id, batchId: oldBatch }]);
    await repo.assignBatches([{ id: a.id, batchId: newBatch }]);
    const stale = await delivery.deliverBatch(
      { batchId: oldBatch, messageIds: [a.id] },
      { lastAttempt: false },
    );
    expect(stale.get(a.id)).toBe('skipped');
    expect(smtp.to(a.s.email)).toHaveLength(0);
    expect(
      (
        await delivery.deliverBatch(
          { batchId: newBatch, messageIds: [a.id] },
          { lastAttempt: false },
        )
      ).get(a.id),
    ).toBe('sent');

    // b is being sent by its own batch; another job naming it neither sends nor parks it.
    const owner = randomUUID();
    await repo.assignBatches([{ id: b.id, batchId: owner }]);
    await ds.query(
      `UPDATE outbound_messages SET status = 'sending', sending_at = now() WHERE id = $1`,
      [b.id],
    );
    const other = await delivery.deliverBatch(
      { batchId: randomUUID(), messageIds: [b.id] },
      { lastAttempt: false },
    );
    expect(other.get(b.id)).toBe('skipped');
    expect((await rowsOf([b.id])).get(b.id)!.status).toBe('sending');
    expect(smtp.to(b.s.email)).toHaveLength(0);
  });

  it('pays a handful of SQL statements per batch, not several per message', async () => {
    const msgs = await pendingMessages(20);
    const ids = msgs.map((m) => m.id);
    const batchId = randomUUID();
    await repo.assignBatches(ids.map((id) => ({ id, batchId })));
    let statements = 0;
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    let out: Map<string, string>;
    try {
      out = await delivery.deliverBatch({ batchId, messageIds: ids }, { lastAttempt: false });
    } finally {
      Client.prototype.query = original;
    }
    expect([...out.values()].every((o) => o === 'sent')).toBe(true);
    // Fixed per batch: claim; identity (BEGIN, audit lock, chain head, one INSERT for the 20
    // entries, SELECT, COMMIT); facts. Acknowledgements are grouped as SMTP accepts, a few
    // writes for 20 messages. Per message this was about 7 statements (140 here).
    expect(statements).toBeLessThan(ids.length);
    const audit: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'identity.read' AND subject_id = ANY($1::text[])`,
      [msgs.map((m) => m.s.accountId)],
    );
    expect(audit[0].n).toBe(20);
  });
  it('an acknowledgement forwards the waiting items of its own messages only', async () => {
    const msgs = await pendingMessages(3);
    const [a, b, c] = msgs;
    const itemOf = async (id: string): Promise<{ id: string; status: string }> =>
      (
        await ds.query(
          `SELECT i.id, i.status FROM notice_items i
             JOIN outbound_message_items mi ON mi.item_id = i.id WHERE mi.message_id = $1`,
          [id],
        )
      )[0];
    // b's item was withdrawn from forwarding meanwhile (an invalidated notice): it stays so.
    await ds.query(`UPDATE notice_items SET status = 'not_forwarded' WHERE id = $1`, [
      (await itemOf(b.id)).id,
    ]);
    const sentAt = new Date('2026-11-30T10:00:00Z');
    const record = (id: string) => ({
      id,
      sentAt,
      transportMessageId: '250 ok',
      messageIdHeader: `<${id}@isp.example>`,
      subject: 's',
      textSha256: 't',
      htmlSha256: 'h',
      language: 'en',
    });
    await repo.markSent([record(a.id), record(b.id)]);
    const items: Array<{ message_id: string; status: string; forwarded_at: Date | null }> =
      await ds.query(
        `SELECT mi.message_id, i.status, i.forwarded_at FROM notice_items i
           JOIN outbound_message_items mi ON mi.item_id = i.id
          WHERE mi.message_id = ANY($1::uuid[])`,
        [msgs.map((m) => m.id)],
      );
    const of = (id: string) => items.find((i) => i.message_id === id);
    expect(of(a.id)).toEqual({ message_id: a.id, status: 'forwarded', forwarded_at: sentAt });
    expect(of(b.id)).toEqual({ message_id: b.id, status: 'not_forwarded', forwarded_at: null });
    expect(of(c.id)).toEqual({ message_id: c.id, status: 'attributed', forwarded_at: null });
    const rows: Row[] = await ds.query(
      `SELECT * FROM outbound_messages WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[a.id, c.id]],
    );
    expect(rows.find((r) => r.id === a.id)!.status).toBe('sent');
    expect(rows.find((r) => r.id === c.id)!.status).toBe('pending');
  });
  it('the relay parks a send left in flight by a dead worker, checking at most once a minute', async () => {
    const [m] = await pendingMessages(1);
    const relay = ctx.get(OutboxRelayService);
    // A worker claimed the row (no job is left for it here), then died.
    await ds.query(
      `UPDATE outbound_messages SET status = 'sending', sending_at = now() WHERE id = $1`,
      [m.id],
    );
    const later = Date.now() + 2 * STALE_CHECK_INTERVAL_MS;
    jest.spyOn(Date, 'now').mockReturnValue(later);
    expect((await relay.runOnce()).parked).toBe(0); // checked: not stale yet
    await ds.query(
      `UPDATE outbound_messages SET sending_at = now() - interval '20 minutes' WHERE id = $1`,
      [m.id],
    );
    const statusOf = async (): Promise<Row> => {
      const rows: Row[] = await ds.query(
        `SELECT status, last_error FROM outbound_messages WHERE id = $1`,
        [m.id],
      );
      return rows[0];
    };
    // Within the minute the check is not repeated.
    jest.spyOn(Date, 'now').mockReturnValue(later + STALE_CHECK_INTERVAL_MS - 1);
    expect((await relay.runOnce()).parked).toBe(0);
    expect((await statusOf()).status).toBe('sending');
    jest.spyOn(Date, 'now').mockReturnValue(later + STALE_CHECK_INTERVAL_MS);
    expect((await relay.runOnce()).parked).toBe(1);
    expect(await statusOf()).toMatchObject({ status: 'dead', last_error: INTERRUPTED_NOTE });
  });
});
