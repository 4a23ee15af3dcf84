import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AttributionDispatcher } from './attribution-dispatcher';
import { IntakeQuotaRepository } from './intake-quota.repository';
import { NoticeItemRepository } from './notice-item.repository';
import { windowStartOf } from './notice-verdict.rules';

const HOUR = 3_600_000;

// IN-6: queued items proceed as their sender's hourly window frees up; nothing is dropped.
@Injectable()
export class QuotaReleaseService {
  private readonly logger = new Logger(QuotaReleaseService.name);

  constructor(
    private readonly repo: NoticeItemRepository,
    private readonly quota: IntakeQuotaRepository,
    private readonly dispatcher: AttributionDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async releaseQueued(now = new Date()): Promise<{ released: number; notices: number }> {
    const window = windowStartOf(now);
    let released = 0;
    const notices = new Set<string>();
    for (const org of await this.repo.organisationsWithQueuedItems()) {
      const waiting = await this.repo.countQueued(org);
      const granted = await this.quota.reserveQuota(
        org,
        window,
        Math.min(waiting, 10_000),
        this.config.intake.quotaPerHour,
      );
      const moved = await this.repo.releaseQueued(org, granted);
      // Unused grants go back (another worker may have released the same items).
      await this.quota.refundQuota(org, window, granted - moved.released);
      released += moved.released;
      moved.notices.forEach((n) => notices.add(n));
      if (waiting > moved.released)
        await this.repo.postponeQueued(org, new Date(window.getTime() + HOUR));
    }
    // Also picks up accepted items whose job was lost, failed for good, or was already running
    // when they arrived; in batches, with job ids of their own each minute.
    for (const n of await this.repo.staleAcceptedNotices(60, 1000)) notices.add(n);
    await this.dispatcher.enqueue([...notices].sort(), `r${Math.floor(now.getTime() / 60_000)}`);
    if (released > 0) this.logger.log({ released, notices: notices.size }, 'released queued items');
    return { released, notices: notices.size };
  }

  // Accepted items no job carries any more (Redis lost it, restarted empty, or the add failed
  // while the notice was stored), found in PostgreSQL within seconds (issue #17). The job id
  // carries the minute, so a notice still waiting in the queue is not added twice that minute.
  async redispatchAccepted(olderThanSeconds: number, now = new Date()): Promise<number> {
    const notices = await this.repo.staleAcceptedNotices(olderThanSeconds, 1000);
    if (notices.length === 0) return 0;
    await this.dispatcher.enqueue(notices.sort(), `r${Math.floor(now.getTime() / 60_000)}`);
    return notices.length;
  }
}
