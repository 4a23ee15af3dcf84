import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AttributionModule } from '../attribution/attribution.module';
import { AuthModule } from '../auth/auth.module';
import { IdentityModule } from '../identity/identity.module';
import { LeasesModule } from '../leases/leases.module';
import { MessagingModule } from '../messaging/messaging.module';
import { PortalAdminController } from './controllers/portal-admin.controller';
import { PortalAuthController } from './controllers/portal-auth.controller';
import { PortalChallengesController } from './controllers/portal-challenges.controller';
import { PortalCounselController } from './controllers/portal-counsel.controller';
import { PortalDeskController } from './controllers/portal-desk.controller';
import {
  PortalHomeController,
  PortalNotFoundController,
  PortalRootController,
} from './controllers/portal-home.controller';
import { PortalLegalController } from './controllers/portal-legal.controller';
import { PortalMessagesController } from './controllers/portal-messages.controller';
import { PortalCsrfService } from './portal-csrf.service';
import { PortalDashboardService } from './portal-dashboard.service';
import { PortalExceptionFilter } from './portal-exception.filter';
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
    MessagingModule,
  ],
  controllers: [
    PortalRootController,
    PortalAuthController,
    PortalHomeController,
    PortalCounselController,
    PortalDeskController,
    PortalChallengesController,
    PortalMessagesController,
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
    QueueDepthService,
  ],
})
export class PortalModule {}
