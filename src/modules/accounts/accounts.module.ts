import { Module } from '@nestjs/common';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { PasswordService } from './password.service';

// Without controllers, so the CLI can use it; AccountsHttpModule adds the routes.
@Module({
  providers: [AccountsRepository, AccountsService, PasswordService],
  exports: [AccountsService, PasswordService],
})
export class AccountsModule {}
