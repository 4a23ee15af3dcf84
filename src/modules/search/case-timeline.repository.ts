import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

// One step in a notice's life. `kind` says what happened; `ref` is the object it concerns
// (item position, message, challenge, proposal or request id) so the page can link to it.
// Only what the desk may see: pseudonymous references, never an account id, a name, an
// address, a template context or a transport error (an SMTP error can quote an address).
export interface TimelineRow {
  at: Date;
  kind: string;
  // Item position (from 0) for item steps.
  position: number | null;
  ref: string | null;
  label: string | null;
  detail: string | null;
}

// Every step of one notice, oldest first, in one statement: the notice, its items'
// attribution and forwarding, the messages carrying them and their delivery, strikes,
// challenges and their decisions, escalation proposals, disclosure requests naming the
// notice with their transitions, and audit entries about the notice.
const TIMELINE_SQL = `
WITH n AS (SELECT id, received_at, channel, status, refusal_code, updated_at
             FROM notices WHERE id = $1),
     it AS (SELECT id, position, status, reason_code, attribution_outcome, subscriber_ref,
                   accepted_at, expected_at, attributed_at, forwarded_at, challenged_at
              FROM notice_items WHERE notice_id = $1),
     msg AS (SELECT DISTINCT m.id, m.stage, m.status, m.created_at, m.queued_at, m.sending_at,
                    m.sent_at, m.dead_at, m.transport_message_id, m.attempts
               FROM outbound_messages m
               JOIN outbound_message_items mi ON mi.message_id = m.id
               JOIN it ON it.id = mi.item_id)
SELECT * FROM (
  SELECT received_at AS at, 'received' AS kind, NULL::int AS position, NULL::text AS ref,
         channel AS label, NULL::text AS detail FROM n
  UNION ALL
  SELECT updated_at, 'notice_refused', NULL, NULL, refusal_code, NULL FROM n WHERE status = 'refused'
  UNION ALL
  SELECT accepted_at, 'item_accepted', position, NULL, NULL, NULL FROM it WHERE accepted_at IS NOT NULL
  UNION ALL
  SELECT n.received_at, 'item_refused', it.position, NULL, it.reason_code, NULL
    FROM it, n WHERE it.status = 'refused'
  UNION ALL
  SELECT n.received_at, 'item_duplicate', it.position, NULL, NULL, NULL
    FROM it, n WHERE it.status = 'duplicate'
  UNION ALL
  SELECT expected_at, 'item_queued', position, NULL, NULL, NULL
    FROM it WHERE status = 'queued' AND expected_at IS NOT NULL
  UNION ALL
  SELECT attributed_at, 'attributed', position, NULL, attribution_outcome, subscriber_ref
    FROM it WHERE attributed_at IS NOT NULL
  UNION ALL
  SELECT forwarded_at, 'forwarded', position, NULL, NULL, NULL FROM it WHERE forwarded_at IS NOT NULL
  UNION ALL
  SELECT created_at, 'message_composed', NULL, id::text, stage::text, NULL FROM msg
  UNION ALL
  SELECT queued_at, 'message_queued', NULL, id::text, NULL, NULL FROM msg WHERE queued_at IS NOT NULL
  UNION ALL
  SELECT sent_at, 'message_sent', NULL, id::text, NULL, transport_message_id
    FROM msg WHERE sent_at IS NOT NULL
  UNION ALL
  SELECT coalesce(dead_at, sending_at, created_at), 'message_dead', NULL, id::text, attempts::text, NULL
    FROM msg WHERE status = 'dead'
  UNION ALL
  SELECT coalesce(sending_at, created_at), 'message_failed', NULL, id::text, attempts::text, NULL
    FROM msg WHERE status = 'failed'
  UNION ALL
  SELECT s.counted_at, 'strike', it.position, s.message_id::text, s.stage::text, NULL
    FROM strikes s JOIN it ON it.id = s.item_id
  UNION ALL
  SELECT s.withdrawn_at, 'strike_withdrawn', it.position, s.message_id::text, NULL, NULL
    FROM strikes s JOIN it ON it.id = s.item_id WHERE s.withdrawn_at IS NOT NULL
  UNION ALL
  SELECT c.created_at, 'challenge', NULL, c.id::text, c.ground, NULL
    FROM challenges c JOIN msg ON msg.id = c.message_id
  UNION ALL
  SELECT c.decided_at, 'challenge_decided', NULL, c.id::text, c.status, NULL
    FROM challenges c JOIN msg ON msg.id = c.message_id WHERE c.decided_at IS NOT NULL
  UNION ALL
  SELECT e.created_at, 'escalation', NULL, e.id::text, e.action, e.strikes::text
    FROM escalation_proposals e JOIN msg ON msg.id = e.message_id
  UNION ALL
  SELECT e.decided_at, 'escalation_decided', NULL, e.id::text, e.status, e.action
    FROM escalation_proposals e JOIN msg ON msg.id = e.message_id WHERE e.decided_at IS NOT NULL
  UNION ALL
  SELECT r.received_at, 'disclosure_requested', NULL, r.reference, r.kind, NULL
    FROM disclosure_requests r JOIN disclosure_request_notices rn ON rn.request_id = r.id
   WHERE rn.notice_id = $1
  UNION ALL
  SELECT t.at, 'disclosure_step', NULL, r.reference, t.to_status, NULL
    FROM disclosure_transitions t
    JOIN disclosure_requests r ON r.id = t.request_id
    JOIN disclosure_request_notices rn ON rn.request_id = r.id
   WHERE rn.notice_id = $1 AND t.from_status IS NOT NULL
  UNION ALL
  SELECT a.at, 'audit', NULL, a.seq::text, a.action, NULL
    FROM audit_log a WHERE a.subject_type = 'notice' AND a.subject_id = $1::text
) steps
ORDER BY at, CASE kind WHEN 'received' THEN 0 ELSE 1 END, position NULLS FIRST, kind`;

@Injectable()
export class CaseTimelineRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stepsOf(noticeId: string): Promise<TimelineRow[]> {
    const rows: Array<{
      at: Date;
      kind: string;
      position: number | null;
      ref: string | null;
      label: string | null;
      detail: string | null;
    }> = await this.ds.query(TIMELINE_SQL, [noticeId]);
    return rows.map((r) => ({
      at: r.at,
      kind: r.kind,
      position: r.position,
      ref: r.ref,
      label: r.label,
      detail: r.detail,
    }));
  }
}
