import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MailJob, QueueName } from '../../../queue/queue-names';
import { MessagingRepository } from '../messaging.repository';
import { INTERRUPTED_NOTE } from './mail-delivery.service';

// A 'sending' row older than this belongs to a worker that died mid-send.
export const SENDING_STALE_SECONDS = 15 * 60;
const REDIS_TIMEOUT_MS = 3000;

export interface MailJobData {
  messageId: string;
}

// Moves pending outbox rows onto the mail queue (jobId = message id, so handing a row over
// twice is harmless). While Redis is away, rows simply stay 'pending' in PostgreSQL and go out
// once it is back; rows handed over but not sent after MAIL_REQUEUE_SECONDS are handed over
// again (Redis may have lost them).
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);

  constructor(
    private readonly repo: MessagingRepository,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  jobOptions(messageId: string) {
    return {
      jobId: messageId,
      attempts: this.config.messaging.attempts,
      backoff: { type: 'exponential', delay: this.config.messaging.backoffMs },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    };
  }

  async runOnce(batch = 500): Promise<{ relayed: number; parked: number }> {
    const parked = await this.repo.parkStaleSending(SENDING_STALE_SECONDS, INTERRUPTED_NOTE);
    let relayed = 0;
    for (;;) {
      const ids = await this.repo.findRelayable(this.config.messaging.requeueSeconds, batch);
      if (ids.length === 0) break;
      try {
        await withTimeout(
          this.queue.addBulk(
            ids.map((id) => ({
              name: MailJob.Send,
              data: { messageId: id },
              opts: this.jobOptions(id),
            })),
          ),
          REDIS_TIMEOUT_MS,
        );
      } catch (e) {
        // Redis is away: the rows stay pending and the next poll tries again.
        this.logger.warn({ error: (e as Error).message, pending: ids.length }, 'relay paused');
        break;
      }
      await this.repo.markQueued(ids);
      relayed += ids.length;
      if (ids.length < batch) break;
    }
    return { relayed, parked: parked.length };
  }

  // Desk retry of a dead message: the old job is removed so the same jobId can run again.
  async forgetJob(messageId: string): Promise<void> {
    const job = await withTimeout(this.queue.getJob(messageId), REDIS_TIMEOUT_MS);
    if (job) await withTimeout(job.remove(), REDIS_TIMEOUT_MS);
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`redis did not answer in ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
