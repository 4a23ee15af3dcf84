import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditRepository } from '../identity/audit.repository';
import { systemActor } from '../identity/audit.types';
import { LeasesRepository } from '../leases/leases.repository';
import { RetentionPeriods, RetentionRepository } from './retention.repository';

export interface PurgeReport {
  at: string;
  dryRun: boolean;
  leasePartitions: string[];
  leaseCutoff: string;
  notices: string[];
  noticesKeptByHoldOrPending: string[];
  identityLinks: number;
  messages: number;
  packages: number;
}

// The scheduled purge (RA-1, RA-3, RA-5, RA-6): what is past its regime's period goes, unless a
// legal hold or an open disclosure request covers it. The audit log is never purged.
@Injectable()
export class RetentionPurgeService {
  private readonly logger = new Logger(RetentionPurgeService.name);

  constructor(
    private readonly repo: RetentionRepository,
    private readonly leases: LeasesRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(dryRun: boolean): Promise<PurgeReport> {
    const now = this.clock.now();
    const r = this.config.retention;
    const periods: RetentionPeriods = {
      now,
      defaultRegime: this.config.defaultRegime,
      genericDays: r.noticeDays,
      caDays: r.caDays,
      caProceedingsDays: r.caProceedingsDays,
      frDays: r.frDays,
      usIdentityDays: r.usIdentityDays,
      packageDays: r.packageDays,
    };
    // Lease partitions: the leases module's own purge, cut off before any held account's bindings.
    let leaseCutoff = new Date(now.getTime() - r.leaseDays * 86_400_000);
    const held = await this.repo.earliestHeldBinding();
    if (held && held < leaseCutoff) leaseCutoff = held;
    const leasePartitions = await this.leases.dropPartitionsBefore(leaseCutoff, dryRun);

    const report = await this.repo.transaction(async (em) => {
      const due = await this.repo.noticesDue(em, periods);
      const notices = due.filter((n) => !n.protected);
      const links = await this.repo.identityLinksDue(em, periods);
      const messages = await this.repo.messagesDue(em, periods);
      const packages = await this.repo.packagesDue(em, periods);
      const out: PurgeReport = {
        at: now.toISOString(),
        dryRun,
        leasePartitions,
        leaseCutoff: leaseCutoff.toISOString(),
        notices: notices.map((n) => n.reference),
        noticesKeptByHoldOrPending: due.filter((n) => n.protected).map((n) => n.reference),
        identityLinks: links.length,
        messages: messages.length,
        packages: packages.length,
      };
      if (dryRun) return out;
      await this.repo.deleteNotices(
        em,
        notices.map((n) => n.id),
      );
      await this.repo.cutIdentityLinks(em, links, now);
      await this.repo.deleteMessages(em, messages);
      await this.repo.purgePackages(em, packages, now);
      await this.audit.append(em, {
        actor: systemActor('retention'),
        action: 'retention.purged',
        subjectType: 'retention',
        subjectId: now.toISOString(),
        purpose: 'scheduled retention purge',
        details: {
          leasePartitions,
          notices: out.notices.length,
          identityLinks: out.identityLinks,
          messages: out.messages,
          packages: out.packages,
        },
      });
      return out;
    });
    this.logger.log(
      {
        dryRun,
        leasePartitions: leasePartitions.length,
        notices: report.notices.length,
        identityLinks: report.identityLinks,
        messages: report.messages,
        packages: report.packages,
      },
      'retention purge',
    );
    return report;
  }
}
