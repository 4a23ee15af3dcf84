import { Module } from '@nestjs/common';
import { ClockModule } from '../../common/time/clock.module';
import { IdentityModule } from '../identity/identity.module';
import { BlockingExportService } from './blocking-export.service';
import { BlockingOrdersService } from './blocking-orders.service';
import { BlockingExportsRepository } from './blocking-exports.repository';
import { BlockingOrdersRepository } from './blocking-orders.repository';
import { BlockingTargetsRepository } from './blocking-targets.repository';
import { BlockingTicketsRepository } from './blocking-tickets.repository';
import { ProtectedListRepository } from './protected-list.repository';
import { UpdateRequestsRepository } from './update-requests.repository';
import { ProtectedListService } from './protected-list.service';
import { StopPageService } from './stop-page.service';
import { TargetScreeningService } from './target-screening.service';
import { TargetSignalsService } from './target-signals.service';
import { TicketImportService } from './ticket-import.service';
import { UpdateRequestsService } from './update-requests.service';

// The court-ordered blocking register (BO-1 to BO-5); HTTP lives in BlockingHttpModule.
@Module({
  imports: [IdentityModule, ClockModule],
  providers: [
    BlockingOrdersRepository,
    BlockingTargetsRepository,
    UpdateRequestsRepository,
    ProtectedListRepository,
    BlockingExportsRepository,
    BlockingTicketsRepository,
    TargetSignalsService,
    ProtectedListService,
    TargetScreeningService,
    BlockingOrdersService,
    UpdateRequestsService,
    BlockingExportService,
    TicketImportService,
    StopPageService,
  ],
  exports: [
    ProtectedListService,
    BlockingOrdersService,
    UpdateRequestsService,
    BlockingExportService,
    TicketImportService,
    StopPageService,
  ],
})
export class BlockingModule {}
