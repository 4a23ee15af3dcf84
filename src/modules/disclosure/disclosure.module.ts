import { Module } from '@nestjs/common';
import { ClockModule } from '../../common/time/clock.module';
import { IdentityModule } from '../identity/identity.module';
import { OutboxModule } from '../messaging/outbox.module';
import { StepMetricsModule } from '../metrics/step-metrics.module';
import { DisclosureQueryService } from './disclosure-query.service';
import { DisclosureRepository } from './disclosure.repository';
import { ProductionService } from './production.service';
import { RequestDecisionService } from './request-decision.service';
import { RequestIntakeService } from './request-intake.service';

@Module({
  imports: [IdentityModule, OutboxModule, ClockModule, StepMetricsModule],
  providers: [
    DisclosureRepository,
    RequestIntakeService,
    RequestDecisionService,
    ProductionService,
    DisclosureQueryService,
  ],
  exports: [
    RequestIntakeService,
    RequestDecisionService,
    ProductionService,
    DisclosureQueryService,
  ],
})
export class DisclosureModule {}
