import { Module } from '@nestjs/common';
import { StepMetricsModule } from './step-metrics.module';
import { WorkerMetricsServer } from './worker-metrics.server';

// MODE=worker with WORKER_METRICS_PORT: its /metrics (WorkerMetricsServer).
@Module({ imports: [StepMetricsModule], providers: [WorkerMetricsServer] })
export class WorkerMetricsModule {}
