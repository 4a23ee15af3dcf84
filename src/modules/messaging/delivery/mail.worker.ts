import { InjectQueue } from '@nestjs/bull';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MailJob, QueueName } from '../../../queue/queue-names';
import { WarningDigestService } from '../warning-digest.service';
import { Sweep, SweepRunsRepository } from '../../sweeps/sweep-runs.repository';
import { DeliveryOutcome, HEARTBEAT_MS, MailDeliveryService } from './mail-delivery.service';
import { MailBatchJobData, OutboxRelayService } from './outbox-relay.service';
import { TemplatePreviewService } from '../template-preview.service';
import { ComposePool } from './compose-pool';

// Batch jobs run side by side so one batch's database work overlaps the others' SMTP sends;
// SMTP concurrency itself is MAIL_CONCURRENCY, shared by all (MailDeliveryService). bench:mail
// measured 3 ahead of 2 on the shared machine.
const BATCH_JOBS_IN_PARALLEL = 3;

// Claims of stopped workers are looked for this often (any worker may recover them).
const RECOVERY_INTERVAL_MS = 5_000;
const SWEEP_RECORD_MS = 5_000;

type MailJobResult = { outcomes: Record<string, DeliveryOutcome> };

// Worker side of messaging (MODE=worker or all): consumes the mail queue with the configured
// concurrency, and polls PostgreSQL on timers of its own (never a Bull repeatable job, which
// Redis can lose): digests, the outbox relay (due rows, lost batches), the recovery of claims
// whose worker stopped, and the heartbeat of this worker's claims. The poll needs no Redis, so
// a Redis outage or wipe only delays the hand-over.
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private recoveredAt = -Infinity;
  private readonly recordedAt = new Map<Sweep, number>();
  readonly workerId = `${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailBatchJobData>,
    private readonly delivery: MailDeliveryService,
    private readonly relay: OutboxRelayService,
    private readonly digest: WarningDigestService,
    private readonly preview: TemplatePreviewService,
    private readonly pool: ComposePool,
    private readonly sweeps: SweepRunsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Every template compiled and tried with sample data before the first job (a broken one
    // fails the start, naming the template): on each compose thread, or here when messages are
    // composed on this thread (MAIL_COMPOSE_THREADS=0).
    const started = performance.now();
    if (this.pool.size > 0) await this.pool.start();
    else this.preview.warmUp();
    this.logger.log(
      { composeThreads: this.pool.threadCount, ms: Math.round(performance.now() - started) },
      'message templates compiled',
    );
    // Acceptances a previous run of this worker journaled while the database was away.
    try {
      const replayed = await this.delivery.replayJournal();
      if (replayed) this.logger.log({ messages: replayed }, 'journaled acknowledgements recorded');
    } catch (e) {
      this.logger.error({ error: (e as Error).message }, 'acknowledgement journal not replayed');
    }
    // Failed jobs are logged (ids only); a message's own failures are logged where they happen.
    this.queue.on('failed', (job: Job<MailBatchJobData>, err: Error) =>
      this.logger.warn(
        { jobId: job.id, attempts: job.attemptsMade, error: err.message },
        'mail job failed',
      ),
    );
    this.queue
      // One processor for every job name: Bull adds up the concurrency of named processors.
      .process('*', BATCH_JOBS_IN_PARALLEL, (job: Job<MailBatchJobData>) => this.handle(job))
      .catch((e: Error) => this.logger.error({ error: e.message }, 'mail queue stopped'));
    this.timer = setInterval(() => void this.tick(), this.config.messaging.pollMs);
    this.heartbeatTimer = setInterval(() => void this.beat(), HEARTBEAT_MS);
  }

  private async beat(): Promise<void> {
    try {
      await this.delivery.heartbeat();
    } catch (e) {
      this.logger.warn({ error: (e as Error).message }, 'claims heartbeat failed');
    }
  }

  // Stops taking work in this process (the poll, and jobs from the queue) once what is in
  // progress has finished; resume() takes it up again. Rows wait in PostgreSQL meanwhile.
  // bench:mail pauses the worker while its direct-sending baseline runs.
  async pause(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queue.pause(true);
    await this.running;
  }

  async resume(): Promise<void> {
    await this.queue.resume(true);
    this.timer ??= setInterval(() => void this.tick(), this.config.messaging.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.timer = null;
    this.heartbeatTimer = null;
    await this.running;
  }

  async handle(job: Job<MailBatchJobData>): Promise<MailJobResult> {
    if ((job.name as MailJob) !== MailJob.SendBatch)
      throw new Error(`unknown mail job ${job.name}`);
    const { batchId, messageIds } = job.data;
    const outcomes = await this.delivery.deliverBatch({ batchId, messageIds });
    return { outcomes: Object.fromEntries(outcomes) };
  }

  // One poll at a time per process; concurrent processes are safe (SKIP LOCKED, batch ids).
  // Each step runs even when another failed (the database or Redis away), and logs it.
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.step('digest', () => this.digest.runOnce());
        const relayed = await this.step('relay', () => this.relay.runOnce());
        if (relayed) await this.step('sweep record', () => this.recordRun(Sweep.MailRelay));
        if (Date.now() - this.recoveredAt >= RECOVERY_INTERVAL_MS) {
          this.recoveredAt = Date.now();
          const recovered = await this.step('recovery', () => this.delivery.recoverAbandoned());
          if (recovered) await this.step('sweep record', () => this.recordRun(Sweep.MailRecovery));
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  // At most once per SWEEP_RECORD_MS per sweep: the poll may run ten times a second.
  private async recordRun(sweep: Sweep): Promise<void> {
    const now = Date.now();
    if (now - (this.recordedAt.get(sweep) ?? -Infinity) < SWEEP_RECORD_MS) return;
    this.recordedAt.set(sweep, now);
    await this.sweeps.recordRun(sweep, this.workerId);
  }

  private async step<T>(name: string, fn: () => Promise<T>): Promise<T | null> {
    try {
      return await fn();
    } catch (e) {
      this.logger.error({ step: name, error: (e as Error).message }, 'messaging poll failed');
      return null;
    }
  }
}
