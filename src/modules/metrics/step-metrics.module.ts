import { Module } from '@nestjs/common';
import { StepMetrics } from './step-metrics';

// The step timings (StepMetrics), for the modules that run a pipeline step; loaded in every
// mode, so workers record them too. One instance per application.
@Module({ providers: [StepMetrics], exports: [StepMetrics] })
export class StepMetricsModule {}
