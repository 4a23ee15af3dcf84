import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { addJob, PayloadOf, QueueName, RetentionJob } from '../../queue/queue-names';
import { PurgeReport, RetentionPurgeService } from './retention-purge.service';

@Processor(QueueName.Retention)
export class RetentionProcessor {
  constructor(private readonly purge: RetentionPurgeService) {}

  // Reruns are harmless: each run purges only what is due at its own time.
  @Process(RetentionJob.Purge)
  run(): Promise<PurgeReport> {
    return this.purge.run(false);
  }
}

@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Retention)
    private readonly queue: Queue<PayloadOf<RetentionJob.Purge>>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await addJob(
      this.queue,
      RetentionJob.Purge,
      {},
      {
        repeat: { cron: '23 3 * * *' },
        jobId: RetentionJob.Purge,
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
      },
    );
  }
}
