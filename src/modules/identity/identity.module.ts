import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { IdentityService } from './identity.service';

// Owns the audit log and the only audited path to subscriber identity.
@Module({
  providers: [AuditRepository, IdentityService],
  exports: [AuditRepository, IdentityService],
})
export class IdentityModule {}
