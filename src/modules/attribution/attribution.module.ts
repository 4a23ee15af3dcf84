import { Module } from '@nestjs/common';
import { LeasesModule } from '../leases/leases.module';
import { AttributionSettingsCache } from './attribution-settings';
import { AttributionRepository } from './attribution.repository';
import { AttributionService } from './attribution.service';

@Module({
  imports: [LeasesModule],
  providers: [AttributionRepository, AttributionSettingsCache, AttributionService],
  exports: [AttributionService],
})
export class AttributionModule {}
