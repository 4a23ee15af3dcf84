import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './maintenance.processor';

// Loaded when MODE is worker or all: housekeeping (expired sessions).
@Module({
  imports: [AuthCoreModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler],
})
export class MaintenanceWorkerModule {}
