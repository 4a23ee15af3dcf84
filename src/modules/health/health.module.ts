import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { SweepsModule } from '../sweeps/sweeps.module';
import { PipelineHealthIndicator } from './pipeline-health.indicator';
import { RedisHealthIndicator } from './redis-health.indicator';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), SweepsModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, PipelineHealthIndicator],
})
export class HealthModule {}
