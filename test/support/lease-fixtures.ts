import { INestApplicationContext } from '@nestjs/common';
import { LeaseImportService, ImportSummary } from '../../src/modules/leases/lease-import.service';
import { linesOf } from '../../src/modules/leases/parsing';
import type { LeaseFormat } from '../../src/modules/leases/parsing/lease-event';
import { LeasesRepository } from '../../src/modules/leases/leases.repository';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';

// Generic CSV lets a spec state bindings exactly: ip,prefix_len,start,end,type,identifier[,session].
export function genericCsv(rows: string[]): string[] {
  return ['ip,prefix_len,start,end,identifier_type,identifier,session_id', ...rows];
}

export async function importText(
  ctx: INestApplicationContext,
  format: LeaseFormat,
  source: string,
  lines: string[],
  opts: { timeZone?: string; toleranceSeconds?: number; maxErrorRatio?: number } = {},
): Promise<ImportSummary> {
  return ctx.get(LeaseImportService).importLines(linesOf(lines), format, `${source}.txt`, {
    source,
    format,
    ...opts,
  });
}

// Creates an account per identifier and returns identifier -> pseudonymous reference.
export async function seedAccounts(
  ctx: INestApplicationContext,
  accounts: Array<{ account: string; type: string; id: string; name?: string; email?: string }>,
): Promise<Record<string, string>> {
  const repo = ctx.get(SubscribersRepository);
  await repo.upsertBatch(
    accounts.map((a) => ({
      accountNumber: a.account,
      regime: 'ca',
      identifiers: [{ type: a.type, value: a.id, validFrom: null, validUntil: null }],
      identity: {
        fullName: a.name ?? `Subscriber ${a.account}`,
        email: a.email ?? `${a.account.toLowerCase()}@subscriber.example`,
        phone: null,
        postalAddress: '1 Main Street',
        installationAddress: null,
        language: 'en',
      },
    })),
  );
  await ctx.get(LeasesRepository).resolveAccountRefs(accounts.map((a) => `${a.type}:${a.id}`));
  const refs: Record<string, string> = {};
  for (const a of accounts) refs[a.account] = (await repo.referenceOf(a.account))!;
  return refs;
}
