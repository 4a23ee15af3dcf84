import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { IntakeJob, QueueName } from '../../queue/queue-names';
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
  async attributeNotices(job: Job<{ noticeIds: string[] }>): Promise<void> {
    await this.batches.submit(job.data.noticeIds);
  }

  // A one-notice job queued by an earlier version.
  @Process(IntakeJob.AttributeNotice)
  async attributeNotice(job: Job<{ noticeId: string }>): Promise<void> {
    await this.batches.submit([job.data.noticeId]);
  }

  @Process(IntakeJob.ReleaseQueued)
  async releaseQueued(): Promise<{ released: number; notices: number }> {
    return this.release.releaseQueued();
  }
}

// Repeatable jobs are keyed by name and schedule, so every worker registering it is harmless.
@Injectable()
export class IntakeScheduler implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Intake) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.add(
      IntakeJob.ReleaseQueued,
      {},
      {
        repeat: { every: 60_000 },
        jobId: IntakeJob.ReleaseQueued,
        attempts: 3,
        removeOnComplete: true,
      },
    );
  }
}
