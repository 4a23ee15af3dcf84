import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { FailureReplyStore } from './failure-reply.store';
import { IdentityService } from './identity.service';

// Owns the audit log and the only audited path to subscriber identity.
@Module({
  providers: [AuditRepository, IdentityService, FailureReplyStore],
  exports: [AuditRepository, IdentityService, FailureReplyStore],
})
export class IdentityModule {}
