import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AccountAdministration } from './account-administration.service';
import { AccountsRepository } from './accounts.repository';
import { CredentialRevocations } from './credential-revocations';
import { AccountsService } from './accounts.service';
import { PasswordResetService } from './password-reset.service';
import { PasswordService } from './password.service';
import { SenderStandingService } from './sender-standing.service';

// Without controllers, so the CLI can use it; AccountsHttpModule adds the routes.
@Module({
  imports: [IdentityModule],
  providers: [
    AccountsRepository,
    AccountsService,
    AccountAdministration,
    CredentialRevocations,
    PasswordService,
    PasswordResetService,
    SenderStandingService,
  ],
  exports: [
    AccountsService,
    AccountAdministration,
    CredentialRevocations,
    PasswordService,
    PasswordResetService,
    SenderStandingService,
  ],
})
export class AccountsModule {}
