import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { checkedRows, col, countRow, outcomeRow } from '../../database/checked-rows';
import { Page } from '../../database/page';
import { UNDELIVERED_CODES } from '../../database/queries/messaging.sql';

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

export interface DeliveryRow extends DeadMessageRow {
  status: string;
  sentAt: Date | null;
}

const deadColumns = {
  id: col.uuid,
  kind: col.text,
  template: col.text,
  regime: col.text,
  stage: col.int.nullable(),
  attempts: col.int,
  last_error: col.text.nullable(),
  created_at: col.timestamptz,
  dead_at: col.timestamptz.nullable(),
  outcome_unknown: col.bool,
  possible_duplicate: col.bool,
};

const toDead = (r: z.output<z.ZodObject<typeof deadColumns>>): DeadMessageRow => ({
  id: r.id,
  kind: r.kind,
  template: r.template,
  regime: r.regime,
  stage: r.stage,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
  deadAt: r.dead_at,
  outcomeUnknown: r.outcome_unknown,
  possibleDuplicate: r.possible_duplicate,
});

const deadRow = z.object(deadColumns).transform(toDead);

// One outbox row as the desk's lists show it (no account id).
const deliveryColumns = {
  ...deadColumns,
  status: col.text,
  sent_at: col.timestamptz.nullable(),
};
const deliveryRow = z
  .object(deliveryColumns)
  .transform((r): DeliveryRow => ({ ...toDead(r), status: r.status, sentAt: r.sent_at }));
const deskMessageRow = z
  .object({ ...deliveryColumns, subscriber_ref: col.text })
  .transform((r) => ({
    ...toDead(r),
    status: r.status,
    sentAt: r.sent_at,
    subscriberRef: r.subscriber_ref,
  }));

const statusCountRow = z.object({ status: col.text, n: col.int });

// The outbox as the abuse desk reads and repairs it: lists without account ids, dead letters
// and their retry.
@Injectable()
export class OutboxDeskRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async listDead(limit: number): Promise<DeadMessageRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT id, kind, template, regime, stage, attempts, last_error, created_at, dead_at,
              handed_at IS NOT NULL AS outcome_unknown, possible_duplicate
         FROM outbound_messages WHERE status = 'dead' ORDER BY dead_at DESC NULLS LAST LIMIT $1`,
      [limit],
    );
    return checkedRows(deadRow, 'listDead', rows);
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
      this.ds.query<unknown[]>(
        `SELECT id, kind, template, regime, stage, status, attempts, last_error, created_at,
                sent_at, dead_at, status = 'dead' AND handed_at IS NOT NULL AS outcome_unknown,
                possible_duplicate
           FROM outbound_messages WHERE ($1::text IS NULL OR status = $1)
          ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
        [status, limit, offset],
      ),
      this.ds.query<unknown[]>(
        `SELECT count(*)::int AS n FROM outbound_messages WHERE ($1::text IS NULL OR status = $1)`,
        [status],
      ),
    ]);
    return {
      total: checkedRows(countRow, 'pageMessages', count)[0].n,
      rows: checkedRows(deliveryRow, 'pageMessages', rows),
    };
  }

  // The messages a bulk action names, as the desk sees them (pseudonymous reference only), in
  // the order given; ids that match nothing are left out.
  async deskMessages(ids: string[]): Promise<Array<DeliveryRow & { subscriberRef: string }>> {
    if (ids.length === 0) return [];
    const rows: unknown[] = await this.ds.query(
      `SELECT m.id, m.kind, m.template, m.regime, m.stage, m.status, m.attempts, m.last_error,
              m.created_at, m.sent_at, m.dead_at, a.reference AS subscriber_ref,
              m.status = 'dead' AND m.handed_at IS NOT NULL AS outcome_unknown,
              m.possible_duplicate
         FROM outbound_messages m JOIN subscriber_accounts a ON a.id = m.subscriber_account_id
        WHERE m.id = ANY($1::uuid[])
        ORDER BY array_position($1::uuid[], m.id)`,
      [ids],
    );
    return checkedRows(deskMessageRow, 'deskMessages', rows);
  }

  async requeueDead(id: string): Promise<'requeued' | 'not_dead' | 'not_found'> {
    const rows = checkedRows(
      outcomeRow,
      'requeueDead',
      await this.ds.query<unknown[]>(
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
      ),
    );
    if (rows.some((r) => r.status === 'requeued')) return 'requeued';
    return rows.length ? 'not_dead' : 'not_found';
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows: unknown[] = await this.ds.query(
      `SELECT status, count(*)::int AS n FROM outbound_messages GROUP BY status`,
    );
    return Object.fromEntries(
      checkedRows(statusCountRow, 'statusCounts', rows).map((r) => [r.status, r.n]),
    );
  }
}
