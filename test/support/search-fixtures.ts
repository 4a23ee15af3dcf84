import { INestApplicationContext } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from './notice-factories';
import { identityQuery } from './identity-query';

const suffix = () => randomBytes(3).toString('hex').toUpperCase();

export interface SearchItemSpec {
  ip: string;
  port: number;
  observedAt: string;
  title: string;
  fileName: string;
  status: string;
  reasonCode?: string;
  // Attributed to the scenario's subscriber.
  subscriber?: boolean;
}

export interface SearchNoticeSpec {
  org: 'a' | 'b';
  caseId: string;
  receivedAt: string;
  items: SearchItemSpec[];
}

export interface SearchScenario {
  orgA: string;
  orgB: string;
  subscriber: SeededSubscriber;
  accountNumber: string;
  // Reference per notice, in the order of SEARCH_NOTICES.
  references: string[];
  itemIds: string[][];
  deadMessageId: string;
  challengeId: string;
}

// Notices whose items differ in one searchable property each, so every filter has a known
// answer. Items 0.0 and 2.1 belong to the subscriber; 0.0 has a dead letter, 2.1 a challenge.
export const SEARCH_NOTICES: SearchNoticeSpec[] = [
  {
    org: 'a',
    caseId: 'CASE-ALPHA-001',
    receivedAt: '2026-10-05T08:00:00Z',
    items: [
      {
        ip: '198.51.100.7',
        port: 51413,
        observedAt: '2026-10-04T21:13:07Z',
        title: 'The Glass Orchard',
        fileName: 'Glass.Orchard.2026.1080p.mkv',
        status: 'forwarded',
        subscriber: true,
      },
      {
        ip: '198.51.100.200',
        port: 6881,
        observedAt: '2026-10-04T22:00:00Z',
        title: 'The Glass Orchard',
        fileName: 'glass-orchard-sample.mp4',
        status: 'not_forwarded',
        reasonCode: 'no_lease',
      },
    ],
  },
  {
    org: 'b',
    caseId: 'CASE-BETA-777',
    receivedAt: '2026-10-06T09:30:00Z',
    items: [
      {
        ip: '203.0.113.45',
        port: 6881,
        observedAt: '2026-10-05T03:00:00Z',
        title: 'Harbour Lights',
        fileName: 'Harbour_Lights_S01E01.mkv',
        status: 'refused',
        reasonCode: 'timestamp_zone',
      },
    ],
  },
  {
    org: 'a',
    caseId: 'CASE-ALPHA-002',
    receivedAt: '2026-10-07T12:00:00Z',
    items: [
      {
        ip: '2001:db8::42',
        port: 40000,
        observedAt: '2026-10-06T10:00:00Z',
        title: 'Northern Static',
        fileName: 'northern.static.flac',
        status: 'duplicate',
      },
      {
        ip: '198.51.100.9',
        port: 51413,
        observedAt: '2026-10-06T11:00:00Z',
        title: 'Northern Static',
        fileName: 'Northern Static (Deluxe).zip',
        status: 'forwarded',
        subscriber: true,
      },
    ],
  },
];

export async function seedSearchScenario(app: INestApplicationContext): Promise<SearchScenario> {
  const ds = app.get(DataSource);
  const subscriber = await seedSubscriber(ds, subscribersRepository(app), {
    regime: 'generic',
    language: 'en',
    name: 'Perpetua Windlesham',
    email: 'perpetua.windlesham@subscriber.example',
  });
  const [{ account_number: accountNumber }] = await identityQuery<{ account_number: string }>(
    ds,
    `SELECT account_number FROM subscriber_accounts WHERE id = $1`,
    [subscriber.accountId],
  );
  const orgA = await seedOrganisation(ds, `Search Vendor A ${suffix()}`);
  const orgB = await seedOrganisation(ds, `Search Vendor B ${suffix()}`);
  const references: string[] = [];
  const itemIds: string[][] = [];
  for (const n of SEARCH_NOTICES) {
    const reference = `NR-SRCH-${suffix()}`;
    const original = Buffer.from(`<Infringement><Case><ID>${n.caseId}</ID></Case></Infringement>`);
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO notices (reference, organisation_id, channel, source_format, media_type, original,
         original_sha256, case_id, status, received_at)
       VALUES ($1, $2, 'api', 'acns', 'application/xml', $3, $4, $5, 'accepted', $6) RETURNING id`,
      [
        reference,
        n.org === 'a' ? orgA : orgB,
        original,
        createHash('sha256').update(original).digest('hex'),
        n.caseId,
        n.receivedAt,
      ],
    );
    references.push(reference);
    const ids: string[] = [];
    for (const [position, it] of n.items.entries()) {
      const [{ id: itemId }]: Array<{ id: string }> = await ds.query(
        `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title,
           file_name, status, reason_code, attribution_outcome, subscriber_account_id,
           subscriber_ref, regime, attributed_at, forwarded_at)
         VALUES ($1, $2, $3, $4, $5, 'BitTorrent', $6, $7, $8, $9, $10, $11, $12, 'generic',
           $13, $14) RETURNING id`,
        [
          id,
          position,
          it.ip,
          it.port,
          it.observedAt,
          it.title,
          it.fileName,
          it.status,
          it.reasonCode ?? null,
          // As attribution records them: every looked-up item has an outcome and a time.
          it.subscriber ? 'unique' : it.status === 'not_forwarded' ? it.reasonCode : null,
          it.subscriber ? subscriber.accountId : null,
          it.subscriber ? subscriber.reference : null,
          it.subscriber || it.status === 'not_forwarded' ? n.receivedAt : null,
          it.status === 'forwarded' ? n.receivedAt : null,
        ],
      );
      ids.push(itemId);
    }
    itemIds.push(ids);
  }
  const message = async (status: string, itemId: string): Promise<string> => {
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, stage, status,
         attempts, sent_at, dead_at)
       VALUES ($1, 'warning', 'warning', 'generic', 1, $2, 1,
         CASE WHEN $2 = 'sent' THEN now() END, CASE WHEN $2 = 'dead' THEN now() END)
       RETURNING id`,
      [subscriber.accountId, status],
    );
    await ds.query(`INSERT INTO outbound_message_items (message_id, item_id) VALUES ($1, $2)`, [
      id,
      itemId,
    ]);
    return id;
  };
  const deadMessageId = await message('dead', itemIds[0][0]);
  const sentId = await message('sent', itemIds[2][1]);
  const [{ id: challengeId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO challenges (message_id, ground, statement) VALUES ($1, 'wrong_account',
       'Not my connection that evening.') RETURNING id`,
    [sentId],
  );
  return {
    orgA,
    orgB,
    subscriber,
    accountNumber,
    references,
    itemIds,
    deadMessageId,
    challengeId,
  };
}
