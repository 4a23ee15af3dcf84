import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { addJob, IntakeJob, PayloadOf, QueueName } from '../../queue/queue-names';
import { Coalescer } from './coalescer';

// Notices per attribution job: one batched lookup each (AttributionService.attributeMany).
export const ATTRIBUTION_BATCH = 200;

export const attributeJobOptions = (noticeIds: string[], retryTag?: string) => ({
  // The first notice names the job; a sweep adds its tag, since a job that failed for good keeps
  // its id (and Bull ignores an add whose id exists).
  jobId: retryTag === undefined ? noticeIds[0] : `${noticeIds[0]}:${retryTag}`,
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: 1000,
});

// Hands stored notices to the attribution worker in batches (Coalescer): an idle service adds
// a job at once; a busy one makes one Redis call and one job per batch instead of per notice.
// Each caller's promise settles with the add that carries its notice, so a notice is answered
// only once its job is queued, as before.
@Injectable()
export class AttributionDispatcher {
  private readonly adds = new Coalescer<string>((ids) => this.add(ids), ATTRIBUTION_BATCH);

  constructor(
    @InjectQueue(QueueName.Intake)
    private readonly queue: Queue<PayloadOf<IntakeJob.AttributeNotices>>,
  ) {}

  dispatch(noticeId: string): Promise<void> {
    return this.adds.submit([noticeId]);
  }

  // For sweeps: the given notices in jobs of up to ATTRIBUTION_BATCH.
  async enqueue(noticeIds: string[], retryTag?: string): Promise<void> {
    const ids = [...new Set(noticeIds)];
    for (let i = 0; i < ids.length; i += ATTRIBUTION_BATCH) {
      await this.add(ids.slice(i, i + ATTRIBUTION_BATCH), retryTag);
    }
  }

  private async add(noticeIds: string[], retryTag?: string): Promise<void> {
    await addJob(
      this.queue,
      IntakeJob.AttributeNotices,
      { noticeIds },
      attributeJobOptions(noticeIds, retryTag),
    );
  }
}
