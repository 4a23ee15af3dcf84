import { Module } from '@nestjs/common';
import { AccountsModule } from './accounts.module';
import { OrganisationsController } from './organisations.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [AccountsModule],
  controllers: [OrganisationsController, UsersController],
})
export class AccountsHttpModule {}
