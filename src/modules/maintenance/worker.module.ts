import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth.module';
import { IntakeProcessor, IntakeScheduler } from '../intake/intake.processor';
import { IntakeModule } from '../intake/intake.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './maintenance.processor';

// Everything that consumes queues. Loaded only when MODE is worker or all.
@Module({
  imports: [AuthCoreModule, IntakeModule],
  providers: [MaintenanceProcessor, MaintenanceScheduler, IntakeProcessor, IntakeScheduler],
})
export class WorkerModule {}
