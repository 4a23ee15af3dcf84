import { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from './notice-factories';
import { identityQuery } from './identity-query';

const suffix = () => randomBytes(4).toString('hex').toUpperCase();

export interface ItemSpec {
  status: string;
  reasonCode?: string | null;
}

// A notice received at `receivedAt` whose items are already in their final states.
export async function seedNoticeWithItems(
  ds: DataSource,
  n: {
    organisationId: string | null;
    receivedAt: Date;
    status?: string;
    items: ItemSpec[];
    subscriber?: SeededSubscriber;
  },
): Promise<{ noticeId: string; reference: string; itemIds: string[] }> {
  const reference = `NR-${suffix()}`;
  const original = Buffer.from(`<Infringement><Case><ID>${reference}</ID></Case></Infringement>`);
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO notices (reference, organisation_id, channel, source_format, media_type, original,
       original_sha256, owner_name, status, received_at)
     VALUES ($1, $2, 'api', 'acns', 'application/xml', $3, $4, 'Example Pictures', $5, $6)
     RETURNING id`,
    [
      reference,
      n.organisationId,
      original,
      createHash('sha256').update(original).digest('hex'),
      n.status ?? 'accepted',
      n.receivedAt,
    ],
  );
  const itemIds: string[] = [];
  for (const [position, item] of n.items.entries()) {
    const unique = item.status === 'forwarded' || item.status === 'attributed';
    const r: Array<{ id: string }> = await ds.query(
      `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title,
         file_name, status, reason_code, attribution_outcome, subscriber_account_id,
         subscriber_ref, regime, attributed_at, forwarded_at)
       VALUES ($1, $2, '198.51.100.10', 51413, '2026-10-04T21:13:07Z', 'BitTorrent',
         'Example Film', 'Film.mkv', $3, $4, $5, $6, $7, 'generic', $8, $9) RETURNING id`,
      [
        rows[0].id,
        position,
        item.status,
        item.reasonCode ?? null,
        unique ? 'unique' : null,
        unique ? (n.subscriber?.accountId ?? null) : null,
        unique ? (n.subscriber?.reference ?? null) : null,
        unique ? n.receivedAt : null,
        item.status === 'forwarded' ? n.receivedAt : null,
      ],
    );
    itemIds.push(r[0].id);
  }
  return { noticeId: rows[0].id, reference, itemIds };
}

export async function seedMessage(
  ds: DataSource,
  m: {
    accountId: string;
    status: string;
    attempts?: number;
    lastError?: string | null;
    itemIds?: string[];
    noticeId?: string;
  },
): Promise<string> {
  const rows: Array<{ id: string }> = await ds.query(
    `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, stage, status,
       attempts, last_error, sent_at, dead_at)
     VALUES ($1, 'warning', 'warning', 'generic', 1, $2, $3, $4,
       CASE WHEN $2 = 'sent' THEN now() END, CASE WHEN $2 = 'dead' THEN now() END)
     RETURNING id`,
    [m.accountId, m.status, m.attempts ?? 0, m.lastError ?? null],
  );
  const id = rows[0].id;
  for (const itemId of m.itemIds ?? []) {
    await ds.query(`INSERT INTO outbound_message_items (message_id, item_id) VALUES ($1, $2)`, [
      id,
      itemId,
    ]);
    await ds.query(
      `INSERT INTO strikes (subscriber_account_id, item_id, notice_id, message_id, regime, stage)
       VALUES ($1, $2, $3, $4, 'generic', 1)`,
      [m.accountId, itemId, m.noticeId, id],
    );
  }
  return id;
}

export interface DeskScenario {
  subscriber: SeededSubscriber;
  accountNumber: string;
  postalAddress: string;
  challengedNotice: string;
  challengeId: string;
  decidedChallengeId: string;
  challengeStatement: string;
  sentId: string;
  deadIds: [string, string];
  failedId: string;
  proposalId: string;
  // What the dashboard must show for today's and this month's intake.
  expected: {
    noticesToday: number;
    itemsToday: number;
    noticesMonth: number;
    itemsMonth: number;
    quarantined: number;
    outcomesMonth: Record<string, number>;
    refusedByRule: Record<string, number>;
  };
}

// Notices with known outcomes today, one earlier this month (when the month has an earlier
// day), one 40 days ago (outside both windows), plus a warning under challenge, dead letters,
// a retrying message and an escalation proposal. The subscriber has a distinctive identity.
export async function seedDeskScenario(
  app: INestApplicationContext,
  now = new Date(),
): Promise<DeskScenario> {
  const ds = app.get(DataSource);
  const subscriber = await seedSubscriber(ds, subscribersRepository(app), {
    regime: 'generic',
    language: 'en',
    name: 'Hieronymus Quillfeather',
    email: 'hieronymus.quillfeather@subscriber.example',
  });
  const [{ account_number: accountNumber }] = await identityQuery<{ account_number: string }>(
    ds,
    `SELECT account_number FROM subscriber_accounts WHERE id = $1`,
    [subscriber.accountId],
  );
  const org = await seedOrganisation(ds);
  const todayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const at = now;

  const n1 = await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: at,
    subscriber,
    items: [
      { status: 'forwarded' },
      { status: 'forwarded' },
      { status: 'refused', reasonCode: 'timestamp_zone' },
    ],
  });
  await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: at,
    items: [
      { status: 'not_forwarded', reasonCode: 'ambiguous' },
      { status: 'duplicate', reasonCode: 'duplicate' },
    ],
  });
  await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: at,
    items: [
      { status: 'not_forwarded', reasonCode: 'no_lease' },
      { status: 'not_forwarded', reasonCode: 'out_of_retention' },
      { status: 'not_forwarded', reasonCode: 'not_our_address' },
      { status: 'queued', reasonCode: 'quota' },
    ],
  });
  await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: at,
    status: 'refused',
    items: [{ status: 'refused', reasonCode: 'sender_accredited' }],
  });
  await seedNoticeWithItems(ds, {
    organisationId: null,
    receivedAt: at,
    status: 'quarantined',
    items: [],
  });
  // Outside both windows.
  await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: new Date(todayStart.getTime() - 40 * 86_400_000),
    subscriber,
    items: [{ status: 'forwarded' }, { status: 'refused', reasonCode: 'timestamp_zone' }],
  });
  // The first second of the month: in this month, and also today when today is the 1st.
  const earlyIsToday = monthStart.getTime() === todayStart.getTime();
  await seedNoticeWithItems(ds, {
    organisationId: org,
    receivedAt: new Date(monthStart.getTime() + 1000),
    items: [{ status: 'refused', reasonCode: 'timestamp_zone' }],
  });

  const sentId = await seedMessage(ds, {
    accountId: subscriber.accountId,
    status: 'sent',
    attempts: 1,
    itemIds: n1.itemIds.slice(0, 2),
    noticeId: n1.noticeId,
  });
  const challengeStatement = 'A guest used my Wi-Fi that weekend without my knowledge.';
  const [{ id: challengeId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO challenges (message_id, ground, statement) VALUES ($1, 'unauthorised_use', $2)
     RETURNING id`,
    [sentId, challengeStatement],
  );
  // A decided challenge received later, about an earlier warning (one challenge per
  // message): the open one must still be listed first.
  const earlierSentId = await seedMessage(ds, {
    accountId: subscriber.accountId,
    status: 'sent',
    attempts: 1,
  });
  const [{ id: decidedChallengeId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO challenges (message_id, ground, statement, status, decided_by, decision_note,
       decided_at, created_at)
     VALUES ($1, 'licence', 'I bought this film on a streaming service.', 'rejected',
       'user:seed', 'no licence shown', now(), now() + interval '1 minute')
     RETURNING id`,
    [earlierSentId],
  );
  const dead1 = await seedMessage(ds, {
    accountId: subscriber.accountId,
    status: 'dead',
    attempts: 5,
    lastError: 'mailbox_unknown',
  });
  const dead2 = await seedMessage(ds, {
    accountId: subscriber.accountId,
    status: 'dead',
    attempts: 5,
    lastError: 'rejected_as_spam',
  });
  const failedId = await seedMessage(ds, {
    accountId: subscriber.accountId,
    status: 'failed',
    attempts: 2,
    lastError: 'temporary',
  });
  const [{ id: proposalId }]: Array<{ id: string }> = await ds.query(
    `INSERT INTO escalation_proposals (subscriber_account_id, message_id, action, stage, strikes,
       addressed_to_role) VALUES ($1, $2, 'suspension', 3, 6, 'legal') RETURNING id`,
    [subscriber.accountId, sentId],
  );

  return {
    subscriber,
    accountNumber,
    postalAddress: '7 Private Road',
    challengedNotice: n1.reference,
    challengeId,
    decidedChallengeId,
    challengeStatement,
    sentId,
    deadIds: [dead1, dead2],
    failedId,
    proposalId,
    expected: {
      noticesToday: 5 + (earlyIsToday ? 1 : 0),
      itemsToday: 10 + (earlyIsToday ? 1 : 0),
      noticesMonth: 6,
      itemsMonth: 11,
      quarantined: 1,
      outcomesMonth: {
        forwarded: 2,
        refused: 3,
        ambiguous: 1,
        duplicate: 1,
        no_lease: 1,
        out_of_retention: 1,
        not_our_address: 1,
        queued: 1,
        attributed: 0,
        accepted: 0,
        needs_port: 0,
        not_forwarded_other: 0,
        total: 11,
      },
      refusedByRule: { timestamp_zone: 2, sender_accredited: 1 },
    },
  };
}
