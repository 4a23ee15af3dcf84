import { InjectQueue } from '@nestjs/bull';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MailJob, QueueName } from '../../../queue/queue-names';
import { WarningDigestService } from '../warning-digest.service';
import { DeliveryOutcome, MailDeliveryService } from './mail-delivery.service';
import { MailBatchJobData, MailJobData, OutboxRelayService } from './outbox-relay.service';
import { TemplatePreviewService } from '../template-preview.service';
import { ComposePool } from './compose-pool';

// Batch jobs run side by side so one batch's database work overlaps the others' SMTP sends;
// SMTP concurrency itself is MAIL_CONCURRENCY, shared by all (MailDeliveryService). bench:mail
// measured 3 ahead of 2 on the shared machine.
const BATCH_JOBS_IN_PARALLEL = 3;

type MailJobResult = { outcome: DeliveryOutcome } | { outcomes: Record<string, DeliveryOutcome> };

// Worker side of messaging (MODE=worker or all): consumes the mail queue with the configured
// concurrency, and polls PostgreSQL for digests and the outbox relay. The poll needs no Redis,
// so a Redis outage only delays the hand-over.
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailBatchJobData | MailJobData>,
    private readonly delivery: MailDeliveryService,
    private readonly relay: OutboxRelayService,
    private readonly digest: WarningDigestService,
    private readonly preview: TemplatePreviewService,
    private readonly pool: ComposePool,
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
    this.queue
      // One processor for every job name: Bull adds up the concurrency of named processors.
      .process('*', BATCH_JOBS_IN_PARALLEL, (job: Job<MailBatchJobData | MailJobData>) =>
        this.handle(job),
      )
      .catch((e: Error) => this.logger.error({ error: e.message }, 'mail queue stopped'));
    this.timer = setInterval(() => void this.tick(), this.config.messaging.pollMs);
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
    this.timer = null;
    await this.running;
  }

  async handle(job: Job<MailBatchJobData | MailJobData>): Promise<MailJobResult> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if ((job.name as MailJob) === MailJob.SendBatch && 'messageIds' in job.data) {
      const { batchId, messageIds } = job.data;
      const outcomes = await this.delivery.deliverBatch({ batchId, messageIds }, { lastAttempt });
      return { outcomes: Object.fromEntries(outcomes) };
    }
    if ((job.name as MailJob) === MailJob.Send && 'messageId' in job.data) {
      return { outcome: await this.delivery.deliver(job.data.messageId, { lastAttempt }) };
    }
    throw new Error(`unknown mail job ${job.name}`);
  }

  // One poll at a time per process; concurrent processes are safe (row locks, jobId).
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        await this.digest.runOnce();
        await this.relay.runOnce();
      } catch (e) {
        this.logger.error({ error: (e as Error).message }, 'messaging poll failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
