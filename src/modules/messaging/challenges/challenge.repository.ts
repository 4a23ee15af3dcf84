import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { checkedRow, checkedRows, col, countRow } from '../../../database/checked-rows';
import { Page } from '../../../database/page';
import {
  CHALLENGE_NOTICE_REFS,
  MESSAGE_ITEMS_JOIN,
  openFirst,
} from '../../../database/queries/messaging.sql';
import { itemFactColumns, toItemFacts } from '../item-facts';

// The subscriber's view of one warning and of the challenge made through it.
export interface ChallengeTargetRow {
  status: string;
  regime: string;
  language: string | null;
  sentAt: Date | null;
  items: Array<{
    noticeReference: string;
    position: number;
    observedAt: Date | null;
    ip: string | null;
    port: number | null;
    title: string | null;
    fileName: string | null;
  }>;
  challenge: {
    reference: string;
    status: string;
    createdAt: Date;
    decidedAt: Date | null;
  } | null;
}
// Which challenges a desk list shows: all, one person's queue, or the unassigned ones.
export type ChallengeQueue = null | 'none' | { userId: string };

export interface ChallengeRow {
  id: string;
  // What the subscriber quotes (CH-000001).
  reference: string;
  messageId: string;
  ground: string;
  statement: string;
  status: string;
  decidedBy: string | null;
  decisionNote: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  noticeReferences: string[];
  // Who on the desk works it (issue #19); the name only where the query joined users.
  assignedTo: string | null;
  assigneeName: string | null;
}

// One item a message warned about, as the desk sees it: pseudonymous references only.
export interface MessageItemRow {
  noticeReference: string;
  position: number;
  observedAt: Date | null;
  ip: string | null;
  port: number | null;
  protocol: string | null;
  title: string | null;
  fileName: string | null;
  status: string;
  subscriberRef: string | null;
}

const challengeColumns = {
  id: col.uuid,
  reference: col.text,
  message_id: col.uuid,
  ground: col.text,
  statement: col.text,
  status: col.text,
  decided_by: col.uuid.nullable(),
  decision_note: col.text.nullable(),
  decided_at: col.timestamptz.nullable(),
  created_at: col.timestamptz,
  refs: col.textArray,
  assigned_to: col.uuid.nullable(),
};
type ChallengeColumns = z.output<z.ZodObject<typeof challengeColumns>>;

const toChallenge = (r: ChallengeColumns, assigneeName: string | null): ChallengeRow => ({
  id: r.id,
  reference: r.reference,
  messageId: r.message_id,
  ground: r.ground,
  statement: r.statement,
  status: r.status,
  decidedBy: r.decided_by,
  decisionNote: r.decision_note,
  decidedAt: r.decided_at,
  createdAt: r.created_at,
  noticeReferences: r.refs,
  assignedTo: r.assigned_to,
  assigneeName,
});

// Queries that do not join users have no assignee name.
const challengeRow = z.object(challengeColumns).transform((r) => toChallenge(r, null));
const assignedChallengeRow = z
  .object({ ...challengeColumns, assignee_name: col.text.nullable() })
  .transform((r) => toChallenge(r, r.assignee_name));

// row_to_json() answers times as text.
const challengeTargetRow = z.object({
  status: col.text,
  regime: col.text,
  language: col.text.nullable(),
  sent_at: col.timestamptz.nullable(),
  challenge: z
    .object({
      reference: col.text,
      status: col.text,
      created_at: col.text,
      decided_at: col.text.nullable(),
    })
    .nullable(),
});

const messageItemRow = z
  .object({
    reference: col.text,
    position: col.int,
    observed_at: col.timestamptz.nullable(),
    ip: col.text.nullable(),
    ...itemFactColumns,
    status: col.text,
    subscriber_ref: col.text.nullable(),
  })
  .transform((r): MessageItemRow => ({
    noticeReference: r.reference,
    position: r.position,
    observedAt: r.observed_at,
    ip: r.ip,
    ...toItemFacts(r),
    status: r.status,
    subscriberRef: r.subscriber_ref,
  }));

const insertedRow = z.object({ id: col.uuid, reference: col.text });
const referenceRow = z.object({ reference: col.text }).transform((r) => r.reference);
const recipientRow = z
  .object({ subscriber_account_id: col.uuid, regime: col.text })
  .transform((r) => ({ accountId: r.subscriber_account_id, regime: r.regime }));

// Challenges (SN-6): the subscriber's page, the desk's lists and the decision's writes.
@Injectable()
export class ChallengeRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // What the subscriber's page shows about one warning: the message's state, regime and the
  // language it was written in, the items it was about (work, time, address, port: nothing
  // about the sender's people) and the challenge already made through it, if any.
  async findChallengeTarget(messageId: string): Promise<ChallengeTargetRow | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT m.status, m.regime, m.language, m.sent_at,
              (SELECT row_to_json(c) FROM (
                 SELECT reference, status, created_at, decided_at FROM challenges
                  WHERE message_id = m.id AND duplicate_of IS NULL) c) AS challenge
         FROM outbound_messages m WHERE m.id = $1 AND m.kind = 'warning'`,
      [messageId],
    );
    if (!rows[0]) return null;
    const r = checkedRow(challengeTargetRow, 'findChallengeTarget', rows[0]);
    const c = r.challenge;
    return {
      status: r.status,
      regime: r.regime,
      language: r.language,
      sentAt: r.sent_at,
      items: (await this.itemsOfMessage(messageId)).map((i) => ({
        noticeReference: i.noticeReference,
        position: i.position,
        observedAt: i.observedAt,
        ip: i.ip,
        port: i.port,
        title: i.title,
        fileName: i.fileName,
      })),
      challenge: c
        ? {
            reference: c.reference,
            status: c.status,
            createdAt: new Date(c.created_at),
            decidedAt: c.decided_at ? new Date(c.decided_at) : null,
          }
        : null,
    };
  }

  // One challenge per message: the unique index decides a race; null when one already exists.
  async insertChallenge(
    messageId: string,
    ground: string,
    statement: string,
  ): Promise<{ id: string; reference: string } | null> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO challenges (message_id, ground, statement) VALUES ($1, $2, $3)
       ON CONFLICT (message_id) WHERE duplicate_of IS NULL DO NOTHING
       RETURNING id, reference`,
      [messageId, ground, statement],
    );
    return checkedRows(insertedRow, 'insertChallenge', rows)[0] ?? null;
  }

  async noticeReferencesOfMessage(em: EntityManager, messageId: string): Promise<string[]> {
    const rows: unknown[] = await em.query(
      `SELECT DISTINCT n.reference FROM outbound_message_items mi
         ${MESSAGE_ITEMS_JOIN}
        WHERE mi.message_id = $1 ORDER BY n.reference`,
      [messageId],
    );
    return checkedRows(referenceRow, 'noticeReferencesOfMessage', rows);
  }

  // Who a decision e-mail goes to: the warning's account and regime (ids only).
  async messageRecipient(
    em: EntityManager,
    messageId: string,
  ): Promise<{ accountId: string; regime: string } | null> {
    const rows: unknown[] = await em.query(
      `SELECT subscriber_account_id, regime FROM outbound_messages WHERE id = $1`,
      [messageId],
    );
    return checkedRows(recipientRow, 'messageRecipient', rows)[0] ?? null;
  }

  async listChallenges(status: string | null, limit: number): Promise<ChallengeRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT c.*, ${CHALLENGE_NOTICE_REFS} AS refs
         FROM challenges c WHERE ($1::text IS NULL OR c.status = $1)
        ORDER BY c.created_at DESC LIMIT $2`,
      [status, limit],
    );
    return checkedRows(challengeRow, 'listChallenges', rows);
  }

  // Open challenges first (oldest first: they are waiting longest), then decided ones, newest
  // first. `assigned` narrows to one desk user's queue, or to the unassigned ones (issue #19).
  async pageChallenges(
    offset: number,
    limit: number,
    assigned: ChallengeQueue = null,
  ): Promise<Page<ChallengeRow>> {
    const where =
      assigned === null
        ? 'TRUE'
        : assigned === 'none'
          ? 'c.assigned_to IS NULL'
          : 'c.assigned_to = $3::uuid';
    const params = (base: unknown[]) =>
      assigned !== null && assigned !== 'none' ? [...base, assigned.userId] : base;
    const [rows, count] = await Promise.all([
      this.ds.query<unknown[]>(
        `SELECT c.*, u.display_name AS assignee_name, ${CHALLENGE_NOTICE_REFS} AS refs
           FROM challenges c LEFT JOIN users u ON u.id = c.assigned_to
          WHERE ${where}
          ORDER BY ${openFirst('c')}
          LIMIT $1 OFFSET $2`,
        params([limit, offset]),
      ),
      this.ds.query<unknown[]>(
        `SELECT count(*)::int AS n FROM challenges c
          WHERE ${where.replace('$3', '$1')}`,
        assigned !== null && assigned !== 'none' ? [assigned.userId] : [],
      ),
    ]);
    return {
      total: checkedRows(countRow, 'pageChallenges', count)[0].n,
      rows: checkedRows(assignedChallengeRow, 'pageChallenges', rows),
    };
  }

  async findChallenge(id: string): Promise<ChallengeRow | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT c.*, ${CHALLENGE_NOTICE_REFS} AS refs
         FROM challenges c WHERE c.id = $1`,
      [id],
    );
    return checkedRows(challengeRow, 'findChallenge', rows)[0] ?? null;
  }

  // The items one message warned about, with their notices' references.
  async itemsOfMessage(messageId: string): Promise<MessageItemRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT n.reference, i.position, i.observed_at, host(i.ip) AS ip, i.port, i.protocol,
              i.title, i.file_name, i.status, i.subscriber_ref
         FROM outbound_message_items mi
         ${MESSAGE_ITEMS_JOIN}
        WHERE mi.message_id = $1
        ORDER BY n.received_at, n.reference, i.position`,
      [messageId],
    );
    return checkedRows(messageItemRow, 'itemsOfMessage', rows);
  }

  async lockChallenge(em: EntityManager, id: string): Promise<ChallengeRow | null> {
    const rows: unknown[] = await em.query(
      `SELECT c.*, '{}'::text[] AS refs FROM challenges c WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return checkedRows(challengeRow, 'lockChallenge', rows)[0] ?? null;
  }

  async recordChallengeDecision(
    em: EntityManager,
    id: string,
    d: { status: 'upheld' | 'rejected'; decidedBy: string; note: string },
  ): Promise<void> {
    await em.query(
      `UPDATE challenges SET status = $2, decided_by = $3, decision_note = $4, decided_at = now()
        WHERE id = $1`,
      [id, d.status, d.decidedBy, d.note],
    );
  }

  // VA-6: one event per notice of the message, counted against its sender.
  async recordSenderQuality(em: EntityManager, messageId: string, kind: string): Promise<void> {
    await em.query(
      `INSERT INTO sender_quality_events (organisation_id, notice_id, kind)
       SELECT DISTINCT n.organisation_id, n.id, $2
         FROM outbound_message_items mi
         ${MESSAGE_ITEMS_JOIN}
        WHERE mi.message_id = $1`,
      [messageId, kind],
    );
  }

  // Intake's sender-quality report counts challenged items (VA-6).
  async markItemsChallenged(em: EntityManager, messageId: string): Promise<void> {
    await em.query(
      `UPDATE notice_items SET challenged_at = now(), updated_at = now()
        WHERE id IN (SELECT item_id FROM outbound_message_items WHERE message_id = $1)`,
      [messageId],
    );
  }
}
