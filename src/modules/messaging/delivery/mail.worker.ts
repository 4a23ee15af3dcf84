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
import { MailJobData, OutboxRelayService } from './outbox-relay.service';

// Worker side of messaging (MODE=worker or all): consumes the mail queue with the configured
// concurrency, and polls PostgreSQL for digests and the outbox relay. The poll needs no Redis,
// so a Redis outage only delays the hand-over.
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailJobData>,
    private readonly delivery: MailDeliveryService,
    private readonly relay: OutboxRelayService,
    private readonly digest: WarningDigestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.queue
      .process(MailJob.Send, this.config.messaging.concurrency, (job: Job<MailJobData>) =>
        this.handle(job),
      )
      .catch((e: Error) => this.logger.error({ error: e.message }, 'mail queue stopped'));
    this.timer = setInterval(() => void this.tick(), this.config.messaging.pollMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async handle(job: Job<MailJobData>): Promise<{ outcome: DeliveryOutcome }> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.messageId, { lastAttempt });
    return { outcome };
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
