import { getQueueToken } from '@nestjs/bull';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Worker } from 'node:worker_threads';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { systemActor } from '../../src/modules/identity/audit.types';
import {
  CLAIM_STALE_SECONDS,
  INTERRUPTED_NOTE,
  MailDeliveryService,
} from '../../src/modules/messaging/delivery/mail-delivery.service';
import {
  LOST_JOB_CHECK_MS,
  MailBatchJobData,
  OutboxRelayService,
} from '../../src/modules/messaging/delivery/outbox-relay.service';
import { MessagingDeskService } from '../../src/modules/messaging/messaging-desk.service';
import { ComposePool } from '../../src/modules/messaging/delivery/compose-pool';
import { DeliveryRepository } from '../../src/modules/messaging/delivery/delivery.repository';
import { OutboxRelayRepository } from '../../src/modules/messaging/delivery/outbox-relay.repository';
import { WarningDigestService } from '../../src/modules/messaging/warning-digest.service';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { MailJob, QueueName } from '../../src/queue/queue-names';
import {
  seedAttributedNotice,
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { PrivateRedis } from '../support/redis-server';
import { mailDrained } from '../support/mail-drain';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

interface Row {
  id: string;
  subscriber_account_id: string;
  status: string;
  attempts: number;
  batch_id: string | null;
  handed_at: Date | null;
  next_attempt_at: Date | null;
  possible_duplicate: boolean;
  message_id_header: string | null;
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
  let repo: DeliveryRepository;
  let relayRepo: OutboxRelayRepository;
  let delivery: MailDeliveryService;
  let queue: Queue<MailBatchJobData>;
  let subscribers: SubscribersRepository;
  let orgId: string;

  const journalDir = mkdtempSync(join(tmpdir(), 'mail-acks-'));

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
          // A lost reply fails the send after 1 s instead of 30.
          SMTP_SOCKET_TIMEOUT_MS: '1000',
          MAIL_ACK_JOURNAL: `${journalDir}/acks.jsonl`,
        }),
      ),
      { logger: false },
    );
    await ctx.init();
    ds = ctx.get(DataSource);
    repo = ctx.get(DeliveryRepository);
    relayRepo = ctx.get(OutboxRelayRepository);
    delivery = ctx.get(MailDeliveryService);
    queue = ctx.get<Queue<MailBatchJobData>>(getQueueToken(QueueName.Mail));
    subscribers = subscribersRepository(ctx);
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
    smtp.loseReply = () => false;
    smtp.dropAfterData = () => false;
    jest.restoreAllMocks();
  });

  // Rows handed over by hand to one batch, as the relay would (status queued, batch id).
  const handOver = async (ids: string[], batchId: string): Promise<void> => {
    await ds.query(
      `UPDATE outbound_messages SET status = 'queued', queued_at = now(), batch_id = $2
        WHERE id = ANY($1::uuid[])`,
      [ids, batchId],
    );
  };

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

  // The worker's poll is slowed right down here: each look runs the relay, which hands over the
  // retries that have come due (their schedule is next_attempt_at).
  const settled = (ids: string[]) =>
    waitFor('batch settled', async () => {
      await ctx.get(OutboxRelayService).runOnce();
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
        expect(r.last_error).toBe('mailbox_unknown');
        expect(r.last_error).not.toContain(hard.s.email);
        expect(smtp.to(m.s.email)).toHaveLength(0);
        // The sender and the desk see the warning was not delivered, not "attributed".
        const items: Array<{ status: string; reason_code: string }> = await ds.query(
          `SELECT i.status, i.reason_code FROM notice_items i
             JOIN outbound_message_items mi ON mi.item_id = i.id WHERE mi.message_id = $1`,
          [m.id],
        );
        expect(items).toEqual([{ status: 'not_forwarded', reason_code: 'warning_dead_lettered' }]);
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
    // The retries were scheduled in PostgreSQL; a refusal is a known outcome: no duplicate.
    expect(rows.get(soft.id)!.next_attempt_at).not.toBeNull();
    expect(rows.get(soft.id)!.possible_duplicate).toBe(false);
    for (const m of msgs.slice(1))
      expect(rows.get(m.id)).toMatchObject({ status: 'sent', attempts: 1 });
    await mailDrained(
      ds,
      queue,
      msgs.map((m) => m.s.accountId),
    );
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
    // Bull only carried the batches: none of its jobs failed or waits for a retry.
    const jobs = await queue.getJobs(['failed', 'delayed']);
    expect(jobs.filter((j) => j.data.messageIds?.includes(soft.id))).toEqual([]);
  });

  // nodemailer's pool would put a message whose connection closed mid-send back on a new
  // connection by itself (maxRequeues) and report one clean send: a second copy nobody marked.
  // Both faults must fail the send, so the outbox retries it, counts it and marks it.
  it.each([
    ['a lost 250 reply (the client times out)', 'loseReply'],
    ['a connection cut after DATA, before its 250', 'dropAfterData'],
  ] as const)(
    '%s: resent with the same Message-ID and marked a possible duplicate',
    async (_fault, fault) => {
      const [m, other] = await pendingMessages(2);
      let hit = 0;
      smtp[fault] = (rcpt) => rcpt === m.s.email && hit++ === 0;
      await ctx.get(OutboxRelayService).runOnce();
      const rows = await settled([m.id, other.id]);
      expect(rows.get(m.id)).toMatchObject({
        status: 'sent',
        attempts: 2,
        possible_duplicate: true,
      });
      expect(rows.get(other.id)).toMatchObject({ status: 'sent', possible_duplicate: false });
      // SMTP holds two copies, under one Message-ID: the subscriber's client shows one.
      const copies = smtp.to(m.s.email);
      expect(copies).toHaveLength(2);
      expect(copies[0].parsed.messageId).toBe(copies[1].parsed.messageId);
      expect(copies[0].parsed.messageId).toBe(rows.get(m.id)!.message_id_header);
      const deliveries = await ctx.get(MessagingDeskService).deliveries('sent', 0, 500);
      expect(deliveries.rows.find((r) => r.id === m.id)).toMatchObject({ possibleDuplicate: true });
    },
  );

  it('a failed row whose batch Redis lost is handed over again within seconds, not minutes', async () => {
    const msgs = await pendingMessages(2);
    const ids = msgs.map((x) => x.id);
    // Handed over 10 s ago in a batch whose job Redis no longer has (restarted empty); one row
    // had failed and is due again.
    await handOver(ids, randomUUID());
    await ds.query(
      `UPDATE outbound_messages SET queued_at = now() - interval '10 seconds' WHERE id = $1`,
      [ids[0]],
    );
    await ds.query(
      `UPDATE outbound_messages SET status = 'failed', next_attempt_at = now() - interval '1 second'
        WHERE id = $1`,
      [ids[1]],
    );
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 2 * LOST_JOB_CHECK_MS);
    const relayed = await ctx.get(OutboxRelayService).runOnce();
    jest.restoreAllMocks();
    expect(relayed).toEqual({ relayed: 2, requeued: 1 });
    const rows = await settled(ids);
    expect([...rows.values()].map((r) => r.status)).toEqual(['sent', 'sent']);
    for (const x of msgs) expect(smtp.to(x.s.email)).toHaveLength(1);
  });

  it('two workers relaying and claiming at once never take the same row', async () => {
    const msgs = await pendingMessages(30);
    const ids = msgs.map((x) => x.id);
    const relay = ctx.get(OutboxRelayService);
    const batchIds = (n: number) => Array.from({ length: n }, () => randomUUID());
    // Two relays side by side (SKIP LOCKED): each row lands in exactly one batch.
    const queueSpy = jest.spyOn(queue, 'addBulk').mockResolvedValue([]);
    const [a, b] = await Promise.all([
      relayRepo.takeRelayable(300, 500, 10, batchIds(50)),
      relayRepo.takeRelayable(300, 500, 10, batchIds(50)),
    ]);
    queueSpy.mockRestore();
    const taken = [...a, ...b].map((t) => t.id).filter((id) => ids.includes(id));
    expect(taken.sort()).toEqual([...ids].sort());
    // Two claims of the same rows at once (no batch: any row): each row claimed once.
    await ds.query(`UPDATE outbound_messages SET batch_id = NULL WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    const [c1, c2] = await Promise.all([
      repo.claimMessages(ids, null, randomUUID()),
      repo.claimMessages(ids, null, randomUUID()),
    ]);
    expect([...c1, ...c2].map((r) => r.id).sort()).toEqual([...ids].sort());
    // Give them back for the other tests' counts.
    await ds.query(`UPDATE outbound_messages SET status = 'cancelled' WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    expect(relay).toBeDefined();
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
    // Nothing left the process: the row went back to pending and the attempt did not count.
    expect(Math.max(...[...rows.values()].map((r) => r.attempts))).toBe(1);
    await mailDrained(
      ds,
      queue,
      msgs.map((m) => m.s.accountId),
    );
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
    expect(pool.threadCount).toBe(2);
    expect(threads()).not.toContain(victim);
  });

  it('an acceptance the database cannot record waits in the journal and is recorded once it answers', async () => {
    const msgs = await pendingMessages(3);
    const ids = msgs.map((m) => m.id);
    const batchId = randomUUID();
    await handOver(ids, batchId);
    const journal = `${journalDir}/acks.jsonl`;
    // The database refuses the acknowledgement for a while (an outage), then answers.
    const markSent = repo.markSent.bind(repo);
    let refusals = 0;
    let journaled = false;
    jest.spyOn(repo, 'markSent').mockImplementation(async (records) => {
      if (refusals++ < 3) {
        journaled ||= existsSync(journal);
        throw new Error('connection terminated');
      }
      return markSent(records);
    });
    const out = await delivery.deliverBatch({ batchId, messageIds: ids });
    expect([...out.values()]).toEqual(['sent', 'sent', 'sent']);
    expect(journaled).toBe(true);
    expect(existsSync(journal)).toBe(false); // emptied once recorded
    for (const r of (await rowsOf(ids)).values()) {
      expect(r).toMatchObject({ status: 'sent', possible_duplicate: false });
      expect(r.handed_at).not.toBeNull();
    }
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);

    // A finished batch run again does nothing at all.
    const again = await delivery.deliverBatch({ batchId, messageIds: ids });
    expect([...again.values()]).toEqual(['skipped', 'skipped', 'skipped']);
    await mailDrained(
      ds,
      queue,
      msgs.map((m) => m.s.accountId),
    );
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
  });

  it('a delivered message parked while its acknowledgement waited becomes sent, never stays dead', async () => {
    const [m] = await pendingMessages(1);
    // A worker handed it to SMTP and its heartbeat stopped (the database was away): recovery
    // parks it as outcome unknown; then the journaled acknowledgement arrives.
    await ds.query(
      `UPDATE outbound_messages SET status = 'sending', claim_id = gen_random_uuid(),
              sending_at = now() - interval '1 minute', handed_at = now() - interval '59 seconds',
              heartbeat_at = now() - interval '1 minute' WHERE id = $1`,
      [m.id],
    );
    expect(await delivery.recoverAbandoned()).toMatchObject({ parked: 1 });
    expect((await rowsOf([m.id])).get(m.id)!.status).toBe('dead');
    await repo.markSent([
      {
        id: m.id,
        sentAt: new Date(),
        transportMessageId: '250 queued',
        messageIdHeader: delivery.messageIdHeader(m.id),
        subject: 's',
        textSha256: 't',
        htmlSha256: 'h',
        language: 'en',
      },
    ]);
    const row = (await rowsOf([m.id])).get(m.id)!;
    expect(row.status).toBe('sent');
    const items: Array<{ status: string }> = await ds.query(
      `SELECT i.status FROM notice_items i
         JOIN outbound_message_items mi ON mi.item_id = i.id WHERE mi.message_id = $1`,
      [m.id],
    );
    expect(items).toEqual([{ status: 'forwarded' }]);
  });

  it('only the batch that owns a row sends it or parks it', async () => {
    const [a, b] = await pendingMessages(2);
    const oldBatch = randomUUID();
    const newBatch = randomUUID();
    // a was handed over in oldBatch, then again in newBatch (Redis lost the first job).
    await handOver([a.id], oldBatch);
    await handOver([a.id], newBatch);
    const stale = await delivery.deliverBatch({ batchId: oldBatch, messageIds: [a.id] });
    expect(stale.get(a.id)).toBe('skipped');
    expect(smtp.to(a.s.email)).toHaveLength(0);
    expect((await delivery.deliverBatch({ batchId: newBatch, messageIds: [a.id] })).get(a.id)).toBe(
      'sent',
    );

    // b is being sent by its own batch; another job naming it neither sends nor parks it.
    const owner = randomUUID();
    await handOver([b.id], owner);
    await ds.query(
      `UPDATE outbound_messages SET status = 'sending', sending_at = now(), heartbeat_at = now()
        WHERE id = $1`,
      [b.id],
    );
    const other = await delivery.deliverBatch({ batchId: randomUUID(), messageIds: [b.id] });
    expect(other.get(b.id)).toBe('skipped');
    expect((await rowsOf([b.id])).get(b.id)!.status).toBe('sending');
    expect(smtp.to(b.s.email)).toHaveLength(0);
  });

  it('pays a handful of SQL statements per batch, not several per message', async () => {
    const msgs = await pendingMessages(20);
    const ids = msgs.map((m) => m.id);
    const batchId = randomUUID();
    await handOver(ids, batchId);
    let statements = 0;
    const original = Client.prototype.query;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      statements++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    let out: Map<string, string>;
    try {
      out = await delivery.deliverBatch({ batchId, messageIds: ids });
    } finally {
      Client.prototype.query = original;
    }
    expect([...out.values()].every((o) => o === 'sent')).toBe(true);
    // Fixed per batch: claim; identity (BEGIN, audit lock, chain head, one INSERT for the 20
    // entries, SELECT, COMMIT); facts; acknowledgements grouped as SMTP accepts. Per send, one
    // handed_at mark committed before its DATA (issue #17), shared by the sends that start
    // while it is written: at most one per message. Per message this was about 7 statements
    // before batches (140 here).
    expect(statements).toBeLessThan(2 * ids.length);
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
  it("a stopped worker's claims: rows never handed go back to pending and out, a handed one is parked and its retry says so", async () => {
    const msgs = await pendingMessages(3);
    const [never, alsoNever, handed] = msgs;
    // A worker claimed all three, handed one to SMTP, then died (its heartbeat stopped).
    await ds.query(
      `UPDATE outbound_messages SET status = 'sending', claim_id = gen_random_uuid(), attempts = 1,
              sending_at = now() - make_interval(secs => $2),
              heartbeat_at = now() - make_interval(secs => $2)
        WHERE id = ANY($1::uuid[])`,
      [msgs.map((m) => m.id), CLAIM_STALE_SECONDS + 5],
    );
    await ds.query(`UPDATE outbound_messages SET handed_at = now() WHERE id = $1`, [handed.id]);
    // A live claim is left alone.
    await ds.query(`UPDATE outbound_messages SET heartbeat_at = now() WHERE id = $1`, [
      alsoNever.id,
    ]);
    expect(await delivery.recoverAbandoned()).toEqual({ released: 1, parked: 1, reconciled: 0 });
    let rows = await rowsOf(msgs.map((m) => m.id));
    expect(rows.get(never.id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(rows.get(alsoNever.id)!.status).toBe('sending');
    expect(rows.get(handed.id)).toMatchObject({ status: 'dead', last_error: INTERRUPTED_NOTE });

    // The desk sees the outcome is unknown, and its retry says a copy may be a duplicate.
    const desk = ctx.get(MessagingDeskService);
    expect((await desk.listDead()).find((d) => d.id === handed.id)).toMatchObject({
      outcomeUnknown: true,
    });
    await expect(desk.retry(handed.id)).resolves.toEqual({ possibleDuplicate: true });
    await ds.query(
      `UPDATE outbound_messages SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [alsoNever.id],
    );
    await delivery.recoverAbandoned();
    rows = await settled(msgs.map((m) => m.id));
    expect([...rows.values()].map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(rows.get(handed.id)!.possible_duplicate).toBe(true);
    expect(rows.get(never.id)!.possible_duplicate).toBe(false);
    for (const m of msgs) expect(smtp.to(m.s.email)).toHaveLength(1);
  });

  it('a claim recovered meanwhile is not sent by its old worker', async () => {
    const [m] = await pendingMessages(1);
    const claimId = randomUUID();
    const [row] = await repo.claimMessages([m.id], null, claimId);
    expect(row.claimId).toBe(claimId);
    await ds.query(
      `UPDATE outbound_messages SET heartbeat_at = now() - interval '1 hour' WHERE id = $1`,
      [m.id],
    );
    await delivery.recoverAbandoned();
    expect([...(await repo.markHanded([{ id: m.id, claimId }]))]).toEqual([]);
    expect([...(await repo.markHanded([{ id: m.id, claimId: randomUUID() }]))]).toEqual([]);
    expect((await rowsOf([m.id])).get(m.id)!.status).toBe('pending');
  });
});
