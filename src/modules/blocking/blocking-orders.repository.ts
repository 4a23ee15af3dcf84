import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { checkedRow, checkedRows, idRow } from '../../database/checked-rows';
import {
  COST_COLUMNS,
  ORDER_COLUMNS,
  ORDER_OPEN_AT,
  TARGET_LIVE_AT,
} from '../../database/queries/blocking.sql';
import { AuditActor } from '../identity/audit.types';
import { costRow, documentRow, eventWindowRow, orderRow } from './blocking.rows';
import {
  CostRow,
  EventWindowRow,
  OrderRow,
  OrderStatus,
  OrderTerms,
  TargetKind,
} from './blocking.types';

export interface NewOrder extends OrderTerms {
  reference: string;
  organisationId: string | null;
  status: OrderStatus;
  startsAt: Date;
  endsAt: Date;
  createdBy: AuditActor;
  decidedAt: Date | null;
}

export interface NewCost {
  orderId: string;
  incurredOn: string;
  description: string;
  hours: number;
  amountCents: number;
  currency: string;
  by: string;
}

// Orders (BO-1) with what belongs to them alone: live-event windows, the PDF and cost lines.
@Injectable()
export class BlockingOrdersRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async insertOrder(em: EntityManager, o: NewOrder): Promise<string> {
    const rows: unknown[] = await em.query(
      `INSERT INTO blocking_orders (reference, organisation_id, status, court, jurisdiction,
         case_number, order_date, claimants, isp_named, measures, implementation_days, starts_at,
         ends_at, cost_bearer, update_basis, how_to_contest, created_by_kind, created_by_id,
         decided_at, decided_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
         $19, CASE WHEN $19::timestamptz IS NULL THEN NULL ELSE $18 END)
       RETURNING id`,
      [
        o.reference,
        o.organisationId,
        o.status,
        o.court,
        o.jurisdiction,
        o.caseNumber,
        o.orderDate,
        o.claimants,
        o.ispNamed,
        o.measures,
        o.implementationDays,
        o.startsAt,
        o.endsAt,
        o.costBearer,
        o.updateBasis,
        o.howToContest,
        o.createdBy.kind,
        o.createdBy.id,
        o.decidedAt,
      ],
    );
    return checkedRow(idRow, 'insertOrder', rows[0]).id;
  }

  async insertEventWindows(
    em: EntityManager,
    orderId: string,
    windows: Array<{ label: string; startsAt: Date; endsAt: Date }>,
  ): Promise<void> {
    if (windows.length === 0) return;
    await em.query(
      `INSERT INTO blocking_event_windows (order_id, label, starts_at, ends_at)
       SELECT $1, * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[])`,
      [
        orderId,
        windows.map((w) => w.label),
        windows.map((w) => w.startsAt),
        windows.map((w) => w.endsAt),
      ],
    );
  }

  async lockOrder(em: EntityManager, id: string): Promise<OrderRow | null> {
    const rows: unknown[] = await em.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return checkedRows(orderRow, 'lockOrder', rows)[0] ?? null;
  }

  async findOrder(id: string, em: EntityManager | DataSource = this.ds): Promise<OrderRow | null> {
    const rows: unknown[] = await em.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id = $1`,
      [id],
    );
    return checkedRows(orderRow, 'findOrder', rows)[0] ?? null;
  }

  async findOrderByReference(reference: string): Promise<OrderRow | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE reference = $1`,
      [reference],
    );
    return checkedRows(orderRow, 'findOrderByReference', rows)[0] ?? null;
  }

  // Newest first; a complainant sees only its own organisation's orders.
  async listOrders(organisationId: string | null, limit = 500): Promise<OrderRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders
        WHERE ($1::uuid IS NULL OR organisation_id = $1)
        ORDER BY created_at DESC LIMIT $2`,
      [organisationId, limit],
    );
    return checkedRows(orderRow, 'listOrders', rows);
  }

  // Confirmed orders whose term ends between now and `until`, soonest first.
  async ordersEndingBetween(now: Date, until: Date): Promise<OrderRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders
        WHERE status = 'confirmed' AND ends_at > $1 AND ends_at <= $2
        ORDER BY ends_at, reference`,
      [now, until],
    );
    return checkedRows(orderRow, 'ordersEndingBetween', rows);
  }

  // Orders under which a name or address is blocked at `at` (the stop page, tickets).
  async ordersBlocking(at: Date, kind: TargetKind, values: readonly string[]): Promise<OrderRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id IN (
         SELECT t.order_id FROM blocking_targets t JOIN blocking_orders o ON o.id = t.order_id
          WHERE ${TARGET_LIVE_AT} AND ${ORDER_OPEN_AT} AND t.kind = $2 AND t.value = ANY($3::text[]))
        ORDER BY order_date DESC, reference`,
      [at, kind, values],
    );
    return checkedRows(orderRow, 'ordersBlocking', rows);
  }

  async recordOrderDecision(
    em: EntityManager,
    id: string,
    d: { status: OrderStatus; at: Date; by: string; reason: string },
  ): Promise<void> {
    await em.query(
      `UPDATE blocking_orders SET status = $2, decided_at = $3, decided_by = $4,
         decision_reason = $5, updated_at = $3 WHERE id = $1`,
      [id, d.status, d.at, d.by, d.reason],
    );
  }

  async storeDocument(em: EntityManager, id: string, bytes: Buffer, sha256: string): Promise<void> {
    await em.query(
      `UPDATE blocking_orders SET document = $2, document_sha256 = $3, document_size = $4,
         updated_at = now() WHERE id = $1`,
      [id, bytes, sha256, bytes.length],
    );
  }

  async document(id: string): Promise<Buffer | null> {
    const rows: unknown[] = await this.ds.query(
      `SELECT document FROM blocking_orders WHERE id = $1`,
      [id],
    );
    return checkedRows(documentRow, 'document', rows)[0] ?? null;
  }

  async windowsOfOrder(orderId: string): Promise<EventWindowRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT id, order_id, label, starts_at, ends_at FROM blocking_event_windows
        WHERE order_id = $1 ORDER BY starts_at`,
      [orderId],
    );
    return checkedRows(eventWindowRow, 'windowsOfOrder', rows);
  }

  async insertCost(em: EntityManager, c: NewCost): Promise<CostRow> {
    const rows: unknown[] = await em.query(
      `INSERT INTO blocking_costs (order_id, incurred_on, description, hours, amount_cents, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COST_COLUMNS}`,
      [c.orderId, c.incurredOn, c.description, c.hours, c.amountCents, c.currency, c.by],
    );
    return checkedRow(costRow, 'insertCost', rows[0]);
  }

  async costsOfOrder(orderId: string): Promise<CostRow[]> {
    const rows: unknown[] = await this.ds.query(
      `SELECT ${COST_COLUMNS} FROM blocking_costs WHERE order_id = $1 ORDER BY incurred_on, created_at`,
      [orderId],
    );
    return checkedRows(costRow, 'costsOfOrder', rows);
  }
}
