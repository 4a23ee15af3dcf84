import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { IntakeJob, PayloadOf, QueueName } from '../../queue/queue-names';
import { Sweep, SweepRunsRepository } from '../sweeps/sweep-runs.repository';
import { ATTRIBUTION_BATCH } from './attribution-dispatcher';
import { Coalescer } from './coalescer';
import { NoticeAttributionService } from './notice-attribution.service';
import { QuotaReleaseService } from './quota-release.service';

// Jobs taken at once. Their notices are attributed together (Coalescer): one batch runs while
// the jobs that arrive meanwhile gather into the next, so a busy worker runs its four
// statements per batch, not per job, and leaves the pool to HTTP.
const ATTRIBUTION_CONCURRENCY = 16;

@Processor(QueueName.Intake)
export class IntakeProcessor {
  private readonly batches: Coalescer<string>;

  constructor(
    private readonly attribution: NoticeAttributionService,
    private readonly release: QuotaReleaseService,
  ) {
    this.batches = new Coalescer(async (ids) => {
      await this.attribution.attributeNotices(ids);
    }, ATTRIBUTION_BATCH);
  }

  @Process({ name: IntakeJob.AttributeNotices, concurrency: ATTRIBUTION_CONCURRENCY })
  async attributeNotices(job: Job<PayloadOf<IntakeJob.AttributeNotices>>): Promise<void> {
    await this.batches.submit(job.data.noticeIds);
  }

  @Process(IntakeJob.ReleaseQueued)
  async releaseQueued(): Promise<{ released: number; notices: number }> {
    return this.release.releaseQueued();
  }
}

// How often the worker looks in PostgreSQL for accepted notices no job carries, and how old
// they must be; queued items are released (IN-6) every RELEASE_INTERVAL_MS.
export const ATTRIBUTION_SWEEP_MS = 5_000;
export const ACCEPTED_STALE_SECONDS = 10;
const RELEASE_INTERVAL_MS = 60_000;

// The attribution sweeps run on timers in each worker process, driven by PostgreSQL (issue #17):
// a Bull repeatable job vanished with Redis, leaving stored notices unattributed until a worker
// restarted. Every few seconds, when the intake queue has nothing waiting (a wipe or a lost job
// leaves accepted notices that no job carries), accepted notices older than
// ACCEPTED_STALE_SECONDS are handed to attribution again; reruns are harmless (only items still
// 'accepted' change). Several workers sweeping at once add jobs with the same ids.
@Injectable()
export class AttributionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AttributionSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private releasedAt = -Infinity;
  private readonly workerId = `${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    @InjectQueue(QueueName.Intake) private readonly queue: Queue,
    private readonly release: QuotaReleaseService,
    private readonly sweeps: SweepRunsRepository,
  ) {}

  onApplicationBootstrap(): void {
    // The repeatable job of earlier versions is no longer needed (best effort: Redis may be away).
    void this.queue
      .removeRepeatable(IntakeJob.ReleaseQueued, { every: 60_000, jobId: IntakeJob.ReleaseQueued })
      .catch(() => undefined);
    this.timer = setInterval(() => void this.sweep(), ATTRIBUTION_SWEEP_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sweep(now = new Date()): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      if (now.getTime() - this.releasedAt >= RELEASE_INTERVAL_MS) {
        await this.release.releaseQueued(now);
        this.releasedAt = now.getTime();
      } else if (await this.queueIdle()) {
        const n = await this.release.redispatchAccepted(ACCEPTED_STALE_SECONDS, now);
        if (n) this.logger.warn({ notices: n }, 'accepted notices handed to attribution again');
      }
      await this.sweeps.recordRun(Sweep.Attribution, this.workerId);
    } catch (e) {
      this.logger.warn({ error: (e as Error).message }, 'attribution sweep failed');
    } finally {
      this.running = false;
    }
  }

  // Nothing waiting or delayed in the intake queue (a backlog would carry its own notices).
  private async queueIdle(): Promise<boolean> {
    const [waiting, delayed] = await withTimeout(
      Promise.all([this.queue.getWaitingCount(), this.queue.getDelayedCount()]),
      3000,
    );
    return waiting + delayed === 0;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
