import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditActor } from '../identity/audit.types';
import {
  CostRow,
  EventWindowRow,
  Evidence,
  OrderRow,
  OrderStatus,
  OrderTerms,
  ProtectedRow,
  RefusalGround,
  TargetKind,
  TargetRow,
  UpdateBasis,
  UpdateRequestRow,
} from './blocking.types';
import { ProtectedEntry } from './protected-index';

const ORDER_COLUMNS = `id, reference, organisation_id, status, court, jurisdiction, case_number,
  to_char(order_date, 'YYYY-MM-DD') AS order_date, claimants, isp_named, measures,
  implementation_days, starts_at, ends_at, cost_bearer, update_basis, how_to_contest,
  document_sha256, document_size, decided_at, decided_by, decision_reason, created_at`;

// A proposal's deadline to decide (legal's review queue): the order's implementation days from
// submission, never past the order's end.
const DECIDE_BY = `LEAST(r.submitted_at + o.implementation_days * interval '1 day', o.ends_at)`;

const REQUEST_COLUMNS = `r.id, r.reference, r.order_id, o.reference AS order_reference,
  r.organisation_id, r.kind, r.value, r.mirror_of, r.evidence, r.flags, r.status, r.basis_kind,
  r.basis_reference, r.refusal_ground, r.decision_reason, r.override_justification, r.decided_at,
  r.decided_by, r.submitted_at, t.implement_by,
  ${DECIDE_BY} AS decide_by`;

// Targets in force at $1: confirmed order within its term, target approved and effective, inside
// the target's own window (tickets) and inside one of the order's live-event windows, if any.
const ACTIVE_AT = `t.status = 'active' AND o.status = 'confirmed'
  AND t.effective_from <= $1 AND o.starts_at <= $1 AND o.ends_at > $1
  AND (t.window_starts_at IS NULL OR (t.window_starts_at <= $1 AND t.window_ends_at > $1))
  AND (NOT EXISTS (SELECT 1 FROM blocking_event_windows w WHERE w.order_id = o.id)
       OR EXISTS (SELECT 1 FROM blocking_event_windows w
                   WHERE w.order_id = o.id AND w.starts_at <= $1 AND w.ends_at > $1))`;

export interface NewOrder extends OrderTerms {
  reference: string;
  organisationId: string | null;
  status: OrderStatus;
  startsAt: Date;
  endsAt: Date;
  createdBy: AuditActor;
  decidedAt: Date | null;
}

export interface NewTarget {
  orderId: string;
  kind: TargetKind;
  value: string;
  source: 'order' | 'update' | 'ticket';
  updateRequestId?: string | null;
  ticketId?: string | null;
  status: 'pending' | 'active' | 'refused';
  refusalReason?: string | null;
  overrideJustification?: string | null;
  overrideBy?: string | null;
  windowStartsAt?: Date | null;
  windowEndsAt?: Date | null;
  effectiveFrom?: Date | null;
  implementBy?: Date | null;
}

export interface NewUpdateRequest {
  reference: string;
  orderId: string;
  organisationId: string | null;
  kind: TargetKind;
  value: string;
  mirrorOf: string;
  evidence: Evidence;
  flags: string[];
  submittedBy: AuditActor;
  submittedAt: Date;
}

export interface UpdateDecisionRecord {
  status: 'approved' | 'refused';
  basisKind: UpdateBasis | null;
  basisReference: string | null;
  refusalGround: RefusalGround | null;
  reason: string;
  overrideJustification: string | null;
  decidedAt: Date;
  decidedBy: string;
}

export interface ActiveTargetRow {
  id: string;
  kind: TargetKind;
  value: string;
  order_reference: string;
  overridden: boolean;
  first_exported_at: Date | null;
}

export interface TicketRecord {
  ticketId: string;
  reporter: string;
  orderId: string | null;
  reportedAt: Date;
  receivedAt: Date;
  processedAt: Date;
  items: unknown[];
  importedBy: string;
}

export interface TicketRow {
  id: string;
  ticket_id: string;
  reporter: string;
  order_reference: string | null;
  reported_at: Date;
  received_at: Date;
  processed_at: Date;
  items: Array<{ kind: string; value: string; outcome: string; reason: string | null }>;
}

@Injectable()
export class BlockingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  async insertOrder(em: EntityManager, o: NewOrder): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
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
    return rows[0].id;
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

  // Inserts targets, skipping one already recorded under the same order; returns the new rows.
  async insertTargets(
    em: EntityManager,
    targets: readonly NewTarget[],
  ): Promise<Array<{ id: string; value: string }>> {
    if (targets.length === 0) return [];
    const col = <K extends keyof NewTarget>(k: K) => targets.map((t) => t[k] ?? null);
    return em.query(
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
  }

  async lockOrder(em: EntityManager, id: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await em.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findOrder(id: string, em: EntityManager | DataSource = this.ds): Promise<OrderRow | null> {
    const rows: OrderRow[] = await em.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findOrderByReference(reference: string): Promise<OrderRow | null> {
    const rows: OrderRow[] = await this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }

  // Newest first; a complainant sees only its own organisation's orders.
  listOrders(organisationId: string | null, limit = 500): Promise<OrderRow[]> {
    return this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders
        WHERE ($1::uuid IS NULL OR organisation_id = $1)
        ORDER BY created_at DESC LIMIT $2`,
      [organisationId, limit],
    );
  }

  // Confirmed orders whose term ends between now and `until`, soonest first.
  ordersEndingBetween(now: Date, until: Date): Promise<OrderRow[]> {
    return this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders
        WHERE status = 'confirmed' AND ends_at > $1 AND ends_at <= $2
        ORDER BY ends_at, reference`,
      [now, until],
    );
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

  // A submitted order's targets take effect when legal confirms it (BO-1).
  async activatePendingTargets(
    em: EntityManager,
    orderId: string,
    at: Date,
    implementBy: Date,
  ): Promise<number> {
    const [rows]: [unknown[], number] = await em.query(
      `UPDATE blocking_targets SET status = 'active', effective_from = $2, implement_by = $3
        WHERE order_id = $1 AND status = 'pending' RETURNING id`,
      [orderId, at, implementBy],
    );
    return rows.length;
  }

  async storeDocument(em: EntityManager, id: string, bytes: Buffer, sha256: string): Promise<void> {
    await em.query(
      `UPDATE blocking_orders SET document = $2, document_sha256 = $3, document_size = $4,
         updated_at = now() WHERE id = $1`,
      [id, bytes, sha256, bytes.length],
    );
  }

  async document(id: string): Promise<Buffer | null> {
    const rows: Array<{ document: Buffer | null }> = await this.ds.query(
      `SELECT document FROM blocking_orders WHERE id = $1`,
      [id],
    );
    return rows[0]?.document ?? null;
  }

  targetsOfOrder(orderId: string): Promise<TargetRow[]> {
    return this.ds.query(
      `SELECT id, order_id, kind, value, source, update_request_id, status, refusal_reason,
         override_justification, override_by, window_starts_at, window_ends_at, effective_from,
         implement_by, first_exported_at
        FROM blocking_targets WHERE order_id = $1 ORDER BY kind, value`,
      [orderId],
    );
  }

  // Every target that overrides the protected list, for legal's overrides page.
  overriddenTargets(): Promise<Array<TargetRow & { order_reference: string }>> {
    return this.ds.query(
      `SELECT t.id, t.order_id, o.reference AS order_reference, t.kind, t.value, t.source,
         t.update_request_id, t.status, t.refusal_reason, t.override_justification, t.override_by,
         t.window_starts_at, t.window_ends_at, t.effective_from, t.implement_by, t.first_exported_at
        FROM blocking_targets t JOIN blocking_orders o ON o.id = t.order_id
       WHERE t.override_justification IS NOT NULL ORDER BY t.effective_from DESC NULLS LAST`,
    );
  }

  windowsOfOrder(orderId: string): Promise<EventWindowRow[]> {
    return this.ds.query(
      `SELECT id, order_id, label, starts_at, ends_at FROM blocking_event_windows
        WHERE order_id = $1 ORDER BY starts_at`,
      [orderId],
    );
  }

  async insertUpdateRequests(
    em: EntityManager,
    rows: readonly NewUpdateRequest[],
  ): Promise<string[]> {
    const out: string[] = [];
    for (const r of rows) {
      const [{ id }]: Array<{ id: string }> = await em.query(
        `INSERT INTO blocking_update_requests (reference, order_id, organisation_id, kind, value,
           mirror_of, evidence, flags, status, submitted_by_kind, submitted_by_id, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9, $10, $11) RETURNING id`,
        [
          r.reference,
          r.orderId,
          r.organisationId,
          r.kind,
          r.value,
          r.mirrorOf,
          JSON.stringify(r.evidence),
          JSON.stringify(r.flags),
          r.submittedBy.kind,
          r.submittedBy.id,
          r.submittedAt,
        ],
      );
      out.push(id);
    }
    return out;
  }

  findUpdateRequests(ids: readonly string[]): Promise<UpdateRequestRow[]> {
    return this.ds.query(
      `SELECT ${REQUEST_COLUMNS}
         FROM blocking_update_requests r JOIN blocking_orders o ON o.id = r.order_id
         LEFT JOIN blocking_targets t ON t.update_request_id = r.id
        WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  lockUpdateRequests(em: EntityManager, ids: readonly string[]): Promise<UpdateRequestRow[]> {
    return em.query(
      `SELECT ${REQUEST_COLUMNS}
         FROM blocking_update_requests r JOIN blocking_orders o ON o.id = r.order_id
         LEFT JOIN blocking_targets t ON t.update_request_id = r.id
        WHERE r.id = ANY($1::uuid[]) ORDER BY r.submitted_at, r.reference FOR UPDATE OF r`,
      [ids],
    );
  }

  async recordUpdateDecision(
    em: EntityManager,
    id: string,
    d: UpdateDecisionRecord,
  ): Promise<void> {
    await em.query(
      `UPDATE blocking_update_requests SET status = $2, basis_kind = $3, basis_reference = $4,
         refusal_ground = $5, decision_reason = $6, override_justification = $7, decided_at = $8,
         decided_by = $9
        WHERE id = $1`,
      [
        id,
        d.status,
        d.basisKind,
        d.basisReference,
        d.refusalGround,
        d.reason,
        d.overrideJustification,
        d.decidedAt,
        d.decidedBy,
      ],
    );
  }

  // Counsel's own requests, or (organisationId null) all: pending ones first, soonest deadline
  // to decide first (legal's review queue), then the decided ones newest first.
  listUpdateRequests(opts: {
    organisationId: string | null;
    status?: string;
    limit?: number;
  }): Promise<UpdateRequestRow[]> {
    return this.ds.query(
      `SELECT ${REQUEST_COLUMNS}
         FROM blocking_update_requests r JOIN blocking_orders o ON o.id = r.order_id
         LEFT JOIN blocking_targets t ON t.update_request_id = r.id
        WHERE ($1::uuid IS NULL OR r.organisation_id = $1) AND ($2::text IS NULL OR r.status = $2)
        ORDER BY (r.status = 'pending') DESC,
          CASE WHEN r.status = 'pending' THEN ${DECIDE_BY} END,
          CASE WHEN r.status <> 'pending' THEN r.decided_at END DESC,
          r.submitted_at, r.reference
        LIMIT $3`,
      [opts.organisationId, opts.status ?? null, opts.limit ?? 1000],
    );
  }

  // The orders open at $1 are found first (a few rows), then their targets in one pass.
  activeTargetsAt(at: Date): Promise<ActiveTargetRow[]> {
    return this.ds.query(
      `WITH open_orders AS (
         SELECT o.id, o.reference FROM blocking_orders o
          WHERE o.status = 'confirmed' AND o.starts_at <= $1 AND o.ends_at > $1
            AND (NOT EXISTS (SELECT 1 FROM blocking_event_windows w WHERE w.order_id = o.id)
                 OR EXISTS (SELECT 1 FROM blocking_event_windows w
                             WHERE w.order_id = o.id AND w.starts_at <= $1 AND w.ends_at > $1)))
       SELECT t.id, t.kind, t.value, oo.reference AS order_reference,
              t.override_justification IS NOT NULL AS overridden, t.first_exported_at
         FROM open_orders oo JOIN blocking_targets t ON t.order_id = oo.id
        WHERE t.status = 'active' AND t.effective_from <= $1
          AND (t.window_starts_at IS NULL OR (t.window_starts_at <= $1 AND t.window_ends_at > $1))`,
      [at],
    );
  }

  // Orders under which a name or address is blocked at `at` (the stop page, tickets).
  ordersBlocking(at: Date, kind: TargetKind, values: readonly string[]): Promise<OrderRow[]> {
    return this.ds.query(
      `SELECT ${ORDER_COLUMNS} FROM blocking_orders WHERE id IN (
         SELECT t.order_id FROM blocking_targets t JOIN blocking_orders o ON o.id = t.order_id
          WHERE ${ACTIVE_AT} AND t.kind = $2 AND t.value = ANY($3::text[]))
        ORDER BY order_date DESC, reference`,
      [at, kind, values],
    );
  }

  async markExported(em: EntityManager, ids: readonly string[], at: Date): Promise<void> {
    if (ids.length === 0) return;
    await em.query(
      `UPDATE blocking_targets SET first_exported_at = $2
        WHERE id = ANY($1::uuid[]) AND first_exported_at IS NULL`,
      [ids, at],
    );
  }

  async lockExportState(
    em: EntityManager,
  ): Promise<{ serial: number; content_sha256: string } | null> {
    const rows: Array<{ serial: string; content_sha256: string }> = await em.query(
      `SELECT serial, content_sha256 FROM blocking_export_state WHERE id = 1 FOR UPDATE`,
    );
    return rows[0]
      ? { serial: Number(rows[0].serial), content_sha256: rows[0].content_sha256 }
      : null;
  }

  // Concurrent first exports meet on the primary key; the loser re-reads.
  async saveExportState(
    em: EntityManager,
    serial: number,
    sha256: string,
    at: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO blocking_export_state (id, serial, content_sha256, changed_at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET serial = $1, content_sha256 = $2, changed_at = $3`,
      [serial, sha256, at],
    );
  }

  async lockExportStateRow(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(7341120018)`);
  }

  // Changes with every insert (a newer created_at) and every delete (a lower count).
  async protectedFingerprint(): Promise<string> {
    const [r]: Array<{ n: string; latest: string | null }> = await this.ds.query(
      `SELECT count(*) AS n, max(created_at)::text AS latest FROM blocking_protected`,
    );
    return `${r.n}:${r.latest ?? '-'}`;
  }

  // Only what the check needs, for building the index.
  protectedEntries(): Promise<ProtectedEntry[]> {
    return this.ds.query(`SELECT kind, value, asn::text AS asn, note FROM blocking_protected`);
  }

  listProtected(): Promise<ProtectedRow[]> {
    return this.ds.query(
      `SELECT id, kind, value, asn::text AS asn, note, source, created_by, created_at
         FROM blocking_protected ORDER BY kind, value`,
    );
  }

  async insertProtected(
    em: EntityManager,
    entries: readonly ProtectedEntry[],
    source: string,
    by: string,
  ): Promise<ProtectedRow[]> {
    if (entries.length === 0) return [];
    return em.query(
      `INSERT INTO blocking_protected (kind, value, asn, note, source, created_by)
       SELECT k, v, a::bigint, n, $5, $6 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t (k, v, a, n)
       ON CONFLICT (kind, value) DO NOTHING
       RETURNING id, kind, value, asn::text AS asn, note, source, created_by, created_at`,
      [
        entries.map((e) => e.kind),
        entries.map((e) => e.value),
        entries.map((e) => e.asn),
        entries.map((e) => e.note),
        source,
        by,
      ],
    );
  }

  async deleteProtected(em: EntityManager, id: string): Promise<ProtectedRow | null> {
    // UPDATE and DELETE answer [rows, count] through TypeORM.
    const [rows]: [ProtectedRow[], number] = await em.query(
      `DELETE FROM blocking_protected WHERE id = $1
       RETURNING id, kind, value, asn::text AS asn, note, source, created_by, created_at`,
      [id],
    );
    return rows[0] ?? null;
  }

  // A reloaded source file replaces that source's entries: those no longer in it go.
  async deleteProtectedOfSourceExcept(
    em: EntityManager,
    source: string,
    keep: readonly ProtectedEntry[],
  ): Promise<number> {
    const [rows]: [unknown[], number] = await em.query(
      `DELETE FROM blocking_protected WHERE source = $1
          AND (kind || ' ' || value) <> ALL($2::text[]) RETURNING id`,
      [source, keep.map((e) => `${e.kind} ${e.value}`)],
    );
    return rows.length;
  }

  async insertCost(
    em: EntityManager,
    c: {
      orderId: string;
      incurredOn: string;
      description: string;
      hours: number;
      amountCents: number;
      currency: string;
      by: string;
    },
  ): Promise<CostRow> {
    const rows: CostRow[] = await em.query(
      `INSERT INTO blocking_costs (order_id, incurred_on, description, hours, amount_cents, currency, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING id, order_id, to_char(incurred_on, 'YYYY-MM-DD') AS incurred_on, description,
         hours::text AS hours, amount_cents::text AS amount_cents, currency, created_by, created_at`,
      [c.orderId, c.incurredOn, c.description, c.hours, c.amountCents, c.currency, c.by],
    );
    return rows[0];
  }

  costsOfOrder(orderId: string): Promise<CostRow[]> {
    return this.ds.query(
      `SELECT id, order_id, to_char(incurred_on, 'YYYY-MM-DD') AS incurred_on, description,
         hours::text AS hours, amount_cents::text AS amount_cents, currency, created_by, created_at
         FROM blocking_costs WHERE order_id = $1 ORDER BY incurred_on, created_at`,
      [orderId],
    );
  }

  async ticketExists(ticketId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM blocking_tickets WHERE ticket_id = $1`,
      [ticketId],
    );
    return rows.length > 0;
  }

  async insertTicket(em: EntityManager, t: TicketRecord): Promise<string> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO blocking_tickets (ticket_id, reporter, order_id, reported_at, received_at,
         processed_at, items, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        t.ticketId,
        t.reporter,
        t.orderId,
        t.reportedAt,
        t.receivedAt,
        t.processedAt,
        JSON.stringify(t.items),
        t.importedBy,
      ],
    );
    return rows[0].id;
  }

  listTickets(limit = 200): Promise<TicketRow[]> {
    return this.ds.query(
      `SELECT k.id, k.ticket_id, k.reporter, o.reference AS order_reference, k.reported_at,
              k.received_at, k.processed_at, k.items
         FROM blocking_tickets k LEFT JOIN blocking_orders o ON o.id = k.order_id
        ORDER BY k.received_at DESC LIMIT $1`,
      [limit],
    );
  }
}
