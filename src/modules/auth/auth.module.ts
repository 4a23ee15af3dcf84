import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountsModule } from '../accounts/accounts.module';
import { IdentityModule } from '../identity/identity.module';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys.controller';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { Authenticator } from './authenticator.service';
import { AuthGuard } from './guards/auth.guard';
import { SessionService } from './session.service';

@Module({
  imports: [AccountsModule, IdentityModule],
  controllers: [AuthController, ApiKeysController],
  providers: [
    AuthRepository,
    ApiKeyService,
    SessionService,
    Authenticator,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeyService, SessionService, Authenticator],
})
export class AuthModule {}

// For the CLI, which needs key and session services but no HTTP guard.
@Module({
  imports: [AccountsModule, IdentityModule],
  providers: [AuthRepository, ApiKeyService, SessionService, Authenticator],
  exports: [ApiKeyService, SessionService, Authenticator],
})
export class AuthCoreModule {}
