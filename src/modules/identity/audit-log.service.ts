import { Injectable } from '@nestjs/common';
import { AuditLogEntry, AuditLogFilter, AuditLogQuery } from './audit-log.query';
import { AuditRepository } from './audit.repository';
import { AuditVerification } from './audit.types';

// Reading the audit log as legal staff do: entries in pages, the actions recorded, and the
// result of walking the hash chain.
@Injectable()
export class AuditLogService {
  constructor(
    private readonly log: AuditLogQuery,
    private readonly audit: AuditRepository,
  ) {}

  page(filter: AuditLogFilter): Promise<AuditLogEntry[]> {
    return this.log.page(filter);
  }

  actions(): Promise<string[]> {
    return this.log.actions();
  }

  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
