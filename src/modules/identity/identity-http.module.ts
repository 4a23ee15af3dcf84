import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { FailureReplyController } from './failure-reply.controller';
import { IdentityModule } from './identity.module';

@Module({ imports: [IdentityModule], controllers: [AuditController, FailureReplyController] })
export class IdentityHttpModule {}
