import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { ClockModule } from '../../common/time/clock.module';
import { BlockingModule } from '../blocking/blocking.module';
import { DisclosureModule } from '../disclosure/disclosure.module';
import { AccountsModule } from '../accounts/accounts.module';
import { AttributionModule } from '../attribution/attribution.module';
import { AuthModule } from '../auth/auth.module';
import { IdentityModule } from '../identity/identity.module';
import { IntakeModule } from '../intake/intake.module';
import { LeasesModule } from '../leases/leases.module';
import { RetentionModule } from '../retention/retention.module';
import { MessagingModule } from '../messaging/messaging.module';
import { SearchModule } from '../search/search.module';
import { PortalBlockingCounselController } from './controllers/portal-blocking-counsel.controller';
import { PortalBlockingLegalController } from './controllers/portal-blocking-legal.controller';
import { PortalBlockingController } from './controllers/portal-blocking.controller';
import { PortalAdminController } from './controllers/portal-admin.controller';
import { PortalAdminOrganisationsController } from './controllers/portal-admin-organisations.controller';
import { PortalAuthController } from './controllers/portal-auth.controller';
import { PortalChallengesController } from './controllers/portal-challenges.controller';
import { PortalCounselController } from './controllers/portal-counsel.controller';
import { PortalDisclosureController } from './controllers/portal-disclosure.controller';
import { PortalDeskController } from './controllers/portal-desk.controller';
import { PortalDeskNoticesController } from './controllers/portal-desk-notices.controller';
import {
  PortalHomeController,
  PortalNotFoundController,
  PortalRootController,
} from './controllers/portal-home.controller';
import { PortalLanguageController } from './controllers/portal-language.controller';
import { PortalLegalController } from './controllers/portal-legal.controller';
import { PortalNoticesController } from './controllers/portal-notices.controller';
import { NoticeUploadMiddleware } from './notice-upload.middleware';
import { portalLanguageMiddleware } from './i18n/portal-language';
import { PortalLegalDisclosureController } from './controllers/portal-legal-disclosure.controller';
import { PortalLegalHoldsController } from './controllers/portal-legal-holds.controller';
import { PortalLegalIdentityController } from './controllers/portal-legal-identity.controller';
import { PortalLegalSendersController } from './controllers/portal-legal-senders.controller';
import { orderUploadMiddleware } from './order-upload.middleware';
import { PortalMessagesController } from './controllers/portal-messages.controller';
import { PortalSearchController } from './controllers/portal-search.controller';
import { PortalTimelineController } from './controllers/portal-timeline.controller';
import { PortalBulkController } from './controllers/portal-bulk.controller';
import { PortalDeskBulkController } from './controllers/portal-desk-bulk.controller';
import { PortalSubscribersController } from './controllers/portal-subscribers.controller';
import { PortalSentMessagesController } from './controllers/portal-sent-messages.controller';
import { PortalCsrfService } from './portal-csrf.service';
import { PortalDashboardService } from './portal-dashboard.service';
import { PortalExceptionFilter } from './portal-exception.filter';
import { ForgottenPasswordService } from './forgotten-password.service';
import { PortalGuard } from './portal.guard';
import { PortalStatsRepository } from './portal-stats.repository';
import { PortalViewService } from './portal-view.service';
import { QueueDepthService } from './queue-depths.service';

// The web portal (server-rendered, works without JavaScript) under /portal.
@Module({
  imports: [
    AuthModule,
    AccountsModule,
    LeasesModule,
    AttributionModule,
    IdentityModule,
    DisclosureModule,
    RetentionModule,
    IntakeModule,
    ClockModule,
    MessagingModule,
    SearchModule,
    BlockingModule,
  ],
  controllers: [
    PortalRootController,
    PortalAuthController,
    PortalHomeController,
    PortalCounselController,
    PortalNoticesController,
    PortalDeskController,
    PortalChallengesController,
    PortalMessagesController,
    PortalDeskNoticesController,
    PortalLegalController,
    PortalDisclosureController,
    PortalLegalDisclosureController,
    PortalLegalIdentityController,
    PortalLegalHoldsController,
    PortalLegalSendersController,
    PortalAdminController,
    PortalAdminOrganisationsController,
    PortalSearchController,
    PortalTimelineController,
    PortalBulkController,
    PortalDeskBulkController,
    PortalSubscribersController,
    PortalSentMessagesController,
    // Before PortalBlockingController: `orders/new` must not be read as `orders/:id`.
    PortalBlockingCounselController,
    PortalBlockingLegalController,
    PortalBlockingController,
    PortalLanguageController,
    PortalNotFoundController,
  ],
  providers: [
    PortalCsrfService,
    PortalViewService,
    PortalGuard,
    PortalExceptionFilter,
    PortalDashboardService,
    PortalStatsRepository,
    ForgottenPasswordService,
    QueueDepthService,
  ],
})
export class PortalModule implements NestModule {
  // Multipart forms are parsed before the guards (the CSRF token is in the body).
  configure(consumer: MiddlewareConsumer): void {
    // The page's language in res.locals for every portal page, error pages included.
    consumer.apply(portalLanguageMiddleware).forRoutes('portal', 'portal/{*path}');
    consumer
      .apply(orderUploadMiddleware)
      .forRoutes(
        { path: 'portal/disclosure-requests', method: RequestMethod.POST },
        { path: 'portal/blocking/orders', method: RequestMethod.POST },
      );
    consumer
      .apply(NoticeUploadMiddleware)
      .forRoutes({ path: 'portal/notices/upload', method: RequestMethod.POST });
  }
}
