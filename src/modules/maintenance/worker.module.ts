import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth.module';
import { RetentionProcessor, RetentionScheduler } from '../retention/retention.processor';
import { RetentionModule } from '../retention/retention.module';
import { AttributionSweeper, IntakeProcessor } from '../intake/intake.processor';
import { IntakeModule } from '../intake/intake.module';
import { SweepsModule } from '../sweeps/sweeps.module';
import { MaintenanceProcessor, MaintenanceScheduler } from './maintenance.processor';

// Everything that consumes queues. Loaded only when MODE is worker or all.
@Module({
  imports: [AuthCoreModule, RetentionModule, IntakeModule, SweepsModule],
  providers: [
    MaintenanceProcessor,
    MaintenanceScheduler,
    RetentionProcessor,
    RetentionScheduler,
    IntakeProcessor,
    AttributionSweeper,
  ],
})
export class WorkerModule {}
