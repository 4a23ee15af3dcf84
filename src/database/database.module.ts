import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source';

// IdentityService's own connection (issue 16): the only one whose role can read the identity
// schema. Every other repository uses the default connection, whose role cannot.
export const IDENTITY_CONNECTION = 'identity';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url),
        retryAttempts: 3,
      }),
    }),
    TypeOrmModule.forRootAsync({
      name: IDENTITY_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url),
        // Named here too: the module's shutdown hook finds the connection by these options.
        name: IDENTITY_CONNECTION,
        url: config.database.identityUrl,
        entities: [],
        extra: { max: 4, application_name: 'notice-relay identity' },
        retryAttempts: 3,
      }),
    }),
  ],
})
export class DatabaseModule {}
