import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Role } from '../../src/common/roles';
import { SESSION_COOKIE } from '../../src/modules/auth/authenticator.service';
import { captureStdout } from '../support/capture-stdout';
import { seedActors, seedPeople } from '../support/fixtures';
import {
  SeededSubscriber,
  seedAttributedNotice,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { PrivateRedis } from '../support/redis-server';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attack: SMTP failure notes shown to the desk kept the server's words, which quote the
// recipient's address and often the subscriber's name. The desk, the sender, the API, the logs
// and the queues now see a failure category; the raw reply is legal's, read through an audited
// path.
describe('SMTP failure replies: a category for the desk, the raw reply for legal only', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let smtp: SmtpSink;
  let worker: INestApplicationContext;
  let app: INestApplication;
  let ds: DataSource;
  const logged: string[] = [];
  let restoreStdout: (() => void) | undefined;
  let unknown: SeededSubscriber;
  let full: SeededSubscriber;
  let unknownRef: string;
  let fullRef: string;
  let keys: Record<Role, string>;
  let people: Record<Role, string>;
  const ids: Record<'unknown' | 'full', string> = { unknown: '', full: '' };

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    smtp = await SmtpSink.start();
    const env = {
      LOG_LEVEL: 'info',
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Abuse Desk <abuse@isp.example>',
      MAIL_DIGEST_WINDOW_SECONDS: '0',
      MAIL_POLL_MS: '200',
      MAIL_BACKOFF_MS: '100',
      MAIL_ATTEMPTS: '2',
      QUEUE_PREFIX: 'nr-smtp-privacy',
    };
    worker = await NestFactory.createApplicationContext(
      AppModule.forRoot(testConfig(db.url, { ...env, MODE: 'worker' })),
      { logger: false },
    );
    worker.useLogger(worker.get(Logger));
    await worker.init();
    app = await createTestApp(testConfig(db.url, env));
    app.useLogger(app.get(Logger));
    ds = app.get(DataSource);
    const actors = await seedActors(app);
    keys = actors.keys;
    people = await seedPeople(app, actors.organisationId);
    const subscribers = subscribersRepository(app);
    unknown = await seedSubscriber(ds, subscribers, {
      regime: 'us',
      language: 'en',
      name: 'Jane Doe-Privacy',
      email: 'jane.doe@example.net',
    });
    full = await seedSubscriber(ds, subscribers, {
      regime: 'us',
      language: 'en',
      name: 'Oswin Quarterfield',
      email: 'oswin.q@example.net',
    });
    smtp.reply = (rcpt) => {
      if (rcpt === unknown.email) {
        return {
          code: 550,
          message: `5.1.1 <${rcpt}>: Recipient address rejected (${unknown.name})`,
        };
      }
      if (rcpt === full.email) {
        return { code: 452, message: `4.2.2 ${full.name}'s mailbox is full <${rcpt}>` };
      }
      return null;
    };
    unknownRef = (
      await seedAttributedNotice(ds, {
        organisationId: actors.organisationId,
        subscriber: unknown,
        regime: 'us',
      })
    ).reference;
    fullRef = (
      await seedAttributedNotice(ds, {
        organisationId: actors.organisationId,
        subscriber: full,
        regime: 'us',
      })
    ).reference;
    for (const [k, s] of [
      ['unknown', unknown],
      ['full', full],
    ] as const) {
      ids[k] = await waitFor(`${k} dead`, async () => {
        const rows = await ds.query<Array<{ id: string; status: string }>>(
          `SELECT id, status FROM outbound_messages WHERE subscriber_account_id = $1`,
          [s.accountId],
        );
        return rows[0]?.status === 'dead' && rows[0].id;
      });
    }
  }, 120_000);

  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await worker?.close();
    await smtp?.stop();
    await redis?.stop();
    await db?.drop();
  });

  const secrets = () => [
    unknown.email,
    unknown.name,
    'Jane Doe',
    full.email,
    full.name,
    'Recipient address rejected',
    'mailbox is full',
  ];
  const expectClean = (what: string, text: string) => {
    for (const s of secrets()) {
      if (text.includes(s)) throw new Error(`${what} leaks ${JSON.stringify(s)}`);
    }
  };

  it('stores a category for the desk and the raw reply apart', async () => {
    const rows = await ds.query<
      Array<{ id: string; last_error: string; failure_category: string }>
    >(`SELECT id, last_error, failure_category FROM outbound_messages WHERE id = ANY($1::uuid[])`, [
      [ids.unknown, ids.full],
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids.unknown)).toMatchObject({
      last_error: 'mailbox_unknown',
      failure_category: 'mailbox_unknown',
    });
    expect(byId.get(ids.full)).toMatchObject({
      last_error: 'last attempt: mailbox_full',
      failure_category: 'mailbox_full',
    });
    for (const r of rows) expectClean('outbound_messages', JSON.stringify(r));
    // As the admin: the raw replies are in the identity schema, out of the service role's reach
    // (issue 16; test/security/database-roles.sec-spec.ts).
    const raw = await db.adminQuery<{ message_id: string; reply_code: number; raw_reply: string }>(
      `SELECT message_id, reply_code, raw_reply FROM identity.smtp_failure_replies ORDER BY id`,
    );
    expect(raw.filter((r) => r.message_id === ids.unknown)).toHaveLength(1);
    expect(raw.filter((r) => r.message_id === ids.full)).toHaveLength(2);
    expect(raw.find((r) => r.message_id === ids.unknown)!.raw_reply).toContain(unknown.email);
  });

  it('shows the desk pages and the desk API the category, never the reply', async () => {
    const cookie = `${SESSION_COOKIE}=${people[Role.AbuseDesk]}`;
    for (const path of [
      '/portal/desk/dead-letters',
      '/portal/desk/deliveries',
      '/portal/desk/deliveries?status=dead',
    ]) {
      const page = await request(app.getHttpServer()).get(path).set('Cookie', cookie);
      expect(page.status).toBe(200);
      expectClean(path, page.text);
      if (path.includes('dead')) expect(page.text).toContain('mailbox_unknown');
    }
    const api = await request(app.getHttpServer())
      .get('/api/v1/messages/dead')
      .set('Authorization', `Bearer ${keys[Role.AbuseDesk]}`);
    expect(api.status).toBe(200);
    expectClean('GET /api/v1/messages/dead', api.text);
    expect(api.text).toContain('mailbox_full');
  });

  it('tells the sender only that the warning was not delivered', async () => {
    for (const ref of [unknownRef, fullRef]) {
      const res = await request(app.getHttpServer())
        .get(`/api/v1/notices/${ref}`)
        .set('Authorization', `Bearer ${keys[Role.Complainant]}`);
      expect(res.status).toBe(200);
      expectClean(`notice ${ref}`, res.text);
    }
  });

  it('keeps the reply out of the logs and the queue payloads', async () => {
    expect(logged.join('\n')).toMatch(/dead-lettered/);
    expectClean('the log', logged.join('\n'));
    const r = new Redis(redis.url);
    try {
      const dump: string[] = [];
      for (const key of await r.keys('*')) {
        const type = await r.type(key);
        if (type === 'string') dump.push(String(await r.get(key)));
        else if (type === 'hash') dump.push(JSON.stringify(await r.hgetall(key)));
        else if (type === 'list') dump.push(JSON.stringify(await r.lrange(key, 0, -1)));
        else if (type === 'set') dump.push(JSON.stringify(await r.smembers(key)));
        else if (type === 'zset') dump.push(JSON.stringify(await r.zrange(key, 0, -1)));
        else if (type === 'stream') dump.push(JSON.stringify(await r.xrange(key, '-', '+')));
      }
      expect(dump.length).toBeGreaterThan(0);
      expectClean('redis', dump.join('\n'));
    } finally {
      r.disconnect();
    }
  });

  it('gives legal staff the raw reply through an audited POST, and no one else', async () => {
    const path = `/api/v1/legal/messages/${ids.unknown}/smtp-replies`;
    for (const role of [Role.AbuseDesk, Role.Admin, Role.Complainant]) {
      const res = await request(app.getHttpServer())
        .post(path)
        .set('Authorization', `Bearer ${keys[role]}`)
        .send({ purpose: 'curious' });
      expect(res.status).toBe(403);
      expectClean(`${role} POST`, res.text);
    }
    const res = await request(app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${people[Role.Legal]}`)
      .send({ purpose: 'subscriber asked why the warning bounced' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.body as Array<{ category: string; replyCode: number; rawReply: string }>;
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({ category: 'mailbox_unknown', replyCode: 550 });
    expect(body[0].rawReply).toContain(unknown.email);
    const audit = await ds.query<Array<{ purpose: string }>>(
      `SELECT purpose FROM audit_log WHERE action = 'identity.smtp_reply_read' AND subject_id = $1`,
      [ids.unknown],
    );
    expect(audit).toEqual([{ purpose: 'subscriber asked why the warning bounced' }]);
  });
});
