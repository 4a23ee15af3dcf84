import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { identityQuery } from './identity-query';

// SQL factories for notices and items as intake would leave them (intake is built elsewhere).
export interface ItemSpec {
  // Account number of the attributed subscriber; omitted for an item without a unique match.
  account?: string;
  outcome?: 'unique' | 'ambiguous' | 'no_lease';
  status?: 'attributed' | 'forwarded' | 'not_forwarded';
  regime?: string;
  ip?: string;
  port?: number | null;
  observedAt?: string;
  cgnat?: boolean;
  withinTolerance?: boolean;
  attributedAt?: string;
}

export async function createOrganisation(ds: DataSource, name?: string): Promise<string> {
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO organisations (name, kind, accreditation) VALUES ($1, 'vendor', 'accredited')
     RETURNING id`,
    [name ?? `Org ${randomBytes(4).toString('hex')}`],
  );
  return rows[0].id;
}

export async function createNotice(
  ds: DataSource,
  opts: { organisationId: string | null; receivedAt?: string; items: ItemSpec[] },
): Promise<{ id: string; reference: string; itemIds: string[] }> {
  const reference = `NR-${randomBytes(5).toString('hex').toUpperCase()}`;
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO notices (reference, organisation_id, channel, source_format, media_type, original,
       original_sha256, status, received_at)
     VALUES ($1, $2, 'api', 'acns', 'application/xml', $3, 'x', 'accepted', $4) RETURNING id`,
    [reference, opts.organisationId, Buffer.from('<Infringement/>'), opts.receivedAt ?? new Date()],
  );
  const noticeId = rows[0].id;
  const itemIds: string[] = [];
  for (const [position, it] of opts.items.entries()) {
    const account = it.account
      ? (
          await identityQuery<{ id: string; reference: string }>(
            ds,
            `SELECT id, reference FROM subscriber_accounts WHERE account_number = $1`,
            [it.account],
          )
        )[0]
      : undefined;
    const outcome = it.outcome ?? (account ? 'unique' : 'ambiguous');
    const evidence = account
      ? [
          ...(it.cgnat
            ? [
                {
                  hop: 'nat',
                  table: 'nat_port_blocks',
                  recordId: '7',
                  source: 'cgnat-1',
                  toleranceSeconds: 2,
                  address: '203.0.113.9',
                  starts: '2026-10-04T20:00:00Z',
                  ends: null,
                  endIsActual: null,
                  confirmedUntil: '2026-10-04T22:00:00Z',
                  onlyWithinTolerance: false,
                  subscriberRef: null,
                  ports: [1024, 2047],
                  insideAddress: '100.64.0.7',
                  pool: 'p1',
                },
              ]
            : []),
          {
            hop: 'lease',
            table: 'lease_bindings',
            recordId: '42',
            source: 'dhcp-1',
            toleranceSeconds: 2,
            address: it.cgnat ? '100.64.0.7' : (it.ip ?? '198.51.100.5'),
            starts: '2026-10-04T20:00:00Z',
            ends: '2026-10-04T22:00:00Z',
            endIsActual: true,
            confirmedUntil: null,
            onlyWithinTolerance: it.withinTolerance ?? false,
            subscriberRef: account.reference,
          },
        ]
      : [];
    const attribution = {
      outcome,
      subscriberRef: account?.reference ?? null,
      candidates: account ? 1 : 3,
      reason: null,
      evidence,
    };
    const item: Array<{ id: string }> = await ds.query(
      `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, status,
         attribution_outcome, subscriber_account_id, subscriber_ref, attribution, attributed_at,
         regime, title)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'A Film') RETURNING id`,
      [
        noticeId,
        position,
        it.ip ?? '198.51.100.5',
        it.port === undefined ? 51413 : it.port,
        it.observedAt ?? '2026-10-04T21:13:07Z',
        it.status ?? (account ? 'forwarded' : 'not_forwarded'),
        outcome,
        account?.id ?? null,
        account?.reference ?? null,
        JSON.stringify(attribution),
        it.attributedAt ?? opts.receivedAt ?? new Date(),
        it.regime ?? 'us',
      ],
    );
    itemIds.push(item[0].id);
  }
  return { id: noticeId, reference, itemIds };
}

export async function accountId(ds: DataSource, accountNumber: string): Promise<string> {
  const rows = await identityQuery<{ id: string }>(
    ds,
    `SELECT id FROM subscriber_accounts WHERE account_number = $1`,
    [accountNumber],
  );
  return rows[0].id;
}
