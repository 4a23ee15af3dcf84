import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { IntakeJob, QueueName } from '../../queue/queue-names';
import { NoticeAttributionService } from './notice-attribution.service';
import { QuotaReleaseService } from './quota-release.service';

// Several notices attribute at once: each job is a few short statements.
const ATTRIBUTION_CONCURRENCY = 8;

@Processor(QueueName.Intake)
export class IntakeProcessor {
  constructor(
    private readonly attribution: NoticeAttributionService,
    private readonly release: QuotaReleaseService,
  ) {}

  @Process({ name: IntakeJob.AttributeNotice, concurrency: ATTRIBUTION_CONCURRENCY })
  async attributeNotice(job: Job<{ noticeId: string }>): Promise<{ updated: number }> {
    return this.attribution.attributeNotice(job.data.noticeId);
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
