import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { addJob, MaintenanceJob, PayloadOf, QueueName } from '../../queue/queue-names';
import { SessionService } from '../auth/session.service';

@Processor(QueueName.Maintenance)
export class MaintenanceProcessor {
  private readonly logger = new Logger(MaintenanceProcessor.name);

  constructor(private readonly sessions: SessionService) {}

  @Process(MaintenanceJob.PurgeSessions)
  async purgeSessions(): Promise<{ deleted: number }> {
    const deleted = await this.sessions.purgeExpired();
    this.logger.log({ deleted }, 'purged expired sessions');
    return { deleted };
  }
}

// Repeatable jobs are keyed by name and cron, so every worker registering them is harmless.
@Injectable()
export class MaintenanceScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Maintenance)
    private readonly queue: Queue<PayloadOf<MaintenanceJob.PurgeSessions>>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await addJob(
      this.queue,
      MaintenanceJob.PurgeSessions,
      {},
      { repeat: { cron: '17 * * * *' }, jobId: MaintenanceJob.PurgeSessions, attempts: 3 },
    );
  }
}
