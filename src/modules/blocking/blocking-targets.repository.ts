import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRows, idRow } from '../../database/checked-rows';
import { ORDER_OPEN_AT, TARGET_LIVE_AT, targetColumns } from '../../database/queries/blocking.sql';
import { updatedRows } from '../../database/queries/messaging.sql';
import {
  activeTargetRow,
  insertedTargetRow,
  overriddenTargetRow,
  targetRow,
} from './blocking.rows';
import {
  ActiveTargetRow,
  OverriddenTargetRow,
  TargetKind,
  TargetRow,
  TargetSource,
  TargetStatus,
} from './blocking.types';

export interface NewTarget {
  orderId: string;
  kind: TargetKind;
  value: string;
  source: TargetSource;
  updateRequestId?: string | null;
  ticketId?: string | null;
  status: TargetStatus;
  refusalReason?: string | null;
  overrideJustification?: string | null;
  overrideBy?: string | null;
  windowStartsAt?: Date | null;
  windowEndsAt?: Date | null;
  effectiveFrom?: Date | null;
  implementBy?: Date | null;
}

// Targets (BO-4): what an order, an approved update or a ticket blocks, and when it was first
// exported.
@Injectable()
export class BlockingTargetsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Inserts targets, skipping one already recorded under the same order; returns the new rows.
  async insertTargets(
    em: EntityManager,
    targets: readonly NewTarget[],
  ): Promise<Array<{ id: string; value: string }>> {
    if (targets.length === 0) return [];
    const col = <K extends keyof NewTarget>(k: K) => targets.map((t) => t[k] ?? null);
    const rows: unknown[] = await em.query(
      `INSERT INTO blocking_targets (order_id, kind, value, source, update_request_id, ticket_id,
         status, refusal_reason, override_justification, override_by, window_starts_at,
         window_ends_at, effective_from, implement_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[],
         $7::text[], $8::text[], $9::text[], $10::text[], $11::timestamptz[], $12::timestamptz[],
         $13::timestamptz[], $14::timestamptz[])
       ON CONFLICT (order_id, kind, value) DO NOTHING
       RETURNING id, value`,
      [
        col('orderId'),
        col('kind'),
        col('value'),
        col('source'),
        col('updateRequestId'),
        col('ticketId'),
        col('status'),
        col('refusalReason'),
        col('overrideJustification'),
        col('overrideBy'),
        col('windowStartsAt'),
        col('windowEndsAt'),
        col('effectiveFrom'),
        col('implementBy'),
      ],
    );
    return checkedRows(insertedTargetRow, 'insertTargets', rows);
  }

  // A submitted order's targets take effect when legal confirms it (BO-1).
  async activatePendingTargets(
    em: EntityManager,
    orderId: string,
    at: Date,
    implementBy: Date,
  ): Promise<number> {
    const res: unknown = await em.query(
      `UPDATE blocking_targets SET status = 'active', effective_from = $2, implement_by = $3
        WHERE order_id = $1 AND status = 'pending' RETURNING id`,
      [orderId, at, implementBy],
    );
    return checkedRows(idRow, 'activatePendingTargets', updatedRows(res)).length;
  }

  // Legal keeps a target of the order despite the protected list, in writing.
  async overrideTarget(
    em: EntityManager,
    orderId: string,
    value: string,
    justification: string,
    by: string,
  ): Promise<void> {
    await em.query(
      `UPDATE blocking_targets SET override_justification = $3, override_by = $4 WHERE order_id = $1 AND value = $2`,
      [orderId, value, justification, by],
    );
  }

  async refuseTarget(
    em: EntityManager,
    orderId: string,
    value: string,
    reason: string,
  ): Promise<void> {
    await em.query(
      `UPDATE blocking_targets SET status = 'refused', refusal_reason = $3 WHERE order_id = $1 AND value = $2`,
      [orderId, value, reason],
    );
  }

  // A rejected order's pending targets never take effect.
  async refusePendingTargets(em: EntityManager, orderId: string, reason: string): Promise<void> {
    await em.query(
      `UPDATE blocking_targets SET status = 'refused', refusal_reason = $2 WHERE order_id = $1 AND status = 'pending'`,
      [orderId, reason],
    );
  }

  async linkToTicket(em: EntityManager, ticketId: string, ids: readonly string[]): Promise<void> {
    await em.query(`UPDATE blocking_targets SET ticket_id = $1 WHERE id = ANY($2::uuid[])`, [
      ticketId,
      ids,
    ]);
  }

  async targetsOfOrder(orderId: string): Promise<TargetRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${targetColumns('t')}
        FROM blocking_targets t WHERE t.order_id = $1 ORDER BY t.kind, t.value`,
      [orderId],
    );
    return checkedRows(targetRow, 'targetsOfOrder', rows);
  }

  // Every target that overrides the protected list, for legal's overrides page.
  async overriddenTargets(): Promise<OverriddenTargetRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${targetColumns('t')}, o.reference AS order_reference
        FROM blocking_targets t JOIN blocking_orders o ON o.id = t.order_id
       WHERE t.override_justification IS NOT NULL ORDER BY t.effective_from DESC NULLS LAST`,
    );
    return checkedRows(overriddenTargetRow, 'overriddenTargets', rows);
  }

  // The orders open at $1 are found first (a few rows), then their targets in one pass.
  async activeTargetsAt(at: Date): Promise<ActiveTargetRow[]> {
    const rows: unknown[] = await this.ds.query(
      `WITH open_orders AS (
         SELECT o.id, o.reference FROM blocking_orders o WHERE ${ORDER_OPEN_AT})
       SELECT t.id, t.kind, t.value, oo.reference AS order_reference,
              t.override_justification IS NOT NULL AS overridden, t.first_exported_at
         FROM open_orders oo JOIN blocking_targets t ON t.order_id = oo.id
        WHERE ${TARGET_LIVE_AT}`,
      [at],
    );
    return checkedRows(activeTargetRow, 'activeTargetsAt', rows);
  }

  async markExported(em: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await em.query(
      `UPDATE blocking_targets SET first_exported_at = $2
        WHERE id = ANY($1::uuid[]) AND first_exported_at IS NULL`,
      [ids, at],
    );
  }
}
