import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './redis-server';

interface OpenConnection {
  session: unknown;
  close(): void;
}

export interface Received {
  raw: Buffer;
  parsed: ParsedMail;
  rcpt: string[];
}

// A real SMTP server (smtp-server) that keeps what it accepts. `reply` may refuse a recipient
// with an SMTP code to test retries (4xx) and dead letters (5xx); `loseReply` keeps a message
// but never answers its DATA (the 250 is lost: the client times out); `dropAfterData` keeps a
// message and then cuts the connection without a reply (a server that crashed or restarted
// after taking the message); `hang` answers no command at all.
export class SmtpSink {
  readonly received: Received[] = [];
  reply: (rcpt: string) => { code: number; message: string } | null = () => null;
  loseReply: (rcpt: string) => boolean = () => false;
  dropAfterData: (rcpt: string) => boolean = () => false;
  hang = false;
  private server!: SMTPServer;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.port = await freePort();
    sink.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onMailFrom: (_address, _session, cb) => {
        if (!sink.hang) cb();
      },
      onRcptTo: (address, _session, cb) => {
        const r = sink.reply(address.address);
        if (!r) return cb();
        const err = new Error(r.message) as Error & { responseCode: number };
        err.responseCode = r.code;
        return cb(err);
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          simpleParser(raw)
            .then((parsed) => {
              const rcpt = session.envelope.rcptTo.map((r) => r.address);
              sink.received.push({ raw, parsed, rcpt });
              if (rcpt.some((r) => sink.loseReply(r))) return; // kept, never answered
              if (rcpt.some((r) => sink.dropAfterData(r))) {
                // Kept; the connection is cut before the 250 (smtp-server's own connections).
                const open = (sink.server as unknown as { connections: Set<OpenConnection> })
                  .connections;
                for (const c of open) if (c.session === session) c.close();
                return;
              }
              cb(null, `queued as Q${sink.received.length}`);
            })
            .catch((e: Error) => cb(e));
        });
      },
    });
    // A client that drops its connection (a killed worker) is not the sink's failure.
    sink.server.on('error', () => undefined);
    await new Promise<void>((resolve) => sink.server.listen(sink.port, '127.0.0.1', resolve));
    return sink;
  }

  to(address: string): Received[] {
    return this.received.filter((r) => r.rcpt.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
