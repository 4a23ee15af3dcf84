import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './maintenance.processor';

// Everything that consumes queues. Loaded only when MODE is worker or all.
@Module({
  imports: [AuthCoreModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler],
})
export class WorkerModule {}
