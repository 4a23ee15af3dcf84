import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface OutboxMessageInput {
  subscriberAccountId: string;
  // e.g. 'warning', 'disclosure_notice'
  kind: string;
  // Template name under templates/ (e.g. 'warning', 'disclosure-notice').
  template: string;
  regime: string;
  // Ids and non-identifying facts only (notice references, dates, titles, deadlines).
  context: Record<string, unknown>;
  // Escalation stage of a warning (chooses the stage partial); null for other kinds.
  stage?: number | null;
}

// A message as the desk sees it beside a notice: delivery facts only, no recipient, no context.
export interface NoticeMessageRow {
  id: string;
  kind: string;
  template: string;
  stage: number | null;
  status: string;
  attempts: number;
  transportMessageId: string | null;
  messageIdHeader: string | null;
  createdAt: Date;
  sentAt: Date | null;
  items: number;
}

// Writing to the outbox happens inside the caller's transaction, so the message exists exactly
// when the change that calls for it commits (SN-1). Delivery is the messaging worker's job.
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The messages sent (or pending) for a notice's items. subscriber_account_id and context are
  // deliberately not selected.
  async messagesForNotice(noticeId: string): Promise<NoticeMessageRow[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT m.id, m.kind, m.template, m.stage, m.status, m.attempts, m.transport_message_id,
              m.message_id_header, m.created_at, m.sent_at, count(*)::int AS items
         FROM outbound_messages m
         JOIN outbound_message_items mi ON mi.message_id = m.id
         JOIN notice_items i ON i.id = mi.item_id
        WHERE i.notice_id = $1
        GROUP BY m.id
        ORDER BY m.created_at, m.id`,
      [noticeId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      template: r.template as string,
      stage: r.stage === null ? null : Number(r.stage),
      status: r.status as string,
      attempts: Number(r.attempts),
      transportMessageId: (r.transport_message_id as string | null) ?? null,
      messageIdHeader: (r.message_id_header as string | null) ?? null,
      createdAt: r.created_at as Date,
      sentAt: (r.sent_at as Date | null) ?? null,
      items: Number(r.items),
    }));
  }

  async enqueue(em: EntityManager, msg: OutboxMessageInput): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, context, stage)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        msg.subscriberAccountId,
        msg.kind,
        msg.template,
        msg.regime,
        JSON.stringify(msg.context),
        msg.stage ?? null,
      ],
    );
    return rows[0].id;
  }
}
