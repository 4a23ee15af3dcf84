import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MESSAGING_POLICY } from '../messaging.tokens';
import type { MessagingPolicy } from '../policy/messaging-policy';
import type { ComposeThreadData } from './compose-thread';
import { describeFailure } from './mail-transport';
import { MessageComposer } from './message-composer';
import { asBuffer, ComposeJob, PreparedMail, prepareMail } from './prepared-mail';

export interface ComposeRequest {
  id: number;
  job: ComposeJob;
}

export type ComposeReply =
  | { id: number; ok: true; prepared: PreparedMail | null }
  | { id: number; ok: false; error: { name: string; message: string; code?: string } };

export type ThreadStartup = { ready: true } | { ready: false; error: { message: string } };

// A compose thread stopped (crashed, or the pool closed) with this message in it. Nothing was
// sent, and it is not the message's fault: it is tried again like a lost connection.
export class ComposeThreadError extends Error {
  override readonly name = 'ComposeThreadError';
}

// A compose thread could not compose the message (template or data fault): as thrown inline.
export class ComposeFault extends Error {
  constructor(
    message: string,
    override readonly name: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

// How long closing waits for messages being composed before it stops the threads.
const DRAIN_MS = 5000;

interface Pending {
  resolve: (p: PreparedMail | null) => void;
  reject: (e: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
  ready: Promise<void>;
}

// Composes messages (Handlebars rendering and MIME building, most of the CPU a message costs)
// on MAIL_COMPOSE_THREADS worker threads, so the mail worker's event loop keeps to the queue,
// the database and the SMTP sockets, and one worker process uses more than one core
// (docs/decisions.md). The mail worker starts the threads; until then (API, CLI), with 0
// threads, or while closing, messages are composed inline. Each thread compiles every template
// before its first message. A thread that dies is replaced; the messages it held fail with
// ComposeThreadError and are retried (nothing had left the process, so nothing goes twice).
@Injectable()
export class ComposePool implements OnModuleDestroy {
  private readonly logger = new Logger(ComposePool.name);
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private started = false;
  private closing = false;
  readonly size: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
    private readonly composer: MessageComposer,
  ) {
    this.size = config.messaging.composeThreads;
  }

  // Threads running now.
  get threadCount(): number {
    return this.threads.length;
  }

  // Starts the threads (again, for any that died) and waits until each has compiled the
  // templates. Rejects with ComposeThreadError, naming the fault, if one cannot start.
  async start(): Promise<void> {
    if (this.closing || this.size === 0) return;
    this.started = true;
    while (this.threads.length < this.size) this.threads.push(this.spawn());
    await Promise.all(this.threads.map((t) => t.ready));
  }

  // null: the subscriber has no e-mail address. Rejects with the compose fault (ComposeFault
  // from a thread) or with ComposeThreadError.
  async prepare(job: ComposeJob): Promise<PreparedMail | null> {
    if (!this.started || this.closing) return prepareMail(this.composer, job);
    await this.start();
    // The pool may have begun closing meanwhile.
    if (this.closing || this.threads.length === 0) return prepareMail(this.composer, job);
    let thread = this.threads[0];
    for (const t of this.threads) if (t.pending.size < thread.pending.size) thread = t;
    const id = this.nextId++;
    return new Promise<PreparedMail | null>((resolve, reject) => {
      if (thread.pending.size === 0) thread.worker.ref();
      thread.pending.set(id, { resolve, reject });
      try {
        thread.worker.postMessage({ id, job } satisfies ComposeRequest);
      } catch (e) {
        // The job cannot be copied to the thread: a fault of this message's data.
        this.settle(thread, id);
        reject(new ComposeFault((e as Error).message, 'DataCloneError'));
      }
    });
  }

  // Messages being composed finish first (up to DRAIN_MS); later ones are composed inline.
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    const deadline = Date.now() + DRAIN_MS;
    while (this.threads.some((t) => t.pending.size > 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const threads = this.threads.splice(0);
    for (const t of threads) this.fail(t, 'the compose pool closed');
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private spawn(): Thread {
    const file = join(__dirname, `compose-thread${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
    const workerData: ComposeThreadData = { config: this.config, policy: this.policy };
    // From TypeScript sources (tests, benchmarks) the thread compiles them as it loads them.
    const worker = file.endsWith('.ts')
      ? new Worker(
          `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(file)});`,
          { eval: true, workerData },
        )
      : new Worker(file, { workerData });
    const pending = new Map<number, Pending>();
    let started: (s: ThreadStartup) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      started = (s) =>
        s.ready
          ? resolve()
          : reject(new ComposeThreadError(`compose thread could not start: ${s.error.message}`));
    });
    // Whoever waits on it sees a failed start; it is not an unhandled rejection meanwhile.
    ready.catch(() => undefined);
    const thread: Thread = { worker, pending, ready };
    worker.on('message', (m: ComposeReply | ThreadStartup) => {
      if ('ready' in m) return started(m);
      const p = this.settle(thread, m.id);
      if (!p) return;
      if (m.ok) p.resolve(m.prepared && { ...m.prepared, raw: asBuffer(m.prepared.raw) });
      else p.reject(new ComposeFault(m.error.message, m.error.name, m.error.code));
    });
    const lost = (why: string) => {
      const i = this.threads.indexOf(thread);
      if (i < 0) return;
      this.threads.splice(i, 1);
      started({ ready: false, error: { message: why } });
      this.fail(thread, why);
      this.logger.error(
        { error: why },
        'compose thread lost; another starts with the next message',
      );
    };
    // Scrubbed like an SMTP reply: a crash message may quote the data it failed on.
    worker.on('error', (e) => lost(`compose thread failed: ${describeFailure(e).note}`));
    worker.on('exit', (code) => lost(`compose thread exited with code ${code}`));
    // An idle thread does not hold the process open (settle() keeps that so).
    void ready.then(
      () => pending.size === 0 && worker.unref(),
      () => undefined,
    );
    return thread;
  }

  private fail(thread: Thread, why: string): void {
    for (const p of thread.pending.values()) p.reject(new ComposeThreadError(why));
    thread.pending.clear();
  }

  private settle(thread: Thread, id: number): Pending | undefined {
    const p = thread.pending.get(id);
    thread.pending.delete(id);
    if (thread.pending.size === 0) thread.worker.unref();
    return p;
  }
}
