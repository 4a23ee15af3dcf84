import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

// A subscriber's history as the desk may see it (issue #19): by the pseudonymous reference
// only. Nothing here reads the identity schema, and no row carries the account's id or number,
// so the page built from it cannot name the person.
export interface SubscriberSummary {
  reference: string;
  regime: string;
  since: Date;
  notices: number;
  items: number;
  activeStrikes: number;
  withdrawnStrikes: number;
  messages: number;
  challenges: number;
  openChallenges: number;
  escalations: number;
  openEscalations: number;
}

export type HistoryKind =
  | 'item'
  | 'strike'
  | 'strike_withdrawn'
  | 'message'
  | 'challenge'
  | 'challenge_decided'
  | 'escalation'
  | 'escalation_decided';

export interface HistoryRow {
  at: Date;
  kind: HistoryKind;
  // The object's own id (message, challenge, proposal) or the notice's reference for items.
  ref: string;
  noticeReference: string | null;
  position: number | null;
  // Kind-specific words: status, stage, ground, action; never free text written by a subscriber.
  label: string | null;
  detail: string | null;
}

// Each kind is capped so one busy account cannot make the page unbounded.
const PER_KIND = 500;

@Injectable()
export class SubscriberHistoryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async summary(reference: string): Promise<SubscriberSummary | null> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `WITH a AS (SELECT id, reference, regime, created_at FROM subscriber_accounts
                   WHERE reference = $1)
       SELECT a.reference, a.regime, a.created_at,
         (SELECT count(DISTINCT i.notice_id)::int FROM notice_items i
           WHERE i.subscriber_account_id = a.id) AS notices,
         (SELECT count(*)::int FROM notice_items i WHERE i.subscriber_account_id = a.id) AS items,
         (SELECT count(*)::int FROM strikes s
           WHERE s.subscriber_account_id = a.id AND s.withdrawn_at IS NULL) AS active_strikes,
         (SELECT count(*)::int FROM strikes s
           WHERE s.subscriber_account_id = a.id AND s.withdrawn_at IS NOT NULL) AS withdrawn_strikes,
         (SELECT count(*)::int FROM outbound_messages m
           WHERE m.subscriber_account_id = a.id) AS messages,
         (SELECT count(*)::int FROM challenges c JOIN outbound_messages m ON m.id = c.message_id
           WHERE m.subscriber_account_id = a.id) AS challenges,
         (SELECT count(*)::int FROM challenges c JOIN outbound_messages m ON m.id = c.message_id
           WHERE m.subscriber_account_id = a.id AND c.status = 'open') AS open_challenges,
         (SELECT count(*)::int FROM escalation_proposals p
           WHERE p.subscriber_account_id = a.id) AS escalations,
         (SELECT count(*)::int FROM escalation_proposals p
           WHERE p.subscriber_account_id = a.id AND p.status = 'open') AS open_escalations
       FROM a`,
      [reference],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      reference: r.reference as string,
      regime: r.regime as string,
      since: r.created_at as Date,
      notices: r.notices as number,
      items: r.items as number,
      activeStrikes: r.active_strikes as number,
      withdrawnStrikes: r.withdrawn_strikes as number,
      messages: r.messages as number,
      challenges: r.challenges as number,
      openChallenges: r.open_challenges as number,
      escalations: r.escalations as number,
      openEscalations: r.open_escalations as number,
    };
  }

  // Every event of the account in time order (oldest first), in one statement.
  async events(reference: string): Promise<HistoryRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `WITH a AS (SELECT id FROM subscriber_accounts WHERE reference = $1),
       it AS (
         SELECT coalesce(i.attributed_at, n.received_at) AS at, 'item'::text AS kind,
                n.reference AS ref, n.reference AS notice_reference, i.position,
                i.status AS label, i.title AS detail
           FROM notice_items i JOIN notices n ON n.id = i.notice_id
          WHERE i.subscriber_account_id = (SELECT id FROM a)
          ORDER BY 1 DESC LIMIT ${PER_KIND}),
       st AS (
         SELECT s.counted_at AS at, 'strike'::text AS kind, s.id::text AS ref,
                n.reference AS notice_reference, i.position, s.stage::text AS label,
                s.regime AS detail, s.withdrawn_at
           FROM strikes s JOIN notices n ON n.id = s.notice_id
           JOIN notice_items i ON i.id = s.item_id
          WHERE s.subscriber_account_id = (SELECT id FROM a)
          ORDER BY 1 DESC LIMIT ${PER_KIND}),
       ms AS (
         SELECT m.created_at AS at, 'message'::text AS kind, m.id::text AS ref,
                NULL::text AS notice_reference, NULL::int AS position, m.status AS label,
                concat_ws(' ', m.template, CASE WHEN m.stage IS NOT NULL
                  THEN 'stage ' || m.stage END) AS detail
           FROM outbound_messages m WHERE m.subscriber_account_id = (SELECT id FROM a)
          ORDER BY 1 DESC LIMIT ${PER_KIND}),
       ch AS (
         SELECT c.created_at, c.decided_at, c.id::text AS ref, c.ground, c.status
           FROM challenges c JOIN outbound_messages m ON m.id = c.message_id
          WHERE m.subscriber_account_id = (SELECT id FROM a)
          ORDER BY c.created_at DESC LIMIT ${PER_KIND}),
       ep AS (
         SELECT p.created_at, p.decided_at, p.id::text AS ref, p.action, p.stage, p.status
           FROM escalation_proposals p WHERE p.subscriber_account_id = (SELECT id FROM a)
          ORDER BY p.created_at DESC LIMIT ${PER_KIND})
       SELECT at, kind, ref, notice_reference, position, label, detail FROM it
       UNION ALL SELECT at, kind, ref, notice_reference, position, label, detail FROM st
       UNION ALL SELECT withdrawn_at, 'strike_withdrawn', ref, notice_reference, position, label,
                        detail FROM st WHERE withdrawn_at IS NOT NULL
       UNION ALL SELECT at, kind, ref, notice_reference, position, label, detail FROM ms
       UNION ALL SELECT created_at, 'challenge', ref, NULL, NULL, ground, NULL FROM ch
       UNION ALL SELECT decided_at, 'challenge_decided', ref, NULL, NULL, status, NULL FROM ch
                  WHERE decided_at IS NOT NULL
       UNION ALL SELECT created_at, 'escalation', ref, NULL, NULL, action, stage::text FROM ep
       UNION ALL SELECT decided_at, 'escalation_decided', ref, NULL, NULL, status, action FROM ep
                  WHERE decided_at IS NOT NULL
       ORDER BY 1, 2, 3`,
      [reference],
    );
    return rows.map((r) => ({
      at: r.at as Date,
      kind: r.kind as HistoryKind,
      ref: r.ref as string,
      noticeReference: (r.notice_reference as string | null) ?? null,
      position: (r.position as number | null) ?? null,
      label: (r.label as string | null) ?? null,
      detail: (r.detail as string | null) ?? null,
    }));
  }
}
