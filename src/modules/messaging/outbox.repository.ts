import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

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

// Writing to the outbox happens inside the caller's transaction, so the message exists exactly
// when the change that calls for it commits (SN-1). Delivery is the messaging worker's job.
@Injectable()
export class OutboxRepository {
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
