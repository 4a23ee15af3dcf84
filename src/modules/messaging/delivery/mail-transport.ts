import { mkdir, rename, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export interface Accepted {
  // What the transport returned for the message: the SMTP reply (with the server's queue id)
  // or the file written.
  transportMessageId: string;
}

export interface MailTransport {
  send(mail: Mail.Options): Promise<Accepted>;
  // Whether a message with this Message-ID is known to have been accepted; null when the
  // transport cannot tell (SMTP), so an interrupted send is parked for a person instead.
  wasAccepted(messageIdHeader: string): Promise<boolean | null>;
  close(): void;
}

// SMTP with a connection pool: messages share a few long-lived connections.
export class SmtpMailTransport implements MailTransport {
  private readonly transporter;

  constructor(url: string, opts: { maxConnections?: number; timeouts?: SmtpTimeouts } = {}) {
    this.transporter = nodemailer.createTransport({
      url,
      pool: true,
      maxConnections: opts.maxConnections ?? 5,
      maxMessages: Infinity,
      // A connection that closes mid-send fails the send: the outbox retries it and marks the
      // resend a possible duplicate. The pool must never resend it by itself (its default puts
      // the message back on a new connection up to 5 times, unseen and unmarked).
      maxRequeues: 0,
      // A hung server fails the send after these (retried), not after nodemailer's minutes.
      connectionTimeout: opts.timeouts?.connectionMs,
      greetingTimeout: opts.timeouts?.greetingMs,
      socketTimeout: opts.timeouts?.socketMs,
    } as Parameters<typeof nodemailer.createTransport>[0]);
  }

  async send(mail: Mail.Options): Promise<Accepted> {
    const info = (await this.transporter.sendMail(mail)) as { response?: string };
    return { transportMessageId: (info.response ?? '').slice(0, 200) };
  }

  wasAccepted(): Promise<boolean | null> {
    return Promise.resolve(null);
  }

  close(): void {
    this.transporter.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}

// No SMTP_URL: each message becomes an .eml file under MAIL_DIR (quick start, no server).
export class EmlFileTransport implements MailTransport {
  private readonly builder = nodemailer.createTransport({ streamTransport: true, buffer: true });

  constructor(private readonly dir: string) {}

  async send(mail: Mail.Options): Promise<Accepted> {
    // A finished message (raw) is written as it is; otherwise nodemailer builds it.
    const message = Buffer.isBuffer(mail.raw)
      ? mail.raw
      : ((await this.builder.sendMail(mail)) as { message: Buffer }).message;
    await mkdir(this.dir, { recursive: true });
    const name = fileName(String(mail.messageId));
    const tmp = join(this.dir, `.${name}.tmp`);
    await writeFile(tmp, message);
    await rename(tmp, join(this.dir, name));
    return { transportMessageId: `file:${name}` };
  }

  async wasAccepted(messageIdHeader: string): Promise<boolean | null> {
    try {
      await access(join(this.dir, fileName(messageIdHeader)));
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.builder.close();
  }

  onModuleDestroy(): void {
    this.close();
  }
}

function fileName(messageIdHeader: string): string {
  return `${messageIdHeader.replace(/[<>]/g, '').replace(/[^A-Za-z0-9.@_-]/g, '_')}.eml`;
}

export interface SmtpTimeouts {
  connectionMs: number;
  greetingMs: number;
  socketMs: number;
}

// One pooled connection per send in flight (MAIL_CONCURRENCY): a send marked handed_at goes
// on the wire at once instead of waiting in nodemailer's queue for a connection, so a worker
// that dies leaves as few "outcome unknown" rows as it had sends on the wire.
export function createMailTransport(
  smtpUrl: string | null,
  dir: string,
  opts: { timeouts?: SmtpTimeouts; connections?: number } = {},
): MailTransport {
  return smtpUrl
    ? new SmtpMailTransport(smtpUrl, { timeouts: opts.timeouts, maxConnections: opts.connections })
    : new EmlFileTransport(dir);
}

// How a failed send is described (a category, the raw reply apart): see smtp-failure.ts.
export { describeFailure } from './smtp-failure';
export type { FailureDescription } from './smtp-failure';
