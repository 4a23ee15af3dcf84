import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface PendingItem {
  id: string;
  noticeId: string;
  regime: string;
}

export interface MessageRow {
  id: string;
  subscriberAccountId: string;
  kind: string;
  template: string;
  regime: string;
  stage: number | null;
  context: Record<string, unknown>;
  status: string;
  attempts: number;
  createdAt: Date;
  // The relay batch (Bull job id) the row was last handed over in; null before the relay.
  batchId: string | null;
  // The claim that may hand the row to SMTP (while 'sending').
  claimId: string | null;
  // When its bytes were last handed to SMTP with no answer known to be a refusal.
  handedAt: Date | null;
  possibleDuplicate: boolean;
}

export interface WarningFactRow {
  messageId: string;
  noticeId: string;
  reference: string;
  claimant: string;
  owner: string | null;
  mediaType: string;
  original: Buffer;
  itemId: string;
  observedAt: Date;
  ip: string;
  port: number | null;
  protocol: string | null;
  title: string | null;
  fileName: string | null;
}

export interface SentRecord {
  id: string;
  sentAt: Date;
  transportMessageId: string;
  messageIdHeader: string;
  subject: string;
  textSha256: string;
  htmlSha256: string;
  language: string;
  // The desk's copy with identity as placeholders (issue #19); absent in records journalled
  // before it existed.
  maskedSubject?: string | null;
  maskedText?: string | null;
  maskedHtml?: string | null;
}

export interface DeadMessageRow {
  id: string;
  kind: string;
  template: string;
  regime: string;
  stage: number | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deadAt: Date | null;
  // Handed to SMTP with no answer (worker stopped, reply lost): it may have been delivered.
  outcomeUnknown: boolean;
  // Sent again after such a send: the subscriber may have two copies (same Message-ID).
  possibleDuplicate: boolean;
}

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

export interface ProposalRow {
  id: string;
  subscriberRef: string;
  messageId: string | null;
  action: string;
  stage: number;
  strikes: number;
  addressedToRole: string;
  status: string;
  decidedBy: string | null;
  reasons: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

export interface DeliveryRow extends DeadMessageRow {
  status: string;
  sentAt: Date | null;
}

// One outbox row as the desk's lists show it (no account id).
function deliveryRow(r: Record<string, unknown>): DeliveryRow {
  return {
    id: r.id as string,
    kind: r.kind as string,
    template: r.template as string,
    regime: r.regime as string,
    stage: r.stage as number | null,
    status: r.status as string,
    attempts: r.attempts as number,
    lastError: r.last_error as string | null,
    createdAt: r.created_at as Date,
    sentAt: r.sent_at as Date | null,
    deadAt: r.dead_at as Date | null,
    outcomeUnknown: r.outcome_unknown === true,
    possibleDuplicate: r.possible_duplicate === true,
  };
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

export interface Page<T> {
  total: number;
  rows: T[];
}

// TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
function updatedRows<T>(res: unknown): T[] {
  return Array.isArray(res) && Array.isArray(res[0]) ? (res[0] as T[]) : [];
}

const MESSAGE_COLUMNS = `id, subscriber_account_id, kind, template, regime, stage, context, status,
  attempts, created_at, batch_id, claim_id, handed_at, possible_duplicate`;

// Reason codes of items whose warning was dead-lettered (status not_forwarded until a desk
// retry or a late acknowledgement).
export const WARNING_DEAD_LETTERED = 'warning_dead_lettered';
export const WARNING_OUTCOME_UNKNOWN = 'warning_outcome_unknown';
const UNDELIVERED_CODES = `('${WARNING_DEAD_LETTERED}', '${WARNING_OUTCOME_UNKNOWN}')`;
// The items of the dead messages `m` (a CTE of ids), as $3 / $4 say.
const UNDELIVERED_ITEMS = `UPDATE notice_items SET status = 'not_forwarded', reason_code = $3,
         reason = $4, updated_at = now()
   WHERE id IN (SELECT item_id FROM outbound_message_items
                 WHERE message_id IN (SELECT id FROM m))
     AND status = 'attributed'`;

const UNMESSAGED = `NOT EXISTS (SELECT 1 FROM outbound_message_items mi WHERE mi.item_id = i.id)`;

// Everything messaging reads and writes in PostgreSQL. Identity is not here: the worker reads
// contact details through IdentityService.
@Injectable()
export class MessagingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  // Accounts whose oldest unmessaged attributed item has waited the whole digest window.
  async findAccountsDueForDigest(windowSeconds: number, limit: number): Promise<string[]> {
    const rows: Array<{ account_id: string }> = await this.ds.query(
      `SELECT i.subscriber_account_id AS account_id FROM notice_items i
        WHERE i.status = 'attributed' AND i.subscriber_account_id IS NOT NULL AND ${UNMESSAGED}
        GROUP BY 1
       HAVING min(coalesce(i.attributed_at, i.updated_at)) <= now() - make_interval(secs => $1)
        LIMIT $2`,
      [windowSeconds, limit],
    );
    return rows.map((r) => r.account_id);
  }

  // Locks the account's waiting items; a concurrent digest skips them.
  async lockPendingItems(em: EntityManager, accountId: string): Promise<PendingItem[]> {
    const rows: Array<{ id: string; notice_id: string; regime: string | null }> = await em.query(
      `SELECT i.id, i.notice_id, i.regime FROM notice_items i
        WHERE i.subscriber_account_id = $1 AND i.status = 'attributed' AND ${UNMESSAGED}
        ORDER BY i.attributed_at, i.id
        FOR UPDATE OF i SKIP LOCKED`,
      [accountId],
    );
    return rows.map((r) => ({ id: r.id, noticeId: r.notice_id, regime: r.regime ?? 'generic' }));
  }

  async countActiveStrikes(
    em: EntityManager,
    accountId: string,
    windowDays: number,
  ): Promise<number> {
    const rows: Array<{ n: number }> = await em.query(
      `SELECT count(*)::int AS n FROM strikes
        WHERE subscriber_account_id = $1 AND withdrawn_at IS NULL
          AND counted_at > now() - make_interval(days => $2)`,
      [accountId, windowDays],
    );
    return rows[0].n;
  }

  async recordStrikes(
    em: EntityManager,
    s: {
      accountId: string;
      messageId: string;
      regime: string;
      stage: number;
      items: PendingItem[];
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO strikes (subscriber_account_id, item_id, notice_id, message_id, regime, stage)
       SELECT $1, item_id, notice_id, $2, $3, $4
         FROM unnest($5::uuid[], $6::uuid[]) AS t (item_id, notice_id)`,
      [
        s.accountId,
        s.messageId,
        s.regime,
        s.stage,
        s.items.map((i) => i.id),
        s.items.map((i) => i.noticeId),
      ],
    );
  }

  async linkItems(em: EntityManager, messageId: string, itemIds: string[]): Promise<void> {
    await em.query(
      `INSERT INTO outbound_message_items (message_id, item_id) SELECT $1, unnest($2::uuid[])`,
      [messageId, itemIds],
    );
  }

  async markItemsNotForwarded(
    em: EntityManager,
    itemIds: string[],
    reasonCode: string,
    reason: string,
  ): Promise<void> {
    await em.query(
      `UPDATE notice_items SET status = 'not_forwarded', reason_code = $2, reason = $3,
              updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'attributed'`,
      [itemIds, reasonCode, reason],
    );
  }

  async recordProposal(
    em: EntityManager,
    p: {
      accountId: string;
      messageId: string;
      action: string;
      stage: number;
      strikes: number;
      addressedToRole: string;
    },
  ): Promise<void> {
    await em.query(
      `INSERT INTO escalation_proposals (subscriber_account_id, message_id, action, stage, strikes,
         addressed_to_role) VALUES ($1, $2, $3, $4, $5, $6)`,
      [p.accountId, p.messageId, p.action, p.stage, p.strikes, p.addressedToRole],
    );
  }

  // --- relay -------------------------------------------------------------------------------

  // Takes the rows due for a hand-over to Redis and marks them 'queued' in their batch, in one
  // statement: pending rows, failed rows whose retry is due (next_attempt_at), and queued rows
  // not sent long after being handed over. SKIP LOCKED: several workers relaying at once never
  // take the same row. batchIds[k] names the k-th group of `batchSize` rows.
  async takeRelayable(
    requeueSeconds: number,
    limit: number,
    batchSize: number,
    batchIds: readonly string[],
  ): Promise<Array<{ id: string; batchId: string }>> {
    const res: unknown = await this.ds.query(
      `WITH due AS (
         SELECT id, row_number() OVER (ORDER BY created_at, id) AS rn FROM (
           SELECT id, created_at FROM outbound_messages
            WHERE status = 'pending'
               OR (status = 'failed' AND coalesce(next_attempt_at, updated_at) <= now())
               OR (status = 'queued' AND queued_at < now() - make_interval(secs => $1))
            ORDER BY created_at LIMIT $2
              FOR UPDATE SKIP LOCKED) d)
       UPDATE outbound_messages m SET status = 'queued', queued_at = now(), updated_at = now(),
              batch_id = ($4::uuid[])[((due.rn - 1) / $3)::int + 1]
         FROM due WHERE m.id = due.id
       RETURNING m.id, m.batch_id`,
      [requeueSeconds, limit, batchSize, batchIds],
    );
    return updatedRows<{ id: string; batch_id: string }>(res).map((r) => ({
      id: r.id,
      batchId: r.batch_id,
    }));
  }

  // Redis did not take the batches: their rows wait as pending again (a failed row keeps its
  // retry schedule: it was due already).
  async untakeBatches(batchIds: readonly string[]): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', batch_id = NULL, updated_at = now()
        WHERE batch_id = ANY($1::uuid[]) AND status = 'queued'`,
      [batchIds],
    );
  }

  // Batches handed over more than `seconds` ago whose rows still wait: their jobs may be lost.
  async queuedBatchesOlderThan(seconds: number, limit: number): Promise<string[]> {
    const rows: Array<{ batch_id: string }> = await this.ds.query(
      `SELECT DISTINCT batch_id FROM outbound_messages
        WHERE status = 'queued' AND batch_id IS NOT NULL
          AND queued_at < now() - make_interval(secs => $1)
        LIMIT $2`,
      [seconds, limit],
    );
    return rows.map((r) => r.batch_id);
  }

  // --- recovery of claims whose worker stopped ---------------------------------------------

  // Live claims: the worker that holds them says so every few seconds.
  async heartbeat(claimIds: readonly string[]): Promise<void> {
    if (claimIds.length === 0) return;
    await this.ds.query(
      `UPDATE outbound_messages SET heartbeat_at = now()
        WHERE claim_id = ANY($1::uuid[]) AND status = 'sending'`,
      [claimIds],
    );
  }

  // A claim given up before its messages were handed to SMTP (the batch could not be loaded):
  // nothing was sent, so the rows wait again and the attempt does not count.
  async releaseClaim(claimId: string, ids: readonly string[], note: string): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              attempts = greatest(attempts - 1, 0), last_error = $3, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND claim_id = $2 AND status = 'sending'
          AND NOT (handed_at IS NOT NULL AND handed_at >= sending_at)`,
      [ids, claimId, note],
    );
  }

  // Claims whose worker stopped (no heartbeat for `staleSeconds`). A row claimed but never
  // handed to SMTP goes back to pending (nothing was sent; the attempt does not count). A row
  // handed over without an acknowledgement is returned separately: its outcome is unknown.
  async recoverAbandoned(staleSeconds: number): Promise<{ released: string[]; handed: string[] }> {
    const stale = `status = 'sending'
          AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $1)`;
    const released: unknown = await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              attempts = greatest(attempts - 1, 0), updated_at = now()
        WHERE ${stale} AND NOT (handed_at IS NOT NULL AND handed_at >= sending_at)
        RETURNING id`,
      [staleSeconds],
    );
    const handed: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM outbound_messages
        WHERE ${stale} AND handed_at IS NOT NULL AND handed_at >= sending_at`,
      [staleSeconds],
    );
    return {
      released: updatedRows<{ id: string }>(released).map((r) => r.id),
      handed: handed.map((r) => r.id),
    };
  }

  // A stale handed row the transport says it never took: it waits again.
  async releaseAbandoned(id: string, staleSeconds: number): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'pending', claim_id = NULL, batch_id = NULL,
              handed_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'sending'
          AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $2)`,
      [id, staleSeconds],
    );
  }

  // A stale handed row: parked for the desk, unless something answered it meanwhile.
  async parkUnknownOutcome(id: string, staleSeconds: number, note: string): Promise<boolean> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH m AS (
         UPDATE outbound_messages SET status = 'dead', dead_at = now(), last_error = $3,
                claim_id = NULL, updated_at = now()
          WHERE id = $1 AND status = 'sending'
            AND coalesce(heartbeat_at, sending_at) < now() - make_interval(secs => $2)
          RETURNING id),
       i AS (
         UPDATE notice_items SET status = 'not_forwarded', reason_code = $4, reason = $5,
                updated_at = now()
          WHERE id IN (SELECT item_id FROM outbound_message_items WHERE message_id IN
                        (SELECT id FROM m))
            AND status = 'attributed')
       SELECT id FROM m`,
      [
        id,
        staleSeconds,
        note,
        WARNING_OUTCOME_UNKNOWN,
        'the warning was handed to the mail server but its delivery is not confirmed',
      ],
    );
    return rows.length === 1;
  }

  // --- delivery ----------------------------------------------------------------------------

  async findMessage(id: string): Promise<MessageRow | null> {
    return (await this.findMessages([id]))[0] ?? null;
  }

  async findMessages(ids: readonly string[]): Promise<MessageRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT ${MESSAGE_COLUMNS} FROM outbound_messages WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toMessage);
  }

  // Claims rows for one send attempt and returns them: only rows still waiting (pending,
  // queued, failed) and, for a batch job, only rows that batch owns. Sent, dead, cancelled and
  // in-flight rows are not returned; rows another worker is claiming are skipped (SKIP LOCKED).
  // The claim id is what lets this claim, and only it, hand the rows to SMTP (markHanded).
  async claimMessages(
    ids: readonly string[],
    batchId: string | null,
    claimId: string,
  ): Promise<MessageRow[]> {
    const res: unknown = await this.ds.query(
      `UPDATE outbound_messages SET status = 'sending', sending_at = now(), heartbeat_at = now(),
              claim_id = $3, attempts = attempts + 1, updated_at = now()
        WHERE id IN (SELECT id FROM outbound_messages
                      WHERE id = ANY($1::uuid[]) AND status IN ('pending', 'queued', 'failed')
                        AND ($2::uuid IS NULL OR batch_id = $2)
                        FOR UPDATE SKIP LOCKED)
        RETURNING ${MESSAGE_COLUMNS}`,
      [ids, batchId, claimId],
    );
    return updatedRows<Record<string, unknown>>(res).map(toMessage);
  }

  // Written (committed) before the message's bytes go to SMTP: from here on its outcome is
  // known only from SMTP's reply. Returns the rows this claim still holds, the only ones that
  // may be sent (a row recovered from a stalled claim is not). A row handed over before whose
  // outcome stayed unknown (a lost reply) is marked a possible duplicate.
  async markHanded(rows: ReadonlyArray<{ id: string; claimId: string }>): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const res: unknown = await this.ds.query(
      `UPDATE outbound_messages m
          SET possible_duplicate = m.possible_duplicate OR m.handed_at IS NOT NULL,
              handed_at = clock_timestamp(), heartbeat_at = now(), updated_at = now()
         FROM unnest($1::uuid[], $2::uuid[]) AS h (id, claim_id)
        WHERE m.id = h.id AND m.claim_id = h.claim_id AND m.status = 'sending'
        RETURNING m.id`,
      [rows.map((r) => r.id), rows.map((r) => r.claimId)],
    );
    return new Set(updatedRows<{ id: string }>(res).map((r) => r.id));
  }

  // The facts of several warnings in one query, in each message's order.
  async findWarningFacts(messageIds: readonly string[]): Promise<WarningFactRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT mi.message_id, n.id AS notice_id, n.reference,
              coalesce(o.name, n.claimant->>'entity', n.claimant->>'contact', 'the sender') AS claimant,
              n.owner_name, n.media_type, n.original, i.id AS item_id, i.observed_at,
              host(i.ip) AS ip, i.port, i.protocol, i.title, i.file_name
         FROM outbound_message_items mi
         JOIN notice_items i ON i.id = mi.item_id
         JOIN notices n ON n.id = i.notice_id
         LEFT JOIN organisations o ON o.id = n.organisation_id
        WHERE mi.message_id = ANY($1::uuid[])
        ORDER BY mi.message_id, n.received_at, n.id, i.position`,
      [messageIds],
    );
    return rows.map((r) => ({
      messageId: r.message_id as string,
      noticeId: r.notice_id as string,
      reference: r.reference as string,
      claimant: r.claimant as string,
      owner: r.owner_name as string | null,
      mediaType: r.media_type as string,
      original: r.original as Buffer,
      itemId: r.item_id as string,
      observedAt: r.observed_at as Date,
      ip: r.ip as string,
      port: r.port as number | null,
      protocol: r.protocol as string | null,
      title: r.title as string | null,
      fileName: r.file_name as string | null,
    }));
  }

  // SN-2: the items turn 'forwarded' with the time SMTP accepted their message. One statement
  // for any number of messages, so one round trip, and atomic: messages and items together.
  // The items are reached from the message ids (outbound_message_items, then the items' primary
  // key); their status is tested through coalesce() on purpose, so the status index is never
  // used instead: with statistics that underestimate the waiting items (a burst of intake
  // before ANALYZE) PostgreSQL would otherwise scan every waiting item at each acknowledgement
  // (bench:mail: ~3.5 ms of server CPU per acknowledgement instead of under 1).
  // An acknowledgement wins over any other state: a delivered message never stays dead (a
  // stale claim may have been parked while its acknowledgement waited for the database).
  async markSent(sent: readonly SentRecord[]): Promise<void> {
    if (sent.length === 0) return;
    await this.ds.query(
      `WITH s AS (
         SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[],
                              $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                              $11::text[])
                AS t (id, sent_at, transport_message_id, message_id_header, subject, text_sha256,
                      html_sha256, language, masked_subject, masked_text, masked_html)),
       m AS (
         UPDATE outbound_messages o SET status = 'sent', sent_at = s.sent_at,
                transport_message_id = s.transport_message_id,
                message_id_header = s.message_id_header, subject = s.subject,
                text_sha256 = s.text_sha256, html_sha256 = s.html_sha256, language = s.language,
                masked_subject = s.masked_subject, masked_text = s.masked_text,
                masked_html = s.masked_html, last_error = NULL, failure_category = NULL,
                dead_at = NULL, claim_id = NULL, updated_at = now()
           FROM s WHERE o.id = s.id RETURNING o.id, o.sent_at)
       UPDATE notice_items i SET status = 'forwarded', forwarded_at = m.sent_at, updated_at = now(),
              reason_code = CASE WHEN i.status = 'not_forwarded' THEN NULL ELSE i.reason_code END,
              reason = CASE WHEN i.status = 'not_forwarded' THEN NULL ELSE i.reason END
         FROM outbound_message_items mi JOIN m ON m.id = mi.message_id
        WHERE i.id = mi.item_id
          AND (coalesce(i.status, '') = 'attributed'
               OR (coalesce(i.status, '') = 'not_forwarded'
                   AND i.reason_code IN ${UNDELIVERED_CODES}))`,
      [
        sent.map((r) => r.id),
        sent.map((r) => r.sentAt),
        sent.map((r) => r.transportMessageId),
        sent.map((r) => r.messageIdHeader),
        sent.map((r) => r.subject),
        sent.map((r) => r.textSha256),
        sent.map((r) => r.htmlSha256),
        sent.map((r) => r.language),
        sent.map((r) => r.maskedSubject ?? null),
        sent.map((r) => r.maskedText ?? null),
        sent.map((r) => r.maskedHtml ?? null),
      ],
    );
  }

  // A send that failed in a way worth retrying: the row waits as 'failed' until nextAttemptAt,
  // when the relay hands it over again (the schedule lives here, not in Redis). `refused`: SMTP
  // answered, so this hand-over reached no one; otherwise (connection lost after DATA) its
  // outcome is unknown and handed_at stays, so the resend is marked a possible duplicate.
  async markRetrying(
    id: string,
    claimId: string,
    error: string,
    nextAttemptAt: Date,
    refused: boolean,
    category: string | null = null,
  ): Promise<void> {
    await this.ds.query(
      `UPDATE outbound_messages SET status = 'failed', last_error = $3, next_attempt_at = $4,
              handed_at = CASE WHEN $5 THEN NULL ELSE handed_at END, claim_id = NULL,
              failure_category = $6, updated_at = now()
        WHERE id = $1 AND claim_id = $2 AND status = 'sending'`,
      [id, claimId, error, nextAttemptAt, refused, category],
    );
  }

  // Its items tell the sender and the desk the warning was not delivered (not 'attributed' as
  // if it were still on its way); a desk retry or a late acknowledgement undoes that.
  async markDead(id: string, error: string, category: string | null = null): Promise<void> {
    await this.ds.query(
      `WITH m AS (
         UPDATE outbound_messages SET status = 'dead', dead_at = now(), last_error = $2,
                failure_category = $5, claim_id = NULL, updated_at = now()
          WHERE id = $1 AND status IN ('sending', 'failed', 'queued', 'pending')
          RETURNING id)
       ${UNDELIVERED_ITEMS}`,
      [
        id,
        error,
        WARNING_DEAD_LETTERED,
        'the warning to the subscriber could not be delivered',
        category,
      ],
    );
  }

  // No way to reach the subscriber electronically: the sender is told "not forwarded" (SN-2).
  async cancelUndeliverable(id: string, reasonCode: string, reason: string): Promise<void> {
    await this.ds.transaction(async (em) => {
      await em.query(
        `UPDATE outbound_messages SET status = 'cancelled', last_error = $2, updated_at = now()
          WHERE id = $1`,
        [id, reasonCode],
      );
      await em.query(
        `UPDATE notice_items SET status = 'not_forwarded', reason_code = $2, reason = $3,
                updated_at = now()
          WHERE id IN (SELECT item_id FROM outbound_message_items WHERE message_id = $1)
            AND status = 'attributed'`,
        [id, reasonCode, reason],
      );
    });
  }

  async listDead(limit: number): Promise<DeadMessageRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT id, kind, template, regime, stage, attempts, last_error, created_at, dead_at,
              handed_at IS NOT NULL AS outcome_unknown, possible_duplicate
         FROM outbound_messages WHERE status = 'dead' ORDER BY dead_at DESC NULLS LAST LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      template: r.template as string,
      regime: r.regime as string,
      stage: r.stage as number | null,
      attempts: r.attempts as number,
      lastError: r.last_error as string | null,
      createdAt: r.created_at as Date,
      deadAt: r.dead_at as Date | null,
      outcomeUnknown: r.outcome_unknown === true,
      possibleDuplicate: r.possible_duplicate === true,
    }));
  }

  async pageDead(offset: number, limit: number): Promise<Page<DeadMessageRow>> {
    const page = await this.pageMessages('dead', offset, limit);
    return { total: page.total, rows: page.rows };
  }

  // The outbox as the desk sees it (no account id): newest first, optionally one status.
  async pageMessages(
    status: string | null,
    offset: number,
    limit: number,
  ): Promise<Page<DeliveryRow>> {
    const [rows, count] = await Promise.all([
      this.ds.query<Array<Record<string, unknown>>>(
        `SELECT id, kind, template, regime, stage, status, attempts, last_error, created_at,
                sent_at, dead_at, status = 'dead' AND handed_at IS NOT NULL AS outcome_unknown,
                possible_duplicate
           FROM outbound_messages WHERE ($1::text IS NULL OR status = $1)
          ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [status, limit, offset],
      ),
      this.ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE ($1::text IS NULL OR status = $1)`,
        [status],
      ),
    ]);
    return {
      total: count[0].n,
      rows: rows.map(deliveryRow),
    };
  }

  // The messages a bulk action names, as the desk sees them (pseudonymous reference only), in
  // the order given; ids that match nothing are left out.
  async deskMessages(ids: string[]): Promise<Array<DeliveryRow & { subscriberRef: string }>> {
    if (ids.length === 0) return [];
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT m.id, m.kind, m.template, m.regime, m.stage, m.status, m.attempts, m.last_error,
              m.created_at, m.sent_at, m.dead_at, a.reference AS subscriber_ref,
              m.status = 'dead' AND m.handed_at IS NOT NULL AS outcome_unknown,
              m.possible_duplicate
         FROM outbound_messages m JOIN subscriber_accounts a ON a.id = m.subscriber_account_id
        WHERE m.id = ANY($1::uuid[])
        ORDER BY array_position($1::uuid[], m.id)`,
      [ids],
    );
    return rows.map((r) => ({ ...deliveryRow(r), subscriberRef: r.subscriber_ref as string }));
  }

  async requeueDead(id: string): Promise<'requeued' | 'not_dead' | 'not_found'> {
    const rows: Array<{ status: string }> = await this.ds.query(
      `WITH upd AS (
         UPDATE outbound_messages SET status = 'pending', dead_at = NULL, attempts = 0,
                next_attempt_at = NULL, batch_id = NULL, updated_at = now()
          WHERE id = $1 AND status = 'dead' RETURNING id, status),
       items AS (
         UPDATE notice_items SET status = 'attributed', reason_code = NULL, reason = NULL,
                updated_at = now()
          WHERE id IN (SELECT item_id FROM outbound_message_items
                        WHERE message_id IN (SELECT id FROM upd))
            AND status = 'not_forwarded' AND reason_code IN ${UNDELIVERED_CODES})
       SELECT 'requeued' AS status FROM upd
       UNION ALL SELECT 'exists' FROM outbound_messages WHERE id = $1`,
      [id],
    );
    if (rows.some((r) => r.status === 'requeued')) return 'requeued';
    return rows.length ? 'not_dead' : 'not_found';
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: number }> = await this.ds.query(
      `SELECT status, count(*)::int AS n FROM outbound_messages GROUP BY status`,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  // --- challenges (SN-6) -------------------------------------------------------------------

  // What the subscriber's page shows about one warning: the message's state, regime and the
  // language it was written in, the items it was about (work, time, address, port: nothing
  // about the sender's people) and the challenge already made through it, if any.
  async findChallengeTarget(messageId: string): Promise<ChallengeTargetRow | null> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT m.status, m.regime, m.language, m.sent_at,
              (SELECT row_to_json(c) FROM (
                 SELECT reference, status, created_at, decided_at FROM challenges
                  WHERE message_id = m.id AND duplicate_of IS NULL) c) AS challenge
         FROM outbound_messages m WHERE m.id = $1 AND m.kind = 'warning'`,
      [messageId],
    );
    if (!rows[0]) return null;
    const r = rows[0];
    const c = r.challenge as {
      reference: string;
      status: string;
      created_at: string;
      decided_at: string | null;
    } | null;
    return {
      status: r.status as string,
      regime: r.regime as string,
      language: (r.language as string | null) ?? null,
      sentAt: (r.sent_at as Date | null) ?? null,
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
    const rows: Array<{ id: string; reference: string }> = await this.ds.query(
      `INSERT INTO challenges (message_id, ground, statement) VALUES ($1, $2, $3)
       ON CONFLICT (message_id) WHERE duplicate_of IS NULL DO NOTHING
       RETURNING id, reference`,
      [messageId, ground, statement],
    );
    return rows[0] ?? null;
  }

  async noticeReferencesOfMessage(em: EntityManager, messageId: string): Promise<string[]> {
    const rows: Array<{ reference: string }> = await em.query(
      `SELECT DISTINCT n.reference FROM outbound_message_items mi
         JOIN notice_items i ON i.id = mi.item_id
         JOIN notices n ON n.id = i.notice_id
        WHERE mi.message_id = $1 ORDER BY n.reference`,
      [messageId],
    );
    return rows.map((r) => r.reference);
  }

  // Who a decision e-mail goes to: the warning's account and regime (ids only).
  async messageRecipient(
    em: EntityManager,
    messageId: string,
  ): Promise<{ accountId: string; regime: string } | null> {
    const rows: Array<{ subscriber_account_id: string; regime: string }> = await em.query(
      `SELECT subscriber_account_id, regime FROM outbound_messages WHERE id = $1`,
      [messageId],
    );
    return rows[0] ? { accountId: rows[0].subscriber_account_id, regime: rows[0].regime } : null;
  }

  async listChallenges(status: string | null, limit: number): Promise<ChallengeRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT c.*, coalesce((SELECT array_agg(DISTINCT n.reference ORDER BY n.reference)
                               FROM outbound_message_items mi
                               JOIN notice_items i ON i.id = mi.item_id
                               JOIN notices n ON n.id = i.notice_id
                              WHERE mi.message_id = c.message_id), '{}') AS refs
         FROM challenges c WHERE ($1::text IS NULL OR c.status = $1)
        ORDER BY c.created_at DESC LIMIT $2`,
      [status, limit],
    );
    return rows.map(toChallenge);
  }

  // Open challenges first (oldest first: they are waiting longest), then decided ones, newest first.
  // Open challenges first (oldest first), then decided ones, newest first. `assigned` narrows
  // to one desk user's queue, or to the unassigned ones (issue #19).
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
      this.ds.query<Array<Record<string, unknown>>>(
        `SELECT c.*, u.display_name AS assignee_name,
                coalesce((SELECT array_agg(DISTINCT n.reference ORDER BY n.reference)
                                 FROM outbound_message_items mi
                                 JOIN notice_items i ON i.id = mi.item_id
                                 JOIN notices n ON n.id = i.notice_id
                                WHERE mi.message_id = c.message_id), '{}') AS refs
           FROM challenges c LEFT JOIN users u ON u.id = c.assigned_to
          WHERE ${where}
          ORDER BY (c.status = 'open') DESC,
                   CASE WHEN c.status = 'open' THEN c.created_at END ASC,
                   c.created_at DESC, c.id
          LIMIT $1 OFFSET $2`,
        params([limit, offset]),
      ),
      this.ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM challenges c
          WHERE ${where.replace('$3', '$1')}`,
        assigned !== null && assigned !== 'none' ? [assigned.userId] : [],
      ),
    ]);
    return { total: count[0].n, rows: rows.map(toChallenge) };
  }

  async findChallenge(id: string): Promise<ChallengeRow | null> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT c.*, coalesce((SELECT array_agg(DISTINCT n.reference ORDER BY n.reference)
                               FROM outbound_message_items mi
                               JOIN notice_items i ON i.id = mi.item_id
                               JOIN notices n ON n.id = i.notice_id
                              WHERE mi.message_id = c.message_id), '{}') AS refs
         FROM challenges c WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? toChallenge(rows[0]) : null;
  }

  // The items one message warned about, with their notices' references.
  async itemsOfMessage(messageId: string): Promise<MessageItemRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT n.reference, i.position, i.observed_at, host(i.ip) AS ip, i.port, i.protocol,
              i.title, i.file_name, i.status, i.subscriber_ref
         FROM outbound_message_items mi
         JOIN notice_items i ON i.id = mi.item_id
         JOIN notices n ON n.id = i.notice_id
        WHERE mi.message_id = $1
        ORDER BY n.received_at, n.reference, i.position`,
      [messageId],
    );
    return rows.map((r) => ({
      noticeReference: r.reference as string,
      position: r.position as number,
      observedAt: r.observed_at as Date | null,
      ip: r.ip as string | null,
      port: r.port as number | null,
      protocol: r.protocol as string | null,
      title: r.title as string | null,
      fileName: r.file_name as string | null,
      status: r.status as string,
      subscriberRef: r.subscriber_ref as string | null,
    }));
  }

  async strikesOfMessage(messageId: string): Promise<{ active: number; withdrawn: number }> {
    const rows: Array<{ active: number; withdrawn: number }> = await this.ds.query(
      `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active,
              count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
         FROM strikes WHERE message_id = $1`,
      [messageId],
    );
    return rows[0];
  }

  async lockChallenge(em: EntityManager, id: string): Promise<ChallengeRow | null> {
    const rows: Array<Record<string, unknown>> = await em.query(
      `SELECT c.*, '{}'::text[] AS refs FROM challenges c WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toChallenge(rows[0]) : null;
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

  // ER-3: withdrawn strikes stay on record but no longer count.
  async withdrawStrikesOfMessage(
    em: EntityManager,
    messageId: string,
    reason: string,
  ): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE strikes SET withdrawn_at = now(), withdrawn_reason = $2
        WHERE message_id = $1 AND withdrawn_at IS NULL RETURNING id`,
      [messageId, reason],
    );
    return updatedRows(res).length;
  }

  async findNoticeIdByReference(reference: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM notices WHERE reference = $1`,
      [reference],
    );
    return rows[0]?.id ?? null;
  }

  // VA-6: one event per notice of the message, counted against its sender.
  async recordSenderQuality(em: EntityManager, messageId: string, kind: string): Promise<void> {
    await em.query(
      `INSERT INTO sender_quality_events (organisation_id, notice_id, kind)
       SELECT DISTINCT n.organisation_id, n.id, $2
         FROM outbound_message_items mi
         JOIN notice_items i ON i.id = mi.item_id
         JOIN notices n ON n.id = i.notice_id
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

  // --- escalation proposals (ER-5) ---------------------------------------------------------

  async listProposals(status: string | null, limit: number): Promise<ProposalRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
         JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
        WHERE ($1::text IS NULL OR p.status = $1) ORDER BY p.created_at DESC LIMIT $2`,
      [status, limit],
    );
    return rows.map(toProposal);
  }

  // Open proposals first (oldest first), then decided ones, newest first.
  async pageProposals(offset: number, limit: number): Promise<Page<ProposalRow>> {
    const [rows, count] = await Promise.all([
      this.ds.query<Array<Record<string, unknown>>>(
        `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
           JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
          ORDER BY (p.status = 'open') DESC,
                   CASE WHEN p.status = 'open' THEN p.created_at END ASC,
                   p.created_at DESC, p.id
          LIMIT $1 OFFSET $2`,
        [limit, offset],
      ),
      this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM escalation_proposals`),
    ]);
    return { total: count[0].n, rows: rows.map(toProposal) };
  }

  async findProposal(id: string): Promise<ProposalRow | null> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT p.*, a.reference AS subscriber_ref FROM escalation_proposals p
         JOIN subscriber_accounts a ON a.id = p.subscriber_account_id
        WHERE p.id = $1`,
      [id],
    );
    return rows[0] ? toProposal(rows[0]) : null;
  }

  async decideProposal(
    id: string,
    d: { status: 'approved' | 'declined'; decidedBy: string; reasons: string },
  ): Promise<'decided' | 'already_decided' | 'not_found'> {
    const rows: Array<{ status: string }> = await this.ds.query(
      `WITH upd AS (
         UPDATE escalation_proposals SET status = $2, decided_by = $3, reasons = $4,
                decided_at = now()
          WHERE id = $1 AND status = 'open' RETURNING 'decided'::text AS status)
       SELECT status FROM upd UNION ALL SELECT 'exists' FROM escalation_proposals WHERE id = $1`,
      [id, d.status, d.decidedBy, d.reasons],
    );
    if (rows.some((r) => r.status === 'decided')) return 'decided';
    return rows.length ? 'already_decided' : 'not_found';
  }
}

function toMessage(r: Record<string, unknown>): MessageRow {
  return {
    id: r.id as string,
    subscriberAccountId: r.subscriber_account_id as string,
    kind: r.kind as string,
    template: r.template as string,
    regime: r.regime as string,
    stage: r.stage as number | null,
    context: r.context as Record<string, unknown>,
    status: r.status as string,
    attempts: r.attempts as number,
    createdAt: r.created_at as Date,
    batchId: (r.batch_id as string | null) ?? null,
    claimId: (r.claim_id as string | null) ?? null,
    handedAt: (r.handed_at as Date | null) ?? null,
    possibleDuplicate: r.possible_duplicate === true,
  };
}

function toChallenge(r: Record<string, unknown>): ChallengeRow {
  return {
    id: r.id as string,
    reference: r.reference as string,
    messageId: r.message_id as string,
    ground: r.ground as string,
    statement: r.statement as string,
    status: r.status as string,
    decidedBy: r.decided_by as string | null,
    decisionNote: r.decision_note as string | null,
    decidedAt: r.decided_at as Date | null,
    createdAt: r.created_at as Date,
    noticeReferences: (r.refs as string[] | null) ?? [],
    assignedTo: (r.assigned_to as string | null) ?? null,
    assigneeName: (r.assignee_name as string | null) ?? null,
  };
}

function toProposal(r: Record<string, unknown>): ProposalRow {
  return {
    id: r.id as string,
    subscriberRef: r.subscriber_ref as string,
    messageId: r.message_id as string | null,
    action: r.action as string,
    stage: r.stage as number,
    strikes: r.strikes as number,
    addressedToRole: r.addressed_to_role as string,
    status: r.status as string,
    decidedBy: r.decided_by as string | null,
    reasons: r.reasons as string | null,
    decidedAt: r.decided_at as Date | null,
    createdAt: r.created_at as Date,
  };
}
