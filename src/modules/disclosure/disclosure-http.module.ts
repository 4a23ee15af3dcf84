import { Module } from '@nestjs/common';
import { ClockModule } from '../../common/time/clock.module';
import { DisclosureRequestsController } from './disclosure-requests.controller';
import { DisclosureModule } from './disclosure.module';
import { LegalDisclosureController } from './legal-disclosure.controller';

@Module({
  imports: [DisclosureModule, ClockModule],
  controllers: [DisclosureRequestsController, LegalDisclosureController],
})
export class DisclosureHttpModule {}
