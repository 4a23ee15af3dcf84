import { Module } from '@nestjs/common';
import { LeasesModule } from '../leases/leases.module';
import { SubscriberImportService } from './subscriber-import.service';
import { SubscribersRepository } from './subscribers.repository';

@Module({
  imports: [LeasesModule],
  providers: [SubscribersRepository, SubscriberImportService],
  exports: [SubscriberImportService, SubscribersRepository],
})
export class SubscribersModule {}
