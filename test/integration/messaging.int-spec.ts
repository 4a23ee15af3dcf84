import { getQueueToken } from '@nestjs/bull';
import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Queue } from 'bull';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { systemActor } from '../../src/modules/identity/audit.types';
import { ChallengeService } from '../../src/modules/messaging/challenges/challenge.service';
import { MailDeliveryService } from '../../src/modules/messaging/delivery/mail-delivery.service';
import { MessagingDeskService } from '../../src/modules/messaging/messaging-desk.service';
import { ComposePool } from '../../src/modules/messaging/delivery/compose-pool';
import { MailWorker } from '../../src/modules/messaging/delivery/mail.worker';
import { DeliveryRepository } from '../../src/modules/messaging/delivery/delivery.repository';
import { EscalationRepository } from '../../src/modules/messaging/escalation.repository';
import { SentCopyService } from '../../src/modules/messaging/sent-copy.service';
import { addJob, MailJob, QueueName } from '../../src/queue/queue-names';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
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
import { captureStdout } from '../support/capture-stdout';

interface MessageState {
  id: string;
  status: string;
  stage: number | null;
  attempts: number;
  transport_message_id: string | null;
  last_error: string | null;
  sent_at: Date | null;
  context: Record<string, unknown>;
}

describe('subscriber messaging through the outbox, Bull and SMTP', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let ctx: INestApplicationContext;
  let ds: DataSource;
  let subscribers: SubscribersRepository;
  let orgId: string;
  const logged: string[] = [];
  let restoreStdout: (() => void) | undefined;

  const messagesOf = (accountId: string): Promise<MessageState[]> =>
    ds.query(
      `SELECT id, status, stage, attempts, transport_message_id, last_error, sent_at, context
         FROM outbound_messages WHERE subscriber_account_id = $1 ORDER BY created_at`,
      [accountId],
    );
  const itemsOf = (ids: string[]): Promise<Array<{ status: string; forwarded_at: Date | null }>> =>
    ds.query(`SELECT status, forwarded_at FROM notice_items WHERE id = ANY($1::uuid[])`, [ids]);
  const sentTo = (s: SeededSubscriber) =>
    waitFor(`mail to ${s.reference}`, async () => smtp.to(s.email).length > 0 && smtp.to(s.email));
  const mailQueue = () => ctx.get<Queue>(getQueueToken(QueueName.Mail));
  const subscriber = (regime: string, language: string, email?: string | null) =>
    seedSubscriber(ds, subscribers, { regime, language, email });

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    smtp = await SmtpSink.start();
    ctx = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        testConfig(db.url, {
          MODE: 'worker',
          LOG_LEVEL: 'info',
          REDIS_URL: redis.url,
          SMTP_URL: smtp.url,
          MAIL_FROM: 'Abuse Desk <abuse@isp.example>',
          // Messages are composed on threads, as in production (compose-pool.ts).
          MAIL_COMPOSE_THREADS: '1',
          MAIL_DIGEST_WINDOW_SECONDS: '0',
          MAIL_POLL_MS: '200',
          MAIL_BACKOFF_MS: '200',
          MAIL_ATTEMPTS: '4',
          MAIL_REQUEUE_SECONDS: '3',
        }),
      ),
      { logger: false },
    );
    // As in main.ts: Nest's loggers write through pino (captured on stdout above).
    ctx.useLogger(ctx.get(Logger));
    await ctx.init();
    ds = ctx.get(DataSource);
    subscribers = subscribersRepository(ctx);
    orgId = await seedOrganisation(ds, 'Example Rights Vendor');
  });

  afterAll(async () => {
    restoreStdout?.();
    await ctx?.close();
    await smtp?.stop();
    await redis?.stop();
    await db?.drop();
  });

  it('composes messages on the configured threads', () => {
    expect(ctx.get(ComposePool).threadCount).toBe(1);
  });

  it('sends one message with the right headers, parts, language and stage, and marks the items forwarded', async () => {
    const s = await subscriber('fr', 'fr');
    const before = new Date();
    const n = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'fr',
      title: 'Film <Secret> & Co',
    });
    const [mail] = await sentTo(s);
    const p = mail.parsed;
    const [msg] = await messagesOf(s.accountId);
    expect(p.subject).toBe("Information relative à l'utilisation de votre accès à Internet");
    expect(p.from?.value).toEqual([{ name: 'Abuse Desk', address: 'abuse@isp.example' }]);
    expect(mail.rcpt).toEqual([s.email]);
    expect(p.messageId).toBe(`<${msg.id}@isp.example>`);
    expect(p.headers.get('content-language')).toBe('fr');
    expect(p.headers.get('x-notice-relay-stage')).toBe('1');
    expect(p.headers.get('x-notice-references')).toBe(n.reference);
    expect(p.text).toContain(`Bonjour ${s.name}`);
    expect(p.text).toContain('Première recommandation');
    expect(p.text).toContain('« Film <Secret> & Co »');
    expect(p.text).toContain('4 octobre 2026 à 21:13:07 UTC');
    expect(p.html).toContain('Film &lt;Secret&gt; &amp; Co');
    expect(p.attachments).toHaveLength(0);

    const state = await waitFor('sent state', async () => {
      const [m] = await messagesOf(s.accountId);
      return m.status === 'sent' && m;
    });
    expect(state.stage).toBe(1);
    expect(state.transport_message_id).toMatch(/queued as Q\d+/);
    const items = await itemsOf(n.itemIds);
    expect(items[0].status).toBe('forwarded');
    expect(items[0].forwarded_at!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(items[0].forwarded_at!.getTime()).toBe(state.sent_at!.getTime());

    // Identity was read through the audited path, by the messaging worker.
    const audit: Array<{ actor_id: string; purpose: string }> = await ds.query(
      `SELECT actor_id, purpose FROM audit_log WHERE subject_id = $1 AND action = 'identity.read'`,
      [s.accountId],
    );
    expect(audit).toEqual([
      { actor_id: systemActor('messaging').id, purpose: `send warning message ${msg.id}` },
    ]);
  });

  it('keeps the message as sent with identity as placeholders; legal puts it back, audited, byte for byte', async () => {
    // A name that the HTML part escapes, so putting it back must escape it the same way.
    const s = await seedSubscriber(ds, subscribers, {
      regime: 'generic',
      language: 'en',
      name: "Zoë O'Hara & <Sons>",
    });
    await seedAttributedNotice(ds, { organisationId: orgId, subscriber: s, regime: 'generic' });
    const [mail] = await sentTo(s);
    const [msg] = await messagesOf(s.accountId);
    await waitFor('sent state', async () => (await messagesOf(s.accountId))[0].status === 'sent');
    const [row]: Array<{ masked_subject: string; masked_text: string; masked_html: string }> =
      await ds.query(
        `SELECT masked_subject, masked_text, masked_html FROM outbound_messages WHERE id = $1`,
        [msg.id],
      );
    const link = /https?:\/\/\S+\/challenge\/\S+/.exec(mail.parsed.text ?? '')?.[0];
    expect(link).toBeDefined();
    for (const part of [row.masked_subject, row.masked_text, row.masked_html]) {
      expect(part).not.toContain('Zoë');
      expect(part).not.toContain(s.email);
      expect(part).not.toContain('/challenge/');
    }
    expect(row.masked_text).toContain('[subscriber name]');
    expect(row.masked_text).toContain('[personal challenge link]');
    expect(row.masked_html).toContain('[subscriber name]');

    const copies = ctx.get(SentCopyService);
    const desk = await copies.deskCopy(msg.id);
    expect(desk.copy?.text).toBe(row.masked_text);
    expect(JSON.stringify(desk)).not.toContain('Zoë');
    const before: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'identity.read' AND subject_id = $1`,
      [s.accountId],
    );
    const legal = await copies.legalCopy(
      msg.id,
      { kind: 'user', id: '0b0e5b5e-0000-4000-8000-000000000001', role: 'legal' },
      'subscriber disputes the wording',
    );
    expect(legal.matchesSent).toBe(true);
    expect(legal.to).toBe(s.email);
    expect(legal.unmasked?.text).toContain("Dear Zoë O'Hara & <Sons>,");
    expect(legal.unmasked?.text).toContain(link);
    expect(legal.unmasked?.html).toContain('Zoë O&#x27;Hara &amp; &lt;Sons&gt;');
    // What the subscriber received, as the SMTP sink parsed it, is what legal reads.
    expect(legal.unmasked?.subject).toBe(mail.parsed.subject);
    const after: Array<{ n: number; purpose: string }> = await ds.query(
      `SELECT count(*)::int AS n, max(purpose) AS purpose FROM audit_log
        WHERE action = 'identity.read' AND subject_id = $1 AND actor_role = 'legal'`,
      [s.accountId],
    );
    expect(after[0]).toEqual({ n: 1, purpose: 'subscriber disputes the wording' });
    expect(before[0].n).toBeGreaterThanOrEqual(1);
  });

  it('forwards the original Canadian notice unaltered as an attachment', async () => {
    const s = await subscriber('ca', 'en');
    const original = Buffer.from(
      'Return-Path: <notices@vendor.example>\r\nSubject: Notice of claimed infringement\r\n\r\nOriginal body, exactly as sent.\r\n',
    );
    const n = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'ca',
      original,
      mediaType: 'message/rfc822',
    });
    const [mail] = await sentTo(s);
    expect(mail.parsed.subject).toBe('Copyright notice forwarded under the Copyright Act (Canada)');
    expect(mail.parsed.text).toContain('The original notice is attached, unaltered.');
    expect(mail.parsed.text).toContain('cannot lead to the suspension');
    const raw = mail.raw.toString('latin1');
    expect(raw).toContain(`filename=notice-${n.reference}.eml`);
    expect(raw).toMatch(/Content-Type: message\/rfc822/);
    expect(raw).toContain('Original body, exactly as sent.');
    expect(raw).not.toMatch(/InternalTracking/);
  });

  it('groups several notices of one subscriber within the window into one message; each counts', async () => {
    const s = await subscriber('generic', 'en');
    // Attributed in the future: the digest waits until the window has passed for the oldest.
    const soon = new Date(Date.now() + 1500);
    const a = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'generic',
      attributedAt: soon,
    });
    const b = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'generic',
      attributedAt: soon,
      items: 2,
    });
    const [mail] = await sentTo(s);
    await mailDrained(ds, mailQueue(), [s.accountId]);
    expect(smtp.to(s.email)).toHaveLength(1);
    expect(mail.parsed.subject).toBe('Copyright notice about your Internet connection (2 notices)');
    expect(mail.parsed.text).toContain(a.reference);
    expect(mail.parsed.text).toContain(b.reference);
    const strikes: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM strikes WHERE subscriber_account_id = $1`,
      [s.accountId],
    );
    // Three items, three strikes: stage 2 of the generic table (3 strikes).
    expect(strikes[0].n).toBe(3);
    expect(mail.parsed.headers.get('x-notice-relay-stage')).toBe('2');
  });

  it('escalates by the policy tables and only proposes suspension to a person', async () => {
    const s = await subscriber('generic', 'en');
    const stages: number[] = [];
    for (const items of [1, 2, 3]) {
      await seedAttributedNotice(ds, {
        organisationId: orgId,
        subscriber: s,
        regime: 'generic',
        items,
      });
      const msgs = await waitFor('message', async () => {
        const m = await messagesOf(s.accountId);
        return m.length === stages.length + 1 && m;
      });
      stages.push(msgs[msgs.length - 1].stage!);
    }
    // 1 strike -> stage 1, 3 -> stage 2, 6 -> stage 3 with a suspension proposal.
    expect(stages).toEqual([1, 2, 3]);
    const proposals = await ctx.get(EscalationRepository).listProposals('open', 50);
    const mine = proposals.filter((p) => p.subscriberRef === s.reference);
    expect(mine).toEqual([
      expect.objectContaining({
        action: 'suspension',
        stage: 3,
        strikes: 6,
        addressedToRole: 'legal',
        status: 'open',
      }),
    ]);

    // Canada: five notices, still stage 1 and never a proposal (SN-8, ER-6).
    const ca = await subscriber('ca', 'fr');
    for (let i = 0; i < 5; i++) {
      await seedAttributedNotice(ds, { organisationId: orgId, subscriber: ca, regime: 'ca' });
      await waitFor('ca message', async () => (await messagesOf(ca.accountId)).length === i + 1);
    }
    expect((await messagesOf(ca.accountId)).map((m) => m.stage)).toEqual([1, 1, 1, 1, 1]);
    expect(
      (await ctx.get(EscalationRepository).listProposals(null, 100)).some(
        (p) => p.subscriberRef === ca.reference,
      ),
    ).toBe(false);
  });

  it('retries an SMTP 4xx and dead-letters a 5xx, which the desk can retry', async () => {
    const soft = await subscriber('us', 'en');
    const hard = await subscriber('us', 'en');
    let softRefusals = 0;
    smtp.reply = (rcpt) => {
      if (rcpt === soft.email && softRefusals < 2) {
        softRefusals++;
        return { code: 451, message: `4.3.0 ${rcpt} try again later` };
      }
      if (rcpt === hard.email) return { code: 550, message: `5.1.1 ${rcpt} no such user` };
      return null;
    };
    await seedAttributedNotice(ds, { organisationId: orgId, subscriber: soft, regime: 'us' });
    await seedAttributedNotice(ds, { organisationId: orgId, subscriber: hard, regime: 'us' });
    await sentTo(soft);
    const softMsg = await waitFor('soft sent', async () => {
      const [m] = await messagesOf(soft.accountId);
      return m?.status === 'sent' && m;
    });
    expect(softMsg.attempts).toBe(3);
    const hardMsg = await waitFor('hard dead', async () => {
      const [m] = await messagesOf(hard.accountId);
      return m?.status === 'dead' && m;
    });
    expect(hardMsg.attempts).toBe(1);
    expect(hardMsg.last_error).toBe('mailbox_unknown');
    // The stored error never carries the address.
    expect(hardMsg.last_error).not.toContain(hard.email);
    const desk = ctx.get(MessagingDeskService);
    expect((await desk.listDead()).map((d) => d.id)).toContain(hardMsg.id);

    smtp.reply = () => null;
    await desk.retry(hardMsg.id);
    await sentTo(hard);
    await waitFor('hard sent', async () => (await messagesOf(hard.accountId))[0].status === 'sent');
    expect(smtp.to(hard.email)).toHaveLength(1);
    // Its item showed the dead letter while it lasted; delivered now, it is forwarded.
    const items: Array<{ status: string; reason_code: string | null }> = await ds.query(
      `SELECT i.status, i.reason_code FROM notice_items i
         JOIN outbound_message_items mi ON mi.item_id = i.id WHERE mi.message_id = $1`,
      [hardMsg.id],
    );
    expect(items).toEqual([{ status: 'forwarded', reason_code: null }]);
  });

  it('records an acceptance through a database outage and sends no second copy when the job reruns', async () => {
    const s = await subscriber('generic', 'en');
    const n = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'generic',
    });
    const repo = ctx.get(DeliveryRepository);
    // Hold the relay off this message: it is written and queued by hand.
    const messageId = await ds.transaction(async (em) => {
      const rows: Array<{ id: string }> = await em.query(
        `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, context, stage,
           status, queued_at)
         VALUES ($1, 'warning', 'warning', 'generic', '{"strikeCount":1}', 1, 'queued', now() + interval '1 hour')
         RETURNING id`,
        [s.accountId],
      );
      await em.query(`INSERT INTO outbound_message_items (message_id, item_id) VALUES ($1, $2)`, [
        rows[0].id,
        n.itemIds[0],
      ]);
      return rows[0].id;
    });
    // SMTP accepts, then the database refuses the acknowledgement twice (an outage): it is
    // retried until recorded, never turned into a resend or a dead letter.
    const markSent = repo.markSent.bind(repo);
    let refusals = 0;
    const spy = jest.spyOn(repo, 'markSent').mockImplementation(async (records) => {
      if (refusals++ < 2) throw new Error('connection terminated');
      return markSent(records);
    });
    await expect(ctx.get(MailDeliveryService).deliver(messageId)).resolves.toBe('sent');
    spy.mockRestore();
    expect(refusals).toBe(3);
    expect(smtp.to(s.email)).toHaveLength(1);
    expect((await messagesOf(s.accountId))[0].status).toBe('sent');

    // Bull reruns the job (stalled-job recovery): nothing is sent again.
    const queue = ctx.get<Queue>(getQueueToken(QueueName.Mail));
    const job = await addJob(
      queue,
      MailJob.SendBatch,
      { batchId: randomUUID(), messageIds: [messageId] },
      { jobId: `${messageId}-rerun` },
    );
    await expect(job.finished()).resolves.toEqual({ outcomes: { [messageId]: 'skipped' } });
    await mailDrained(ds, queue, [s.accountId]);
    expect(smtp.to(s.email)).toHaveLength(1);
    const [state] = await messagesOf(s.accountId);
    expect(state.status).toBe('sent');
  });

  it('a paused worker leaves messages waiting in PostgreSQL and sends them once resumed', async () => {
    const worker = ctx.get(MailWorker);
    await worker.pause();
    try {
      const s = await subscriber('generic', 'en');
      await seedAttributedNotice(ds, { organisationId: orgId, subscriber: s, regime: 'generic' });
      // Several polls' worth of time (MAIL_POLL_MS 200): no digest, no relay, no send. (A
      // paused worker gives no event to wait for; this is the one wait on time left here.)
      await new Promise((r) => setTimeout(r, 1000));
      expect(await messagesOf(s.accountId)).toEqual([]);
      expect(smtp.to(s.email)).toHaveLength(0);
      await worker.resume();
      await sentTo(s);
      await waitFor('sent', async () => (await messagesOf(s.accountId))[0]?.status === 'sent');
      expect(smtp.to(s.email)).toHaveLength(1);
    } finally {
      await worker.resume();
    }
  });

  it('loses nothing while Redis is down and sends everything once when it is back', async () => {
    await redis.stop();
    const subs = [
      await subscriber('us', 'en'),
      await subscriber('fr', 'en'),
      await subscriber('generic', 'fr'),
    ];
    for (const s of subs) {
      await seedAttributedNotice(ds, {
        organisationId: orgId,
        subscriber: s,
        regime: (
          await ds.query(`SELECT regime FROM subscriber_accounts WHERE id = $1`, [s.accountId])
        )[0].regime,
      });
    }
    // The digest still writes the outbox rows in PostgreSQL; nothing can be handed to Redis.
    await waitFor('outbox rows', async () => {
      const all = await Promise.all(subs.map((s) => messagesOf(s.accountId)));
      return all.every((m) => m.length === 1) && all;
    });
    // Twice since then the relay took the rows and, finding Redis away, gave them back.
    const paused = () => logged.filter((l) => l.includes('"msg":"relay paused"')).length;
    const pausedBefore = paused();
    await waitFor('two relay attempts with Redis away', async () => paused() >= pausedBefore + 2);
    for (const s of subs) expect(smtp.to(s.email)).toHaveLength(0);
    const pending = await Promise.all(
      subs.map(async (s) => (await messagesOf(s.accountId))[0].status),
    );
    expect(pending.every((st) => st === 'pending' || st === 'queued')).toBe(true);

    await redis.start();
    for (const s of subs)
      await waitFor(`mail after restart`, async () => smtp.to(s.email).length > 0, 40_000);
    await waitFor(
      'all sent',
      async () => {
        const all = await Promise.all(subs.map((s) => messagesOf(s.accountId)));
        return all.every((m) => m[0].status === 'sent');
      },
      20_000,
    );
    await mailDrained(
      ds,
      mailQueue(),
      subs.map((s) => s.accountId),
    );
    for (const s of subs) expect(smtp.to(s.email)).toHaveLength(1);
  }, 90_000);

  it('an upheld challenge withdraws the strikes and counts against the sender', async () => {
    const s = await subscriber('us', 'en');
    await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'us',
      items: 2,
    });
    const [mail] = await sentTo(s);
    await waitFor('sent', async () => (await messagesOf(s.accountId))[0]?.status === 'sent');
    const url = /https?:\/\/\S+\/challenge\/(\S+)/.exec(mail.parsed.text ?? '');
    expect(url).not.toBeNull();
    const token = url![1];
    const challenges = ctx.get(ChallengeService);
    const target = await challenges.open(token);
    expect(target.noticeReferences).toHaveLength(1);
    // A tampered token is refused.
    await expect(
      challenges.open(token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))),
    ).rejects.toThrow(/not valid/);
    const bad = await challenges.submit(token, { ground: 'nonsense', statement: 'short' });
    expect(bad).toMatchObject({
      kind: 'problems',
      problems: [
        expect.objectContaining({ field: 'ground' }),
        expect.objectContaining({ field: 'statement' }),
      ],
    });
    const r = await challenges.submit(token, {
      ground: 'wrong_account',
      statement: 'I was abroad and my router was off.',
    });
    expect(r).toMatchObject({ kind: 'received', reference: expect.stringMatching(/^CH-\d{6}$/) });
    const reference = (r as { reference: string }).reference;
    // One challenge per warning: a second one is refused and the first one's status shown.
    const again = await challenges.submit(token, {
      ground: 'licence',
      statement: 'A second try with another ground.',
    });
    expect(again).toMatchObject({ kind: 'already', target: { challenge: { reference } } });
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `SELECT id FROM challenges WHERE reference = $1`,
      [reference],
    );
    const active = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM strikes WHERE subscriber_account_id = $1 AND withdrawn_at IS NULL`,
          [s.accountId],
        )
      )[0].n as number;
    expect(await active()).toBe(2);
    await expect(
      challenges.decide(id, 'upheld', 'lease records show a handover', systemActor('test')),
    ).resolves.toEqual({ withdrawnStrikes: 2 });
    expect(await active()).toBe(0);
    const quality: Array<{ organisation_id: string; kind: string }> = await ds.query(
      `SELECT organisation_id, kind FROM sender_quality_events`,
    );
    expect(quality).toEqual([{ organisation_id: orgId, kind: 'challenge_upheld' }]);
    // The items are marked challenged, which intake's sender-quality rates count.
    const challenged: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM notice_items
        WHERE subscriber_account_id = $1 AND challenged_at IS NOT NULL`,
      [s.accountId],
    );
    expect(challenged[0].n).toBe(2);
    await expect(challenges.decide(id, 'rejected', 'again', systemActor('test'))).rejects.toThrow(
      /already upheld/,
    );
    // The subscriber hears the decision by e-mail, quoting the challenge's reference; the
    // desk's note stays internal.
    const decision = await waitFor('decision mail', async () =>
      smtp.to(s.email).find((m) => m.parsed.subject?.includes(reference)),
    );
    expect(decision.parsed.text).toContain('upheld');
    expect(decision.parsed.text).not.toContain('lease records show a handover');
    expect((await challenges.open(token)).challenge).toMatchObject({ status: 'upheld' });
  });

  it('keeps identity out of the outbox, the queue and the logs', async () => {
    const rows: Array<{ context: unknown; last_error: string | null; subject: string | null }> =
      await ds.query(`SELECT context, last_error, subject FROM outbound_messages`);
    const queue = ctx.get<Queue>(getQueueToken(QueueName.Mail));
    const jobs = await queue.getJobs(['completed', 'failed', 'waiting', 'delayed']);
    expect(jobs.length).toBeGreaterThan(0);
    // Ids only: a batch job carries its batch id and message ids (a single-message job, its id).
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const j of jobs) {
      const data = j.data as Record<string, unknown>;
      if ((j.name as MailJob) === MailJob.SendBatch) {
        expect(Object.keys(data).sort()).toEqual(['batchId', 'messageIds']);
        expect(data.batchId).toMatch(uuid);
        for (const id of data.messageIds as string[]) expect(id).toMatch(uuid);
      } else {
        expect(Object.keys(data)).toEqual(['messageId']);
      }
    }
    // Read as the admin: the service's own role cannot see the identity schema (issue 16).
    const identities: Array<{ full_name: string; email: string; account_number: string }> =
      await db.adminQuery(
        `SELECT s.full_name, s.email, a.account_number FROM identity.subscribers s JOIN subscriber_accounts a ON a.id = s.account_id`,
      );
    expect(identities.length).toBeGreaterThan(5);
    const haystack =
      JSON.stringify(rows) + JSON.stringify(jobs.map((j) => j.data)) + logged.join('\n');
    expect(logged.join('').length).toBeGreaterThan(0);
    for (const i of identities) {
      expect(haystack).not.toContain(i.email);
      expect(haystack).not.toContain(i.full_name);
      expect(haystack).not.toContain(i.account_number);
    }
  });
});
