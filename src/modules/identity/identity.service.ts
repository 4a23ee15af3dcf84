import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../database/database.module';
import { AuditRepository } from './audit.repository';
import { AuditActor } from './audit.types';
import {
  IdentityField,
  SubscriberIdentity,
  SubscriberIdentityRepository,
} from './subscriber-identity.repository';

export { IDENTITY_FIELDS } from './subscriber-identity.repository';
export type { IdentityField, SubscriberIdentity } from './subscriber-identity.repository';

export interface IdentityAccess {
  actor: AuditActor;
  // Why this look is needed, e.g. "send warning for notice item <id>", "disclosure <id>".
  purpose: string;
  fields: readonly IdentityField[];
  details?: Record<string, unknown>;
}

// The one way to read a subscriber's identity (MA-4, RA-7): each read writes its audit entry in
// the same transaction, so there is no read without a record, and no record of a read that
// did not happen. Only the fields asked for are selected (DR-3).
// It runs on its own connection, as the identity role (issue 16): the service's role cannot
// read the identity schema at all. So a read is its own transaction, never the caller's: it
// commits with its audit entry even if the caller's work rolls back afterwards.
@Injectable()
export class IdentityService {
  constructor(
    @InjectDataSource(IDENTITY_CONNECTION) private readonly ds: DataSource,
    private readonly audit: AuditRepository,
    private readonly subscribers: SubscriberIdentityRepository,
  ) {}

  async read(
    accountId: string,
    access: IdentityAccess,
  ): Promise<Partial<SubscriberIdentity> | null> {
    const found = await this.readMany([accountId], access);
    return found.get(accountId) ?? null;
  }

  async readMany(
    accountIds: readonly string[],
    access: IdentityAccess,
  ): Promise<Map<string, Partial<SubscriberIdentity>>> {
    const fields = [...new Set(access.fields)];
    if (fields.length === 0) throw new Error('an identity read must name its fields');
    const run = async (tx: EntityManager) => {
      const ids = [...new Set(accountIds)];
      for (const id of ids) {
        await this.audit.append(tx, {
          actor: access.actor,
          action: 'identity.read',
          subjectType: 'subscriber_account',
          subjectId: id,
          purpose: access.purpose,
          details: { ...access.details, fields },
        });
      }
      return this.subscribers.identities(tx, ids, fields);
    };
    return this.ds.transaction(run);
  }

  // An account's identity together with the ISP's own customer number for it
  // (subscriber_accounts.account_number, which the service role cannot read: issue 16), for a
  // subscriber's access export (RA-8): one read, one audit entry naming both. null: no such
  // account; identity null: none stored.
  async readWithAccountNumber(
    accountId: string,
    access: IdentityAccess,
  ): Promise<{ accountNumber: string; identity: Partial<SubscriberIdentity> | null } | null> {
    const fields = [...new Set(access.fields)];
    if (fields.length === 0) throw new Error('an identity read must name its fields');
    return this.ds.transaction(async (tx) => {
      await this.audit.append(tx, {
        actor: access.actor,
        action: 'identity.read',
        subjectType: 'subscriber_account',
        subjectId: accountId,
        purpose: access.purpose,
        details: { ...access.details, fields: [...fields, 'accountNumber'] },
      });
      return this.subscribers.withAccountNumber(tx, accountId, fields);
    });
  }

  // Several reads, each with its own purpose and audit entry, in one transaction: the audit
  // chain's lock, the entries' INSERT and the SELECT are paid once for the lot (a mail batch).
  // Each result holds only the fields its own read asked for (DR-3); null when no identity.
  async readEach(
    reads: ReadonlyArray<{ accountId: string; access: IdentityAccess }>,
  ): Promise<Array<Partial<SubscriberIdentity> | null>> {
    if (reads.length === 0) return [];
    for (const r of reads) {
      if (r.access.fields.length === 0) throw new Error('an identity read must name its fields');
    }
    const run = async (tx: EntityManager) => {
      await this.audit.appendMany(
        tx,
        reads.map(({ accountId, access }) => ({
          actor: access.actor,
          action: 'identity.read',
          subjectType: 'subscriber_account',
          subjectId: accountId,
          purpose: access.purpose,
          details: { ...access.details, fields: [...new Set(access.fields)] },
        })),
      );
      const fields = [...new Set(reads.flatMap((r) => r.access.fields))];
      const byAccount = await this.subscribers.identities(
        tx,
        reads.map((r) => r.accountId),
        fields,
      );
      return reads.map(({ accountId, access }) => {
        const row = byAccount.get(accountId);
        if (!row) return null;
        const out: Partial<SubscriberIdentity> = {};
        for (const f of access.fields) out[f] = row[f] ?? null;
        return out;
      });
    };
    return this.ds.transaction(run);
  }
}
