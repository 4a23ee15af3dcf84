import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode, blockingErrors } from './blocking.errors';
import { BlockingOrdersRepository } from './blocking-orders.repository';
import { BlockingTargetsRepository, NewTarget } from './blocking-targets.repository';
import { CostRow, EventWindowRow, OrderRow, OrderTerms, TargetRow } from './blocking.types';
import { actorName } from './protected-list.service';
import { ScreenedTarget, TargetScreeningService } from './target-screening.service';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface OrderInput extends OrderTerms {
  startsAt?: string;
  endsAt?: string;
  durationMonths?: number;
  eventWindows?: Array<{ label: string; startsAt: string; endsAt: string }>;
  targets: string[];
  // Legal only: targets kept despite the protected list, each with a written justification.
  overrides?: Array<{ value: string; justification: string }>;
}

export interface Recorder {
  actor: AuditActor;
  // Counsel submits for its own organisation; legal records (and so confirms) for the ISP.
  organisationId: string | null;
  legal: boolean;
}

export interface OrderDetail {
  order: OrderRow;
  targets: TargetRow[];
  windows: EventWindowRow[];
  costs: CostRow[];
}

// Orders (BO-1): counsel submits one for legal to confirm, or legal records it. Targets take
// effect when the order is confirmed, with the deadline to implement counted from then; a
// target on the protected list is refused unless legal overrides it in writing (BO-3).
@Injectable()
export class BlockingOrdersService {
  constructor(
    private readonly repo: BlockingOrdersRepository,
    private readonly targets: BlockingTargetsRepository,
    private readonly audit: AuditRepository,
    private readonly screening: TargetScreeningService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async record(by: Recorder, input: OrderInput): Promise<OrderDetail> {
    if (!by.legal && input.overrides?.length) {
      throw new BlockingError(
        BlockingErrorCode.InvalidTarget,
        'forbidden',
        'Only legal may override the protected list',
        [{ field: 'overrides', message: 'legal only' }],
      );
    }
    const term = orderTerm(input);
    const parsed = this.screening.parseAll(input.targets, input.measures, 'targets');
    const screened = await this.screening.screen(parsed, { lookUp: true });
    const now = this.clock.now();
    const id = await this.repo.transaction(async (em) => {
      const orderId = await this.repo.insertOrder(em, {
        reference: reference('BO', now),
        organisationId: by.organisationId,
        status: by.legal ? 'confirmed' : 'submitted',
        court: input.court,
        jurisdiction: input.jurisdiction.toLowerCase(),
        caseNumber: input.caseNumber,
        orderDate: input.orderDate,
        claimants: input.claimants,
        ispNamed: input.ispNamed,
        measures: [...new Set(input.measures)].sort(),
        implementationDays: input.implementationDays,
        startsAt: term.startsAt,
        endsAt: term.endsAt,
        costBearer: input.costBearer,
        updateBasis: input.updateBasis,
        howToContest: input.howToContest,
        createdBy: by.actor,
        decidedAt: by.legal ? now : null,
      });
      await this.repo.insertEventWindows(em, orderId, term.windows);
      const implementBy = new Date(now.getTime() + input.implementationDays * 86_400_000);
      await this.insertScreened(
        em,
        by.actor,
        orderId,
        screened,
        input.overrides ?? [],
        by.legal ? { at: now, implementBy } : null,
      );
      await this.audit.append(em, {
        actor: by.actor,
        action: by.legal ? 'blocking.order_recorded' : 'blocking.order_submitted',
        subjectType: 'blocking_order',
        subjectId: orderId,
        purpose: `${input.court} ${input.caseNumber}`,
        details: { targets: screened.length, refused: screened.filter((s) => s.conflict).length },
      });
      return orderId;
    });
    return this.detail(id, null);
  }

  // Legal confirms a submitted order: its targets take effect now (BO-1), re-checked against
  // today's protected list.
  async confirm(
    actor: AuditActor,
    id: string,
    reason: string,
    overrides: Array<{ value: string; justification: string }> = [],
  ): Promise<OrderDetail> {
    const targets = await this.targets.targetsOfOrder(id);
    const pending = targets.filter((t) => t.status === 'pending');
    const screened = await this.screening.screen(
      this.screening.parseAll(
        pending.map((t) => t.value),
        null,
        'targets',
      ),
      { lookUp: false },
    );
    await this.repo.transaction(async (em) => {
      const order = await this.repo.lockOrder(em, id);
      if (!order) throw blockingErrors.orderNotFound();
      if (order.status !== 'submitted') throw blockingErrors.orderNotOpen(order.status);
      const now = this.clock.now();
      await this.repo.recordOrderDecision(em, id, {
        status: 'confirmed',
        at: now,
        by: actorName(actor),
        reason,
      });
      const conflicting = screened.filter((s) => s.conflict);
      for (const s of conflicting) {
        const override = overrides.find((o) => o.value === s.parsed.value);
        if (override) {
          await this.targets.overrideTarget(
            em,
            id,
            s.parsed.value,
            override.justification,
            actorName(actor),
          );
          await this.auditOverride(em, actor, id, s, override.justification);
        } else {
          await this.targets.refuseTarget(
            em,
            id,
            s.parsed.value,
            `shared_infrastructure: ${s.conflict}`,
          );
        }
      }
      const implementBy = new Date(now.getTime() + order.implementationDays * 86_400_000);
      const activated = await this.targets.activatePendingTargets(em, id, now, implementBy);
      await this.audit.append(em, {
        actor,
        action: 'blocking.order_confirmed',
        subjectType: 'blocking_order',
        subjectId: id,
        purpose: reason,
        details: { activated, refused: conflicting.length },
      });
    });
    return this.detail(id, null);
  }

  async reject(actor: AuditActor, id: string, reason: string): Promise<OrderDetail> {
    await this.repo.transaction(async (em) => {
      const order = await this.repo.lockOrder(em, id);
      if (!order) throw blockingErrors.orderNotFound();
      if (order.status !== 'submitted') throw blockingErrors.orderNotOpen(order.status);
      await this.repo.recordOrderDecision(em, id, {
        status: 'rejected',
        at: this.clock.now(),
        by: actorName(actor),
        reason,
      });
      await this.targets.refusePendingTargets(em, id, 'order rejected');
      await this.audit.append(em, {
        actor,
        action: 'blocking.order_rejected',
        subjectType: 'blocking_order',
        subjectId: id,
        purpose: reason,
      });
    });
    return this.detail(id, null);
  }

  // The order PDF, stored once with its SHA-256; the database refuses any later change.
  async storeDocument(
    actor: AuditActor,
    id: string,
    bytes: Buffer,
    ownOrganisationId: string | null,
  ): Promise<OrderRow> {
    if (bytes.length === 0 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      throw new BlockingError(
        BlockingErrorCode.DocumentNotPdf,
        'invalid',
        'The order document must be a PDF (it starts with %PDF-)',
      );
    }
    if (bytes.length > MAX_DOCUMENT_BYTES) {
      throw new BlockingError(
        BlockingErrorCode.DocumentTooLarge,
        'too_large',
        `The document is larger than ${MAX_DOCUMENT_BYTES} bytes`,
      );
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await this.repo.transaction(async (em) => {
      const order = await this.repo.lockOrder(em, id);
      if (!order || (ownOrganisationId !== null && order.organisationId !== ownOrganisationId)) {
        throw blockingErrors.orderNotFound();
      }
      if (order.documentSha256) throw blockingErrors.documentFrozen();
      await this.repo.storeDocument(em, id, bytes, sha256);
      await this.audit.append(em, {
        actor,
        action: 'blocking.document_stored',
        subjectType: 'blocking_order',
        subjectId: id,
        purpose: 'order document stored and frozen',
        details: { sha256, size: bytes.length },
      });
    });
    return (await this.repo.findOrder(id))!;
  }

  async document(id: string, ownOrganisationId: string | null): Promise<Buffer> {
    await this.detail(id, ownOrganisationId);
    const bytes = await this.repo.document(id);
    if (!bytes)
      throw new BlockingError(
        BlockingErrorCode.DocumentMissing,
        'not_found',
        'No document stored for this order',
      );
    return bytes;
  }

  list(ownOrganisationId: string | null): Promise<OrderRow[]> {
    return this.repo.listOrders(ownOrganisationId);
  }

  async detail(id: string, ownOrganisationId: string | null): Promise<OrderDetail> {
    const order = await this.repo.findOrder(id);
    if (!order || (ownOrganisationId !== null && order.organisationId !== ownOrganisationId)) {
      throw blockingErrors.orderNotFound();
    }
    const [targets, windows, costs] = await Promise.all([
      this.targets.targetsOfOrder(id),
      this.repo.windowsOfOrder(id),
      ownOrganisationId === null ? this.repo.costsOfOrder(id) : Promise.resolve([]),
    ]);
    return { order, targets, windows, costs };
  }

  // Every target kept despite the protected list, with its written justification.
  overrides() {
    return this.targets.overriddenTargets();
  }

  async findByReference(reference: string): Promise<OrderRow> {
    const order = await this.repo.findOrderByReference(reference);
    if (!order) throw blockingErrors.orderNotFound();
    return order;
  }

  // Confirmed orders ending within BLOCKING_EXPIRY_WARNING_DAYS (or `days`), soonest first.
  expiring(days = this.config.blocking.expiryWarningDays): Promise<OrderRow[]> {
    const now = this.clock.now();
    return this.repo.ordersEndingBetween(now, new Date(now.getTime() + days * 86_400_000));
  }

  // Cost lines for invoicing the party that bears the cost (BO-1).
  async addCost(
    actor: AuditActor,
    orderId: string,
    c: {
      incurredOn: string;
      description: string;
      hours: number;
      amountCents: number;
      currency: string;
    },
  ): Promise<CostRow> {
    return this.repo.transaction(async (em) => {
      const order = await this.repo.lockOrder(em, orderId);
      if (!order) throw blockingErrors.orderNotFound();
      const row = await this.repo.insertCost(em, { orderId, ...c, by: actorName(actor) });
      await this.audit.append(em, {
        actor,
        action: 'blocking.cost_recorded',
        subjectType: 'blocking_order',
        subjectId: orderId,
        purpose: c.description,
        details: { hours: c.hours, amountCents: c.amountCents, currency: c.currency },
      });
      return row;
    });
  }

  private async insertScreened(
    em: EntityManager,
    actor: AuditActor,
    orderId: string,
    screened: readonly ScreenedTarget[],
    overrides: ReadonlyArray<{ value: string; justification: string }>,
    effective: { at: Date; implementBy: Date } | null,
  ): Promise<void> {
    const rows: NewTarget[] = [];
    for (const s of screened) {
      const override = s.conflict ? overrides.find((o) => o.value === s.parsed.value) : undefined;
      // Counsel's submission keeps every target pending: legal decides them at confirmation.
      const refused = effective !== null && s.conflict !== null && !override;
      rows.push({
        orderId,
        kind: s.parsed.kind,
        value: s.parsed.value,
        source: 'order',
        status: refused ? 'refused' : effective ? 'active' : 'pending',
        refusalReason: refused ? `shared_infrastructure: ${s.conflict}` : null,
        overrideJustification: override?.justification ?? null,
        overrideBy: override ? actorName(actor) : null,
        effectiveFrom: !refused && effective ? effective.at : null,
        implementBy: !refused && effective ? effective.implementBy : null,
      });
      if (override) await this.auditOverride(em, actor, orderId, s, override.justification);
    }
    await this.targets.insertTargets(em, rows);
  }

  private async auditOverride(
    em: EntityManager,
    actor: AuditActor,
    orderId: string,
    s: ScreenedTarget,
    justification: string,
  ): Promise<void> {
    await this.audit.append(em, {
      actor,
      action: 'blocking.protected_overridden',
      subjectType: 'blocking_order',
      subjectId: orderId,
      purpose: justification,
      details: { value: s.parsed.value, conflict: s.conflict },
    });
  }
}

export function reference(prefix: string, at: Date): string {
  return `${prefix}-${at.getUTCFullYear()}-${randomBytes(4).toString('hex').toUpperCase()}`;
}

function orderTerm(input: OrderInput): {
  startsAt: Date;
  endsAt: Date;
  windows: Array<{ label: string; startsAt: Date; endsAt: Date }>;
} {
  const invalid = (field: string, message: string) =>
    new BlockingError(BlockingErrorCode.InvalidTarget, 'invalid', `${field}: ${message}`, [
      { field, message },
    ]);
  const startsAt = input.startsAt
    ? new Date(input.startsAt)
    : DateTime.fromISO(input.orderDate, { zone: 'utc' }).toJSDate();
  const windows = (input.eventWindows ?? []).map((w, i) => {
    const s = new Date(w.startsAt);
    const e = new Date(w.endsAt);
    if (!(e > s)) throw invalid(`eventWindows[${i}]`, 'ends before it starts');
    return { label: w.label, startsAt: s, endsAt: e };
  });
  let endsAt: Date | null = input.endsAt ? new Date(input.endsAt) : null;
  if (!endsAt && input.durationMonths) {
    endsAt = DateTime.fromJSDate(startsAt, { zone: 'utc' })
      .plus({ months: input.durationMonths })
      .toJSDate();
  }
  if (!endsAt && windows.length)
    endsAt = new Date(Math.max(...windows.map((w) => w.endsAt.getTime())));
  if (!endsAt) throw invalid('endsAt', 'give endsAt, durationMonths or eventWindows');
  if (!(endsAt > startsAt)) throw invalid('endsAt', 'the order ends before it starts');
  return { startsAt, endsAt, windows };
}
