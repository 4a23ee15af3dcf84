import { Module } from '@nestjs/common';
import { SweepsModule } from '../sweeps/sweeps.module';
import { AttributionSweeper, IntakeProcessor } from './intake.processor';
import { IntakeModule } from './intake.module';

// Loaded when MODE is worker or all: the attribution queue consumer and its sweeps.
@Module({
  imports: [IntakeModule, SweepsModule],
  providers: [IntakeProcessor, AttributionSweeper],
})
export class IntakeWorkerModule {}
