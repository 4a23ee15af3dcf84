import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditActor } from '../identity/audit.types';
import { IDENTITY_FIELDS, IdentityService } from '../identity/identity.service';
import { RetentionError, RetentionErrorCode } from './retention.errors';
import { SubscriberExportRepository } from './subscriber-export.repository';

export interface SubscriberExport {
  exportedAt: string;
  account: Record<string, unknown>;
  identifiers: Array<Record<string, unknown>>;
  identity: Record<string, unknown> | null;
  leaseBindings: Array<Record<string, unknown>>;
  noticeItems: Array<Record<string, unknown>>;
  messages: Array<Record<string, unknown>>;
  disclosures: Array<Record<string, unknown>>;
  legalHolds: Array<Record<string, unknown>>;
  identityAccessLog: Array<Record<string, unknown>>;
}

// A subscriber access request (RA-8): everything held about one account, for legal staff.
@Injectable()
export class SubscriberExportService {
  constructor(
    private readonly repo: SubscriberExportRepository,
    private readonly identity: IdentityService,
    private readonly clock: Clock,
  ) {}

  async export(
    actor: AuditActor,
    subscriberRef: string,
    purpose: string,
  ): Promise<SubscriberExport> {
    const account = await this.repo.account(subscriberRef);
    if (!account) {
      throw new RetentionError(
        RetentionErrorCode.SubscriberNotFound,
        'not_found',
        'No subscriber with that reference',
      );
    }
    const id = String(account.id);
    // Read first, so the export's own access appears in the access log it carries.
    // The account number too: the service role cannot read it (issue 16).
    const read = await this.identity.readWithAccountNumber(id, {
      actor,
      purpose: `subscriber access export: ${purpose}`,
      fields: IDENTITY_FIELDS,
    });
    const identity = read?.identity ?? null;
    return {
      exportedAt: this.clock.now().toISOString(),
      account: { ...account, account_number: read?.accountNumber ?? null },
      identifiers: await this.repo.identifiers(id),
      identity,
      leaseBindings: await this.repo.bindings(subscriberRef),
      noticeItems: await this.repo.noticeItems(id),
      messages: await this.repo.messages(id),
      disclosures: await this.repo.disclosures(id),
      legalHolds: await this.repo.holds(id),
      identityAccessLog: await this.repo.auditEntries(id),
    };
  }
}
