import { DynamicModule, Module } from '@nestjs/common';
import { LoggingModule } from './common/logging/logger.module';
import { AppConfig, loadConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AccountsHttpModule } from './modules/accounts/accounts-http.module';
import { BlockingHttpModule } from './modules/blocking/blocking-http.module';
import { AttributionHttpModule } from './modules/attribution/attribution-http.module';
import { DisclosureHttpModule } from './modules/disclosure/disclosure-http.module';
import { IdentityHttpModule } from './modules/identity/identity-http.module';
import { RetentionHttpModule } from './modules/retention/retention-http.module';
import { IntakeHttpModule } from './modules/intake/intake-http.module';
import { LeasesHttpModule } from './modules/leases/leases-http.module';
import { QueueBoardModule } from './modules/admin/queue-board.module';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { MaintenanceWorkerModule } from './modules/maintenance/maintenance-worker.module';
import { IntakeWorkerModule } from './modules/intake/intake-worker.module';
import { RetentionWorkerModule } from './modules/retention/retention-worker.module';
import { MessagingHttpModule } from './modules/messaging/messaging-http.module';
import { MessagingWorkerModule } from './modules/messaging/messaging-worker.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { WorkerMetricsModule } from './modules/metrics/worker-metrics.module';
import { PortalModule } from './modules/portal/portal.module';
import { RateLimitsModule } from './modules/rate-limits/rate-limits.module';
import { SubscribersModule } from './modules/subscribers/subscribers.module';
import { QueueModule } from './queue/queue.module';

// MODE=all (default) serves HTTP and runs workers in one process; api and worker split them.
@Module({})
export class AppModule {
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    const serveHttp = config.mode !== 'worker';
    const runWorkers = config.mode !== 'api';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        QueueModule,
        ...(serveHttp
          ? [
              RateLimitsModule,
              AuthModule,
              AccountsHttpModule,
              LeasesHttpModule,
              SubscribersModule,
              AttributionHttpModule,
              DisclosureHttpModule,
              RetentionHttpModule,
              IdentityHttpModule,
              IntakeHttpModule,
              HealthModule,
              MetricsModule,
              QueueBoardModule,
              PortalModule,
              MessagingHttpModule,
              BlockingHttpModule,
            ]
          : []),
        ...(runWorkers
          ? [
              IntakeWorkerModule,
              MessagingWorkerModule,
              RetentionWorkerModule,
              MaintenanceWorkerModule,
            ]
          : []),
        ...(config.mode === 'worker' && config.http.workerMetricsPort !== null
          ? [WorkerMetricsModule]
          : []),
      ],
    };
  }
}
