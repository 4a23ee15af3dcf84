import { Module } from '@nestjs/common';
import { SubscriberImportService } from './subscriber-import.service';
import { SubscribersRepository } from './subscribers.repository';

@Module({
  providers: [SubscribersRepository, SubscriberImportService],
  exports: [SubscriberImportService, SubscribersRepository],
})
export class SubscribersModule {}
