import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MailJob, QueueName } from '../../../queue/queue-names';
import { MessagingRepository } from '../messaging.repository';
import { INTERRUPTED_NOTE } from './mail-delivery.service';

// A 'sending' row older than this belongs to a worker that died mid-send.
export const SENDING_STALE_SECONDS = 15 * 60;
const REDIS_TIMEOUT_MS = 3000;
// The stale-sending check looks for rows 15 minutes old: once a minute is plenty, not at every
// poll (bench:mail polls every 100 ms; each check is a statement).
export const STALE_CHECK_INTERVAL_MS = 60_000;

// MailJob.Send, queued before batches: one message, jobId = message id.
export interface MailJobData {
  messageId: string;
}

// MailJob.SendBatch: ids only; jobId = batchId, which the rows carry (batch_id).
export interface MailBatchJobData {
  batchId: string;
  messageIds: string[];
}

// Moves pending outbox rows onto the mail queue in batches of MAIL_BATCH_SIZE. Each row is
// first given its batch id (the job id), and only that job may claim it, so handing a row over
// twice is harmless: the older job finds it is no longer its own. While Redis is away, rows
// simply stay 'pending' in PostgreSQL and go out once it is back; rows handed over but not
// sent after MAIL_REQUEUE_SECONDS are handed over again in a new batch (Redis may have lost
// them).
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);

  constructor(
    private readonly repo: MessagingRepository,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailBatchJobData | MailJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  jobOptions(jobId: string) {
    return {
      jobId,
      attempts: this.config.messaging.attempts,
      backoff: { type: 'exponential', delay: this.config.messaging.backoffMs },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    };
  }

  private staleCheckedAt = -Infinity;

  async runOnce(limit = 500): Promise<{ relayed: number; parked: number }> {
    let parked: string[] = [];
    const now = Date.now();
    if (now - this.staleCheckedAt >= STALE_CHECK_INTERVAL_MS) {
      this.staleCheckedAt = now;
      parked = await this.repo.parkStaleSending(SENDING_STALE_SECONDS, INTERRUPTED_NOTE);
    }
    const size = this.config.messaging.batchSize;
    let relayed = 0;
    for (;;) {
      const ids = await this.repo.findRelayable(this.config.messaging.requeueSeconds, limit);
      if (ids.length === 0) break;
      const assignments: Array<{ id: string; batchId: string }> = [];
      for (let i = 0; i < ids.length; i += size) {
        const batchId = randomUUID();
        for (const id of ids.slice(i, i + size)) assignments.push({ id, batchId });
      }
      const owned = await this.repo.assignBatches(assignments);
      const batches = new Map<string, string[]>();
      for (const { id, batchId } of owned) {
        const list = batches.get(batchId);
        if (list) list.push(id);
        else batches.set(batchId, [id]);
      }
      try {
        await withTimeout(
          this.queue.addBulk(
            [...batches].map(([batchId, messageIds]) => ({
              name: MailJob.SendBatch,
              data: { batchId, messageIds },
              opts: this.jobOptions(batchId),
            })),
          ),
          REDIS_TIMEOUT_MS,
        );
      } catch (e) {
        // Redis is away: the rows stay pending and the next poll tries again (new batch ids).
        this.logger.warn({ error: (e as Error).message, pending: ids.length }, 'relay paused');
        break;
      }
      await this.repo.markQueued(owned.map((o) => o.id));
      relayed += owned.length;
      if (ids.length < limit) break;
    }
    return { relayed, parked: parked.length };
  }

  // Desk retry of a dead message. A retried row goes out in a new batch; only a single-message
  // job from before batches shares its id with the message and must be removed first.
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
