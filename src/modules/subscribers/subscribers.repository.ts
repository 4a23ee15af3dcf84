import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../database/database.module';

export interface SubscriberRecord {
  accountNumber: string;
  regime: string;
  identifiers: Array<{
    type: string;
    value: string;
    validFrom: Date | null;
    validUntil: Date | null;
  }>;
  identity: {
    fullName: string;
    email: string | null;
    phone: string | null;
    postalAddress: string | null;
    installationAddress: string | null;
    // null: not stated (a new account gets 'en'; a continued one keeps its language).
    language: string | null;
  };
}

// A subscriber's pseudonymous reference: what desk and portal users see instead of identity (MA-4).
export function newSubscriberReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(10);
  return `SUB-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

const INSERT_IDENTITY = `INSERT INTO identity.subscribers (account_id, full_name, email, phone,
     postal_address, installation_address, language, regime)
   VALUES ($1, $2, $3, $4, $5, $6, coalesce($7, 'en'), $8)`;
// A new import of an account states its identity whole: an empty field clears the old value.
const UPSERT_IDENTITY = `${INSERT_IDENTITY}
   ON CONFLICT (account_id) DO UPDATE SET full_name = EXCLUDED.full_name, email = EXCLUDED.email,
     phone = EXCLUDED.phone, postal_address = EXCLUDED.postal_address,
     installation_address = EXCLUDED.installation_address, language = EXCLUDED.language,
     regime = EXCLUDED.regime, updated_at = now()`;
// More rows of an account this import already wrote: empty fields keep the earlier rows' values.
const UPSERT_IDENTITY_CONTINUED = `${INSERT_IDENTITY}
   ON CONFLICT (account_id) DO UPDATE SET full_name = EXCLUDED.full_name,
     email = coalesce(EXCLUDED.email, subscribers.email),
     phone = coalesce(EXCLUDED.phone, subscribers.phone),
     postal_address = coalesce(EXCLUDED.postal_address, subscribers.postal_address),
     installation_address = coalesce(EXCLUDED.installation_address, subscribers.installation_address),
     language = coalesce($7, subscribers.language), regime = EXCLUDED.regime, updated_at = now()`;

// Writes accounts, identifier mappings and the identity store. Reading identity is not
// offered here: that path belongs to the audited disclosure module. The writes go through
// IdentityService's connection (issue 16), the only role that may touch the identity schema,
// so an account, its identifiers and its identity still commit together.
@Injectable()
export class SubscribersRepository {
  constructor(@InjectDataSource(IDENTITY_CONNECTION) private readonly identityDs: DataSource) {}

  // `continued` names the accounts an earlier batch of the same import already wrote: their
  // empty identity fields keep what that batch stored (the last non-empty value wins).
  async upsertBatch(
    records: SubscriberRecord[],
    continued: ReadonlySet<string> = new Set(),
  ): Promise<{ accounts: number; identifiers: number }> {
    let identifiers = 0;
    await this.identityDs.transaction(async (em: EntityManager) => {
      for (const r of records) {
        const rows: Array<{ id: string }> = await em.query(
          `INSERT INTO subscriber_accounts (account_number, reference, regime) VALUES ($1, $2, $3)
           ON CONFLICT (account_number) DO UPDATE SET regime = EXCLUDED.regime RETURNING id`,
          [r.accountNumber, newSubscriberReference(), r.regime],
        );
        const id = rows[0].id;
        await em.query(
          continued.has(r.accountNumber) ? UPSERT_IDENTITY_CONTINUED : UPSERT_IDENTITY,
          [
            id,
            r.identity.fullName,
            r.identity.email,
            r.identity.phone,
            r.identity.postalAddress,
            r.identity.installationAddress,
            r.identity.language,
            r.regime,
          ],
        );
        for (const i of r.identifiers) {
          await em.query(
            `INSERT INTO account_identifiers (account_id, identifier_type, identifier, valid_from, valid_until)
             VALUES ($1, $2, $3, coalesce($4, '-infinity'::timestamptz), coalesce($5, 'infinity'::timestamptz))
             ON CONFLICT (identifier_type, identifier, valid_from) DO UPDATE
               SET account_id = EXCLUDED.account_id, valid_until = EXCLUDED.valid_until`,
            [id, i.type, i.value, i.validFrom, i.validUntil],
          );
          identifiers++;
        }
      }
    });
    return { accounts: records.length, identifiers };
  }

  // On the identity connection: the service role cannot read account_number (issue 16).
  async referenceOf(accountNumber: string): Promise<string | null> {
    const rows: Array<{ reference: string }> = await this.identityDs.query(
      `SELECT reference FROM subscriber_accounts WHERE account_number = $1`,
      [accountNumber],
    );
    return rows[0]?.reference ?? null;
  }
}
