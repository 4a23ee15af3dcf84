import { AuditLogQuery } from './audit-log.query';
import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { FailureReplyStore } from './failure-reply.store';
import { IdentityService } from './identity.service';

// Owns the audit log and the only audited path to subscriber identity.
@Module({
  providers: [AuditRepository, AuditLogQuery, IdentityService, FailureReplyStore],
  exports: [AuditRepository, AuditLogQuery, IdentityService, FailureReplyStore],
})
export class IdentityModule {}
