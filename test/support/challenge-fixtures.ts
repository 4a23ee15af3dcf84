import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChallengeLinks } from '../../src/modules/messaging/challenges/challenge-links';
import {
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from './notice-factories';
import { identityQuery } from './identity-query';

const suffix = () => randomBytes(4).toString('hex').toUpperCase();

export interface ChallengeWorld {
  subscriber: SeededSubscriber;
  noticeReference: string;
  messageId: string;
  // The path of the signed link the warning carried.
  path: string;
  // Things the page must never show: the subscriber's identity, the sender's people.
  secrets: string[];
}

// A warning already sent about one notice of two items, with strikes, as the digest would
// leave it. The sender's contact people and the subscriber have distinctive names.
export async function seedSentWarning(
  app: INestApplicationContext,
  secretKey: string,
  w: { regime: string; language: string },
): Promise<ChallengeWorld> {
  const ds = app.get(DataSource);
  const tag = suffix();
  const subscriber = await seedSubscriber(ds, subscribersRepository(app), {
    regime: w.regime,
    language: w.language,
    name: `Ottoline Brackenbury ${tag}`,
    email: `ottoline.${tag.toLowerCase()}@subscriber.example`,
  });
  const org = await seedOrganisation(ds, `Vendor ${tag}`);
  const reference = `NR-${tag}`;
  const claimant = {
    entity: `Example Rights Agency ${tag}`,
    contact: `Barnaby Fenwick-Contact ${tag}`,
    email: `barnaby.${tag.toLowerCase()}@vendor.example`,
    phone: '+1 555 0199 777',
    address: `12 Claimant Lane ${tag}`,
  };
  const original = Buffer.from(`<Infringement><Case><ID>${reference}</ID></Case></Infringement>`);
  const [{ id: noticeId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO notices (reference, organisation_id, channel, source_format, media_type, original,
       original_sha256, owner_name, claimant, sender_address, status, received_at)
     VALUES ($1, $2, 'api', 'acns', 'application/xml', $3, $4, 'Example Pictures', $5, $6,
       'accepted', now())
     RETURNING id`,
    [
      reference,
      org,
      original,
      createHash('sha256').update(original).digest('hex'),
      JSON.stringify(claimant),
      claimant.email,
    ],
  );
  const itemIds: string[] = [];
  for (const [position, at] of ['2026-07-04T21:13:07Z', '2026-07-04T21:40:00Z'].entries()) {
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title,
         file_name, status, attribution_outcome, subscriber_account_id, subscriber_ref, regime,
         attributed_at, forwarded_at)
       VALUES ($1, $2, '198.51.100.23', $3, $4, 'BitTorrent', 'The Lighthouse Keeper',
         'Lighthouse.Keeper.2026.mkv', 'forwarded', 'unique', $5, $6, $7, now(), now())
       RETURNING id`,
      [
        noticeId,
        position,
        51413 + position,
        at,
        subscriber.accountId,
        subscriber.reference,
        w.regime,
      ],
    );
    itemIds.push(id);
  }
  const [{ id: messageId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, language, stage,
       status, attempts, sent_at)
     VALUES ($1, 'warning', 'warning', $2, $3, 1, 'sent', 1, now()) RETURNING id`,
    [subscriber.accountId, w.regime, w.language],
  );
  for (const itemId of itemIds) {
    await ds.query(`INSERT INTO outbound_message_items (message_id, item_id) VALUES ($1, $2)`, [
      messageId,
      itemId,
    ]);
    await ds.query(
      `INSERT INTO strikes (subscriber_account_id, item_id, notice_id, message_id, regime, stage)
       VALUES ($1, $2, $3, $4, $5, 1)`,
      [subscriber.accountId, itemId, noticeId, messageId, w.regime],
    );
  }
  const token = new ChallengeLinks(secretKey).token(
    messageId,
    new Date(Date.now() + 30 * 86_400_000),
  );
  const [{ account_number: accountNumber }] = await identityQuery<{ account_number: string }>(
    ds,
    `SELECT account_number FROM subscriber_accounts WHERE id = $1`,
    [subscriber.accountId],
  );
  return {
    subscriber,
    noticeReference: reference,
    messageId,
    path: `/challenge/${token}`,
    secrets: [
      subscriber.name,
      subscriber.email,
      subscriber.accountId,
      subscriber.reference,
      accountNumber,
      claimant.contact,
      claimant.email,
      claimant.phone,
      claimant.address,
    ],
  };
}
