import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, idRow, unnestColumns } from '../../../database/checked-rows';
import {
  UNDELIVERED_CODES,
  undeliveredItems,
  WARNING_DEAD_LETTERED,
  updatedRows,
} from '../../../database/queries/messaging.sql';
import { itemFactColumns, toItemFacts } from '../item-facts';

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

const MESSAGE_COLUMNS = `id, subscriber_account_id, kind, template, regime, stage, context, status,
  attempts, created_at, batch_id, claim_id, handed_at, possible_duplicate`;

const messageRow = z
  .object({
    id: col.uuid,
    subscriber_account_id: col.uuid,
    kind: col.text,
    template: col.text,
    regime: col.text,
    stage: col.int.nullable(),
    context: z.record(z.string(), z.unknown()),
    status: col.text,
    attempts: col.int,
    created_at: col.timestamptz,
    batch_id: col.uuid.nullable(),
    claim_id: col.uuid.nullable(),
    handed_at: col.timestamptz.nullable(),
    possible_duplicate: col.bool,
  })
  .transform((r): MessageRow => ({
    id: r.id,
    subscriberAccountId: r.subscriber_account_id,
    kind: r.kind,
    template: r.template,
    regime: r.regime,
    stage: r.stage,
    context: r.context,
    status: r.status,
    attempts: r.attempts,
    createdAt: r.created_at,
    batchId: r.batch_id,
    claimId: r.claim_id,
    handedAt: r.handed_at,
    possibleDuplicate: r.possible_duplicate,
  }));

const warningFactRow = z
  .object({
    message_id: col.uuid,
    notice_id: col.uuid,
    reference: col.text,
    claimant: col.text,
    owner_name: col.text.nullable(),
    media_type: col.text,
    original: col.bytea,
    item_id: col.uuid,
    observed_at: col.timestamptz,
    ip: col.text,
    ...itemFactColumns,
  })
  .transform((r): WarningFactRow => ({
    messageId: r.message_id,
    noticeId: r.notice_id,
    reference: r.reference,
    claimant: r.claimant,
    owner: r.owner_name,
    mediaType: r.media_type,
    original: r.original,
    itemId: r.item_id,
    observedAt: r.observed_at,
    ip: r.ip,
    ...toItemFacts(r),
  }));

// One send attempt of outbox rows: claim, hand to SMTP, record the outcome (sent, retrying,
// dead, cancelled). The relay and the recovery of stopped claims are OutboxRelayRepository's.
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async findMessage(id: string): Promise<MessageRow | null> {
    return (await this.findMessages([id]))[0] ?? null;
  }

  async findMessages(ids: readonly string[]): Promise<MessageRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${MESSAGE_COLUMNS} FROM outbound_messages WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return checkedRows(messageRow, 'findMessages', rows);
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
    return checkedRows(messageRow, 'claimMessages', updatedRows(res));
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
    return new Set(checkedRows(idRow, 'markHanded', updatedRows(res)).map((r) => r.id));
  }

  // The facts of several warnings in one query, in each message's order.
  async findWarningFacts(messageIds: readonly string[]): Promise<WarningFactRow[]> {
    const rows: unknown[] = await this.ds.query(
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
    return checkedRows(warningFactRow, 'findWarningFacts', rows);
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
      unnestColumns(sent, (r) => [
        r.id,
        r.sentAt,
        r.transportMessageId,
        r.messageIdHeader,
        r.subject,
        r.textSha256,
        r.htmlSha256,
        r.language,
        r.maskedSubject ?? null,
        r.maskedText ?? null,
        r.maskedHtml ?? null,
      ]),
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
       ${undeliveredItems('$3', '$4')}`,
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
}
