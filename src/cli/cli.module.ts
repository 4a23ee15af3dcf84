import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AccountsModule } from '../modules/accounts/accounts.module';
import { AttributionModule } from '../modules/attribution/attribution.module';
import { AuthCoreModule } from '../modules/auth/auth.module';
import { BlockingModule } from '../modules/blocking/blocking.module';
import { DisclosureModule } from '../modules/disclosure/disclosure.module';
import { RetentionModule } from '../modules/retention/retention.module';
import { IdentityModule } from '../modules/identity/identity.module';
import { LeasesModule } from '../modules/leases/leases.module';
import { MessagingCoreModule } from '../modules/messaging/messaging-core.module';
import { SubscribersModule } from '../modules/subscribers/subscribers.module';
import { DemoLoader } from './demo-loader';

// What CLI commands need: the database and the domain services, no HTTP and no workers.
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AccountsModule,
        AuthCoreModule,
        LeasesModule,
        SubscribersModule,
        AttributionModule,
        IdentityModule,
        DisclosureModule,
        RetentionModule,
        MessagingCoreModule,
        BlockingModule,
      ],
      providers: [DemoLoader],
    };
  }
}
