import { AuditLogQuery } from './audit-log.query';
import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { IdentityService } from './identity.service';

// Owns the audit log and the only audited path to subscriber identity.
@Module({
  providers: [AuditRepository, AuditLogQuery, IdentityService],
  exports: [AuditRepository, AuditLogQuery, IdentityService],
})
export class IdentityModule {}
