import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AttributionModule } from '../attribution/attribution.module';
import { AuthModule } from '../auth/auth.module';
import { IdentityModule } from '../identity/identity.module';
import { IntakeModule } from '../intake/intake.module';
import { LeasesModule } from '../leases/leases.module';
import { OutboxModule } from '../messaging/outbox.module';
import { PortalAdminController } from './controllers/portal-admin.controller';
import { PortalAuthController } from './controllers/portal-auth.controller';
import { PortalCounselController } from './controllers/portal-counsel.controller';
import { PortalDeskController } from './controllers/portal-desk.controller';
import { PortalDeskNoticesController } from './controllers/portal-desk-notices.controller';
import {
  PortalHomeController,
  PortalNotFoundController,
  PortalRootController,
} from './controllers/portal-home.controller';
import { PortalLegalController } from './controllers/portal-legal.controller';
import { PortalNoticesController } from './controllers/portal-notices.controller';
import { NoticeUploadMiddleware } from './notice-upload.middleware';
import { PortalCsrfService } from './portal-csrf.service';
import { PortalDashboardService } from './portal-dashboard.service';
import { PortalExceptionFilter } from './portal-exception.filter';
import { PortalGuard } from './portal.guard';
import { PortalStatsRepository } from './portal-stats.repository';
import { PortalViewService } from './portal-view.service';

// The web portal (server-rendered, works without JavaScript) under /portal.
@Module({
  imports: [
    AuthModule,
    AccountsModule,
    LeasesModule,
    AttributionModule,
    IdentityModule,
    IntakeModule,
    OutboxModule,
  ],
  controllers: [
    PortalRootController,
    PortalAuthController,
    PortalHomeController,
    PortalCounselController,
    PortalNoticesController,
    PortalDeskController,
    PortalDeskNoticesController,
    PortalLegalController,
    PortalAdminController,
    PortalNotFoundController,
  ],
  providers: [
    PortalCsrfService,
    PortalViewService,
    PortalGuard,
    PortalExceptionFilter,
    PortalDashboardService,
    PortalStatsRepository,
  ],
})
export class PortalModule implements NestModule {
  // The notice upload form is multipart; parsed before the guards (CSRF token in the body).
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(NoticeUploadMiddleware)
      .forRoutes({ path: 'portal/notices/upload', method: RequestMethod.POST });
  }
}
