import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { IdentityModule } from './identity.module';

@Module({ imports: [IdentityModule], controllers: [AuditController] })
export class IdentityHttpModule {}
