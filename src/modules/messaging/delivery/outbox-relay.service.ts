import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { MailJob, PayloadOf, QueueName } from '../../../queue/queue-names';
import { OutboxRelayRepository } from './outbox-relay.repository';

const REDIS_TIMEOUT_MS = 3000;
// A batch queued this long ago whose rows still wait is looked up in Redis: if its job is gone
// (Redis restarted empty, or lost it in a failover) or finished, the rows are handed over again.
// Checked at most this often (each check reads one job hash per such batch).
export const LOST_JOB_AFTER_SECONDS = 5;
export const LOST_JOB_CHECK_MS = 5_000;

// MailJob.SendBatch: ids only; jobId = batchId, which the rows carry (batch_id).
export type MailBatchJobData = PayloadOf<MailJob.SendBatch>;

// Moves due outbox rows onto the mail queue in batches of MAIL_BATCH_SIZE: pending rows, and
// failed rows whose next attempt is due (the retry schedule is next_attempt_at in PostgreSQL,
// not a Bull backoff). One statement takes the rows (SKIP LOCKED, so several workers never
// take one row twice), gives each its batch id (the job id; only that job may claim it) and
// marks it 'queued'. Redis away: the rows go back to pending and the next poll tries again.
// A batch whose job Redis lost is found within seconds (LOST_JOB_*) and handed over again.
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);
  private lostCheckedAt = -Infinity;

  constructor(
    private readonly repo: OutboxRelayRepository,
    @InjectQueue(QueueName.Mail) private readonly queue: Queue<MailBatchJobData>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Bull retries a job only for trouble before its rows are claimed (the database away); a
  // message's own retries are scheduled in PostgreSQL.
  jobOptions(jobId: string) {
    return {
      jobId,
      attempts: 3,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    };
  }

  async runOnce(limit = 500): Promise<{ relayed: number; requeued: number }> {
    let requeued = 0;
    const now = Date.now();
    if (now - this.lostCheckedAt >= LOST_JOB_CHECK_MS) {
      this.lostCheckedAt = now;
      requeued = await this.requeueLostBatches();
    }
    const size = this.config.messaging.batchSize;
    let relayed = 0;
    for (;;) {
      const batchIds = Array.from({ length: Math.ceil(limit / size) }, () => randomUUID());
      const taken = await this.repo.takeRelayable(
        this.config.messaging.requeueSeconds,
        limit,
        size,
        batchIds,
      );
      if (taken.length === 0) break;
      const batches = new Map<string, string[]>();
      for (const { id, batchId } of taken) {
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
        // Redis is away: the rows wait as pending (if even that write fails, the lost-job check
        // hands them over once both answer).
        this.logger.warn({ error: (e as Error).message, pending: taken.length }, 'relay paused');
        await this.repo.untakeBatches([...batches.keys()]).catch(() => undefined);
        break;
      }
      relayed += taken.length;
      if (taken.length < limit) break;
    }
    return { relayed, requeued };
  }

  // Queued batches whose job Redis no longer has (or that finished with rows still waiting):
  // their rows become pending and are handed over in new batches at once.
  async requeueLostBatches(): Promise<number> {
    const batchIds = await this.repo.queuedBatchesOlderThan(LOST_JOB_AFTER_SECONDS, 1000);
    if (batchIds.length === 0) return 0;
    let jobs: Array<Job | null>;
    try {
      jobs = await withTimeout(
        Promise.all(batchIds.map((id) => this.queue.getJob(id))),
        REDIS_TIMEOUT_MS,
      );
    } catch {
      return 0; // Redis away: checked again once it answers.
    }
    const lost = batchIds.filter((_, i) => !jobs[i] || jobs[i].finishedOn);
    if (lost.length === 0) return 0;
    await this.repo.untakeBatches(lost);
    this.logger.warn({ batches: lost.length }, 'batches lost by Redis handed over again');
    return lost.length;
  }

  // Desk retry of a dead message. A retried row goes out in a new batch; only a single-message
  // job from before batches shares its id with the message and must be removed first.
  // Best effort: with Redis away there is no such job to worry about either.
  async forgetJob(messageId: string): Promise<void> {
    try {
      const job = await withTimeout(this.queue.getJob(messageId), REDIS_TIMEOUT_MS);
      if (job) await withTimeout(job.remove(), REDIS_TIMEOUT_MS);
    } catch {
      // A job of the old single-message form that Redis keeps will find the row not its own.
    }
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
