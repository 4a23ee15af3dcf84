import { Module } from '@nestjs/common';
import { RetentionProcessor, RetentionScheduler } from './retention.processor';
import { RetentionModule } from './retention.module';

// Loaded when MODE is worker or all: the daily purge (RA-6) and its schedule.
@Module({
  imports: [RetentionModule],
  providers: [RetentionProcessor, RetentionScheduler],
})
export class RetentionWorkerModule {}
