import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth.module';
import { RetentionProcessor, RetentionScheduler } from '../retention/retention.processor';
import { RetentionModule } from '../retention/retention.module';
import { IntakeProcessor, IntakeScheduler } from '../intake/intake.processor';
import { IntakeModule } from '../intake/intake.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './maintenance.processor';

// Everything that consumes queues. Loaded only when MODE is worker or all.
@Module({
  imports: [AuthCoreModule, RetentionModule, IntakeModule],
  providers: [
    MaintenanceProcessor,
    MaintenanceScheduler,
    RetentionProcessor,
    RetentionScheduler,
    IntakeProcessor,
    IntakeScheduler,
  ],
})
export class WorkerModule {}
