// bench:mail — messages per second from the outbox to a local SMTP server (smtp-server) through
// the whole pipeline (relay -> Bull -> worker: audited identity read, rendering, pooled SMTP,
// acknowledgement), against nodemailer sending the same rendered messages straight to the same
// server with the same pool and concurrency, in the same run, with the ratio.
//   npm run bench:mail -- [--messages 2000]
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { migrate } from '../src/database/migrator';
import { sampleContext } from '../src/modules/messaging/rendering/sample-context';
import { TemplateRenderer } from '../src/modules/messaging/rendering/template-renderer';
import { WarningDigestService } from '../src/modules/messaging/warning-digest.service';
import { arg, benchConfig, benchContext, benchDatabaseUrl, fmt, log } from './bench-support';

const MESSAGES = arg('messages', 2000);
const CONCURRENCY = arg('concurrency', 8);

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

async function direct(port: number, mails: Mail.Options[]): Promise<number> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    pool: true,
    maxConnections: 5,
    maxMessages: Infinity,
    ignoreTLS: true,
  });
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < mails.length) await transport.sendMail(mails[next++]);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return mails.length / seconds;
}

async function main(): Promise<void> {
  const smtp = await startSmtp();
  const env = {
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    QUEUE_PREFIX: `nrbench-${randomBytes(3).toString('hex')}`,
    MAIL_DIGEST_WINDOW_SECONDS: '0',
    MAIL_POLL_MS: '100',
    MAIL_CONCURRENCY: String(CONCURRENCY),
  };
  const config = benchConfig(benchDatabaseUrl('mail'), env);
  await migrate(config.database.url);
  log(`messages: ${fmt(MESSAGES)}  concurrency: ${CONCURRENCY}  smtp pool: 5 connections`);

  // Outbox rows written by the digest, then parked so the clock starts when they are released.
  const cli = await benchContext(config);
  const ds = cli.get(DataSource);
  await seed(ds);
  await cli.get(WarningDigestService).runOnce(MESSAGES + 1);
  await ds.query(`UPDATE outbound_messages SET status = 'cancelled'`);

  // Baseline: the same kind of message, rendered beforehand, straight to the same server.
  const renderer = new TemplateRenderer(config.messaging.templatesDir);
  const mails: Mail.Options[] = Array.from({ length: MESSAGES }, (_, i) => {
    const r = renderer.render({
      template: 'warning',
      regime: 'generic',
      language: 'en',
      stage: 1,
      context: { ...sampleContext('warning', 1), salutationName: `Bench Subscriber ${i + 1}` },
    });
    return {
      from: config.mail.from,
      to: `b${i + 1}@subscriber.example`,
      subject: r.subject,
      text: r.text,
      html: r.html,
      messageId: `<direct-${i}@isp.example>`,
    };
  });
  const baseline1 = await direct(smtp.port, mails);

  const worker: INestApplicationContext = await NestFactory.createApplicationContext(
    AppModule.forRoot(benchConfig(benchDatabaseUrl('mail'), { ...env, MODE: 'worker' })),
    { logger: ['error'] },
  );
  await worker.init();
  const before = smtp.count();
  let receivedByPipeline = 0;
  const t0 = performance.now();
  await ds.query(`UPDATE outbound_messages SET status = 'pending' WHERE status = 'cancelled'`);
  for (;;) {
    const rows: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE status IN ('sent', 'dead')`,
    );
    if (rows[0].n >= MESSAGES) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const pipeline = MESSAGES / ((performance.now() - t0) / 1000);
  receivedByPipeline = smtp.count() - before;
  const sent: Array<{ n: number }> = await ds.query(
    `SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'sent'`,
  );
  await worker.close();
  const baseline2 = await direct(smtp.port, mails);
  const baseline = (baseline1 + baseline2) / 2;

  log(`outbox messages sent: ${fmt(sent[0].n)} (SMTP received ${fmt(receivedByPipeline)})`);
  log(
    `direct nodemailer baseline: ${fmt(baseline)} msg/s (runs: ${fmt(baseline1)}, ${fmt(baseline2)})`,
  );
  log(`outbox -> Bull -> worker:   ${fmt(pipeline)} msg/s`);
  log(`ratio pipeline/direct: ${(pipeline / baseline).toFixed(2)} (target >= 0.70)`);
  await cli.close();
  await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
