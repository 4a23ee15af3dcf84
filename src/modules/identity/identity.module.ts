import { AuditLogQuery } from './audit-log.query';
import { AuditLogService } from './audit-log.service';
import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { FailureReplyStore } from './failure-reply.store';
import { IdentityService } from './identity.service';
import { PackageContentStore } from './package-content.store';
import { SubscriberIdentityRepository } from './subscriber-identity.repository';

// Owns the audit log and the only audited path to subscriber identity.
@Module({
  providers: [
    AuditRepository,
    AuditLogQuery,
    AuditLogService,
    SubscriberIdentityRepository,
    IdentityService,
    FailureReplyStore,
    PackageContentStore,
  ],
  exports: [
    AuditRepository,
    AuditLogQuery,
    AuditLogService,
    IdentityService,
    FailureReplyStore,
    PackageContentStore,
  ],
})
export class IdentityModule {}
