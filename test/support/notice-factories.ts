import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../src/database/database.module';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { identityQuery } from './identity-query';

export interface SeededSubscriber {
  accountId: string;
  reference: string;
  email: string;
  name: string;
}

const suffix = () => randomBytes(4).toString('hex');

export async function seedSubscriber(
  ds: DataSource,
  subscribers: SubscribersRepository,
  s: { regime: string; language: string; name?: string; email?: string | null },
): Promise<SeededSubscriber> {
  const account = `ACC-${suffix()}`;
  const name = s.name ?? `Name ${account}`;
  const email = s.email === undefined ? `${account.toLowerCase()}@subscriber.example` : s.email;
  await subscribers.upsertBatch([
    {
      accountNumber: account,
      regime: s.regime,
      identifiers: [],
      identity: {
        fullName: name,
        email,
        phone: null,
        postalAddress: '7 Private Road',
        installationAddress: null,
        language: s.language,
      },
    },
  ]);
  const rows = await identityQuery<{ id: string; reference: string }>(
    ds,
    `SELECT id, reference FROM subscriber_accounts WHERE account_number = $1`,
    [account],
  );
  return { accountId: rows[0].id, reference: rows[0].reference, email: email ?? '', name };
}

export async function seedOrganisation(
  ds: DataSource,
  name = `Vendor ${suffix()}`,
): Promise<string> {
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO organisations (name, kind, accreditation) VALUES ($1, 'vendor', 'accredited')
     RETURNING id`,
    [name],
  );
  return rows[0].id;
}

export interface SeededNotice {
  noticeId: string;
  reference: string;
  itemIds: string[];
  original: Buffer;
}

// A notice with items already in state `attributed`, as intake leaves them.
export async function seedAttributedNotice(
  ds: DataSource,
  n: {
    organisationId: string;
    subscriber: SeededSubscriber;
    regime: string;
    items?: number;
    title?: string;
    attributedAt?: Date;
    original?: Buffer;
    mediaType?: string;
  },
): Promise<SeededNotice> {
  const reference = `NR-${suffix().toUpperCase()}`;
  const original =
    n.original ??
    Buffer.from(
      `<?xml version="1.0"?><Infringement><Case><ID>${reference}</ID></Case><Source><IP_Address>198.51.100.10</IP_Address></Source></Infringement>`,
    );
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO notices (reference, organisation_id, channel, source_format, media_type, original,
       original_sha256, owner_name, status)
     VALUES ($1, $2, 'api', 'acns', $3, $4, $5, 'Example Pictures', 'accepted') RETURNING id`,
    [
      reference,
      n.organisationId,
      n.mediaType ?? 'application/xml',
      original,
      createHash('sha256').update(original).digest('hex'),
    ],
  );
  const noticeId = rows[0].id;
  const itemIds: string[] = [];
  for (let p = 0; p < (n.items ?? 1); p++) {
    const item: Array<{ id: string }> = await ds.query(
      `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title,
         file_name, status, attribution_outcome, subscriber_account_id, subscriber_ref, regime,
         attributed_at)
       VALUES ($1, $2, '198.51.100.10', 51413, '2026-10-04T21:13:07Z', 'BitTorrent', $3,
         'Film.mkv', 'attributed', 'unique', $4, $5, $6, $7) RETURNING id`,
      [
        noticeId,
        p,
        n.title ?? 'Example Film',
        n.subscriber.accountId,
        n.subscriber.reference,
        n.regime,
        n.attributedAt ?? new Date(),
      ],
    );
    itemIds.push(item[0].id);
  }
  return { noticeId, reference, itemIds, original };
}

// The repository as the app builds it: identity is written through IdentityService's own
// connection (the service role cannot touch the identity schema, issue 16).
export function subscribersRepository(app: INestApplicationContext): SubscribersRepository {
  return new SubscribersRepository(app.get<DataSource>(getDataSourceToken(IDENTITY_CONNECTION)));
}
