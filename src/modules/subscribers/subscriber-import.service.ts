import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { DateTime } from 'luxon';
import { LEGAL_REGIMES } from '../../config/app-config';
import { IDENTIFIER_TYPES, IdentifierType, normaliseIdentifier } from '../leases/lease-identifiers';
import { LeasesRepository } from '../leases/leases.repository';
import { SubscribersError, SubscribersErrorCode } from './subscribers.errors';
import { SubscriberRecord, SubscribersRepository } from './subscribers.repository';

// The ISP's customer export, one row per identifier (an account with a MAC and a login has
// two rows, anywhere in the file). Identity columns may repeat on every row; the last non-empty
// value in the file wins, also when an account's rows are written in different batches.
export const SUBSCRIBER_CSV_COLUMNS = [
  'account_number',
  'identifier_type',
  'identifier',
  'full_name',
  'email',
  'phone',
  'postal_address',
  'installation_address',
  'language',
  'regime',
  'valid_from',
  'valid_until',
] as const;
const REQUIRED = ['account_number', 'identifier_type', 'identifier', 'full_name'];

export interface SubscriberImportSummary {
  rowsRead: number;
  accounts: number;
  identifiers: number;
  rejected: number;
  problems: Array<{ line: number; reason: string }>;
}

function optionalTime(v: string | undefined, column: string): Date | null {
  if (!v) return null;
  const d = DateTime.fromISO(v, { setZone: true });
  if (!d.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(v)) {
    throw new Error(`${column} must be ISO 8601 with a zone, got "${v}"`);
  }
  return d.toJSDate();
}

@Injectable()
export class SubscriberImportService {
  constructor(
    private readonly repo: SubscribersRepository,
    private readonly leases: LeasesRepository,
  ) {}

  async importCsv(path: string, batchSize = 500): Promise<SubscriberImportSummary> {
    const parser = createReadStream(path).pipe(
      parse({
        // The header is checked as it is read, so a file with a header and no rows is refused
        // too when a column is missing.
        columns: (header: string[]) => {
          const missing = REQUIRED.filter((c) => !header.includes(c));
          if (missing.length) {
            throw new SubscribersError(
              SubscribersErrorCode.InvalidFile,
              'invalid',
              `The subscriber file lacks column(s): ${missing.join(', ')} (expected ${SUBSCRIBER_CSV_COLUMNS.join(',')})`,
            );
          }
          return header;
        },
        skip_empty_lines: true,
        trim: true,
        bom: true,
        relax_column_count: true,
      }),
    );
    const summary: SubscriberImportSummary = {
      rowsRead: 0,
      accounts: 0,
      identifiers: 0,
      rejected: 0,
      problems: [],
    };
    // Accounts already written by this import: a later batch adds to what they hold instead of
    // blanking the identity fields its rows leave empty.
    const written = new Set<string>();
    let batch = new Map<string, SubscriberRecord>();
    const flush = async () => {
      if (batch.size === 0) return;
      const records = [...batch.values()];
      const r = await this.repo.upsertBatch(records, written);
      for (const rec of records) written.add(rec.accountNumber);
      // Bindings already imported with these identifiers get their account reference now.
      await this.leases.resolveAccountRefs(
        records.flatMap((rec) => rec.identifiers.map((i) => `${i.type}:${i.value}`)),
      );
      summary.identifiers += r.identifiers;
      batch = new Map();
    };
    try {
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        summary.rowsRead++;
        const line = summary.rowsRead + 1;
        try {
          const rec = this.toRecord(row, batch.get(row.account_number));
          batch.set(rec.accountNumber, rec);
        } catch (e) {
          summary.rejected++;
          if (summary.problems.length < 100) {
            // Messages name the column, never the value of identity fields.
            summary.problems.push({ line, reason: e instanceof Error ? e.message : String(e) });
          }
        }
        if (batch.size >= batchSize) await flush();
      }
    } catch (e) {
      // csv-parse wraps what the header check throws; the file's own error is what to say.
      const cause = (e as { cause?: unknown }).cause;
      throw cause instanceof SubscribersError ? cause : e;
    }
    await flush();
    summary.accounts = written.size;
    return summary;
  }

  private toRecord(
    row: Record<string, string>,
    prev: SubscriberRecord | undefined,
  ): SubscriberRecord {
    for (const c of REQUIRED) if (!row[c]) throw new Error(`${c} is empty`);
    const type = row.identifier_type as IdentifierType;
    if (!IDENTIFIER_TYPES.includes(type)) {
      throw new Error(`identifier_type must be one of ${IDENTIFIER_TYPES.join(', ')}`);
    }
    const regime = row.regime || prev?.regime || 'generic';
    if (!(LEGAL_REGIMES as readonly string[]).includes(regime)) {
      throw new Error(`regime must be one of ${LEGAL_REGIMES.join(', ')}`);
    }
    const validFrom = optionalTime(row.valid_from, 'valid_from');
    const validUntil = optionalTime(row.valid_until, 'valid_until');
    if (validFrom && validUntil && validUntil <= validFrom) {
      throw new Error('valid_until must be after valid_from');
    }
    const pick = (col: string, old: string | null | undefined) => row[col] || old || null;
    return {
      accountNumber: row.account_number,
      regime,
      identifiers: [
        ...(prev?.identifiers ?? []),
        {
          type,
          value: normaliseIdentifier(type, row.identifier),
          validFrom,
          validUntil,
        },
      ],
      identity: {
        fullName: row.full_name,
        email: pick('email', prev?.identity.email),
        phone: pick('phone', prev?.identity.phone),
        postalAddress: pick('postal_address', prev?.identity.postalAddress),
        installationAddress: pick('installation_address', prev?.identity.installationAddress),
        language: row.language || prev?.identity.language || null,
      },
    };
  }
}
