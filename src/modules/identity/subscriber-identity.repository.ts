import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export const IDENTITY_FIELDS = [
  'fullName',
  'email',
  'phone',
  'postalAddress',
  'installationAddress',
  'language',
  'regime',
] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type SubscriberIdentity = { [K in IdentityField]: string | null };

const COLUMN: Record<IdentityField, string> = {
  fullName: 'full_name',
  email: 'email',
  phone: 'phone',
  postalAddress: 'postal_address',
  installationAddress: 'installation_address',
  language: 'language',
  regime: 'regime',
};

const columns = (fields: readonly IdentityField[], table = '') =>
  fields.map((f) => `${table}${COLUMN[f]} AS "${f}"`).join(', ');

// The identity schema's rows, read inside the transaction IdentityService opens on the identity
// connection (its audit entry commits with the read). Only the fields asked for are selected
// (DR-3). Nothing here writes an audit entry: call it through IdentityService only.
@Injectable()
export class SubscriberIdentityRepository {
  async identities(
    tx: EntityManager,
    accountIds: readonly string[],
    fields: readonly IdentityField[],
  ): Promise<Map<string, Partial<SubscriberIdentity>>> {
    const rows: Array<{ account_id: string } & Partial<SubscriberIdentity>> = await tx.query(
      `SELECT account_id, ${columns(fields)} FROM identity.subscribers
        WHERE account_id = ANY($1::uuid[])`,
      [[...new Set(accountIds)]],
    );
    const out = new Map<string, Partial<SubscriberIdentity>>();
    for (const { account_id, ...identity } of rows) out.set(account_id, identity);
    return out;
  }

  // An account's identity with the ISP's customer number (subscriber_accounts.account_number,
  // which only the identity role may read). null: no such account; identity null: none stored.
  async withAccountNumber(
    tx: EntityManager,
    accountId: string,
    fields: readonly IdentityField[],
  ): Promise<{ accountNumber: string; identity: Partial<SubscriberIdentity> | null } | null> {
    const rows: Array<
      { account_number: string; has_identity: boolean } & Partial<SubscriberIdentity>
    > = await tx.query(
      `SELECT a.account_number, s.account_id IS NOT NULL AS has_identity, ${columns(fields, 's.')}
         FROM subscriber_accounts a LEFT JOIN identity.subscribers s ON s.account_id = a.id
        WHERE a.id = $1`,
      [accountId],
    );
    if (rows.length === 0) return null;
    const { account_number, has_identity, ...identity } = rows[0];
    return { accountNumber: account_number, identity: has_identity ? identity : null };
  }
}
