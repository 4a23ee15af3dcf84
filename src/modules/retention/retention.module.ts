import { Module } from '@nestjs/common';
import { ClockModule } from '../../common/time/clock.module';
import { IdentityModule } from '../identity/identity.module';
import { LeasesModule } from '../leases/leases.module';
import { LegalHoldsService } from './legal-holds.service';
import { RetentionPurgeService } from './retention-purge.service';
import { RetentionRepository } from './retention.repository';
import { SubscriberExportRepository } from './subscriber-export.repository';
import { SubscriberExportService } from './subscriber-export.service';

@Module({
  imports: [IdentityModule, LeasesModule, ClockModule],
  providers: [
    RetentionRepository,
    LegalHoldsService,
    RetentionPurgeService,
    SubscriberExportRepository,
    SubscriberExportService,
  ],
  exports: [LegalHoldsService, RetentionPurgeService, SubscriberExportService],
})
export class RetentionModule {}
