import { Module } from '@nestjs/common';
import { IdentityModule } from '../identity/identity.module';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordService } from './password.service';
import { SenderStandingService } from './sender-standing.service';

// Without controllers, so the CLI can use it; AccountsHttpModule adds the routes.
@Module({
  imports: [IdentityModule],
  providers: [AccountsRepository, AccountsService, PasswordService, SenderStandingService],
  exports: [AccountsService, PasswordService, SenderStandingService],
})
export class AccountsModule {}
