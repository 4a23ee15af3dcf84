import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { SweepsModule } from '../sweeps/sweeps.module';
import { MetricsController } from './metrics.controller';
import { MetricsMiddleware } from './metrics.middleware';
import { MetricsService } from './metrics.service';
import { StepMetricsModule } from './step-metrics.module';

@Module({
  imports: [SweepsModule, StepMetricsModule],
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(MetricsMiddleware).forRoutes('*path');
  }
}
