import { Module } from '@nestjs/common';
import { AttributionModule } from '../attribution/attribution.module';
import { LeasesModule } from '../leases/leases.module';
import { StrikesModule } from '../messaging/strikes.module';
import { StepMetricsModule } from '../metrics/step-metrics.module';
import { AttributionDispatcher } from './attribution-dispatcher';
import { IntakeQuotaRepository } from './intake-quota.repository';
import { IntakeSenderRepository } from './intake-sender.repository';
import { NoticeAttributionService } from './notice-attribution.service';
import { NoticeItemRepository } from './notice-item.repository';
import { NoticeRepository } from './notice.repository';
import { MAIL_DNS_RESOLVER, MailAuthService } from './mail-auth/mail-auth.service';
import { NoticeConfirmationService } from './notice-confirmation.service';
import { NoticeIntakeService } from './notice-intake.service';
import { NoticeInvalidationService } from './notice-invalidation.service';
import { NoticeQueryService } from './notice-query.service';
import { NoticeSubmissionService } from './notice-submission.service';
import { NoticeVerdictService } from './notice-verdict.service';
import { QuarantineRepository } from './quarantine.repository';
import { QuarantineService } from './quarantine.service';
import { QuotaReleaseService } from './quota-release.service';

// What other modules use of intake.
const exported = [
  NoticeIntakeService,
  NoticeAttributionService,
  NoticeQueryService,
  NoticeSubmissionService,
  QuarantineService,
  QuotaReleaseService,
  NoticeInvalidationService,
  NoticeConfirmationService,
];

// Intake without HTTP or workers, so the CLI (ingest-mail) and the worker can use it.
// Needs the queues (QueueModule) to hand accepted notices to attribution.
@Module({
  imports: [LeasesModule, AttributionModule, StrikesModule, StepMetricsModule],
  providers: [
    ...exported,
    AttributionDispatcher,
    NoticeRepository,
    NoticeItemRepository,
    QuarantineRepository,
    IntakeQuotaRepository,
    IntakeSenderRepository,
    NoticeVerdictService,
    MailAuthService,
    // null: the system resolver; tests answer DNS in process.
    { provide: MAIL_DNS_RESOLVER, useValue: null },
  ],
  exports: exported,
})
export class IntakeModule {}
