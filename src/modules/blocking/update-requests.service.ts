import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor, AuditEntryInput } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode, blockingErrors } from './blocking.errors';
import { BlockingOrdersRepository } from './blocking-orders.repository';
import { BlockingTargetsRepository, NewTarget } from './blocking-targets.repository';
import { Evidence, OrderRow, RefusalGround, UpdateBasis, UpdateRequestRow } from './blocking.types';
import { reference } from './blocking-orders.service';
import { actorName } from './protected-list.service';
import { TargetScreeningService } from './target-screening.service';
import { UpdateRequestsRepository } from './update-requests.repository';

export interface ProposedTarget {
  value: string;
  mirrorOf: string;
  evidence: Evidence;
}

export type UpdateDecision =
  | {
      decision: 'approve';
      basis: { kind: UpdateBasis; reference: string };
      reason: string;
      // Written justification to block despite the protected list (shown in red everywhere).
      overrideJustification?: string;
    }
  | { decision: 'refuse'; ground: RefusalGround; reason: string };

export interface DecisionOutcome {
  id: string;
  reference: string;
  value: string;
  status: 'approved' | 'refused';
  refusalGround: RefusalGround | null;
  reason: string;
  override: string | null;
}

// Bases an order allows for its updates (BO-2); a new court order is always one.
const ALLOWED_BASES: Record<UpdateBasis, UpdateBasis[]> = {
  court_order: ['court_order'],
  authority: ['court_order', 'authority'],
  agreement: ['court_order', 'agreement'],
};

// Mirror updates (BO-2): counsel proposes, software never decides. A proposal is only applied
// when a legal person approves it citing the update's legal basis; the approval cannot apply a
// target that the protected list or the width limit covers without a written override.
@Injectable()
export class UpdateRequestsService {
  constructor(
    private readonly requests: UpdateRequestsRepository,
    private readonly orders: BlockingOrdersRepository,
    private readonly targets: BlockingTargetsRepository,
    private readonly audit: AuditRepository,
    private readonly screening: TargetScreeningService,
    private readonly clock: Clock,
  ) {}

  async propose(
    actor: AuditActor,
    orderId: string,
    ownOrganisationId: string | null,
    items: readonly ProposedTarget[],
  ): Promise<UpdateRequestRow[]> {
    const order = await this.orders.findOrder(orderId);
    if (!order || (ownOrganisationId !== null && order.organisationId !== ownOrganisationId)) {
      throw blockingErrors.orderNotFound();
    }
    if (order.status !== 'confirmed') throw blockingErrors.orderNotConfirmed(order.status);
    const parsed = this.screening.parseAll(
      items.map((i) => i.value),
      order.measures,
      'targets',
    );
    const screened = await this.screening.screen(parsed, { lookUp: true });
    const now = this.clock.now();
    const ids = await this.requests.transaction(async (em) => {
      const created = await this.requests.insertUpdateRequests(
        em,
        screened.map((s, i) => ({
          reference: reference('BU', now),
          orderId,
          organisationId: order.organisationId,
          kind: s.parsed.kind,
          value: s.parsed.value,
          mirrorOf: items[i].mirrorOf,
          evidence: items[i].evidence,
          flags: [...(s.conflict ? [`protected: ${s.conflict}`] : []), ...s.flags],
          submittedBy: actor,
          submittedAt: now,
        })),
      );
      await this.audit.appendMany(
        em,
        created.map((id, i) => ({
          actor,
          action: 'blocking.update_proposed',
          subjectType: 'blocking_update_request',
          subjectId: id,
          purpose: `mirror of ${items[i].mirrorOf}`,
          details: { orderId, value: screened[i].parsed.value },
        })),
      );
      return created;
    });
    return this.requests
      .listUpdateRequests({ organisationId: null })
      .then((rows) => rows.filter((r) => ids.includes(r.id)));
  }

  // One decision over many requests (bulk), in one transaction; each request gets its outcome.
  async decide(
    actor: AuditActor,
    ids: readonly string[],
    d: UpdateDecision,
  ): Promise<DecisionOutcome[]> {
    const unique = [...new Set(ids)];
    const conflicts =
      d.decision === 'approve' ? await this.currentConflicts(unique) : new Map<string, string>();
    return this.requests.transaction(async (em) => {
      const rows = await this.lockPending(em, unique);
      const now = this.clock.now();
      const outcomes: DecisionOutcome[] = [];
      for (const r of rows) {
        outcomes.push(await this.decideOne(em, actor, r, d, conflicts.get(r.id) ?? null, now));
      }
      await this.audit.appendMany(
        em,
        outcomes.map((o) => decisionAudit(actor, o, d)),
      );
      return outcomes;
    });
  }

  list(ownOrganisationId: string | null, status?: string): Promise<UpdateRequestRow[]> {
    return this.requests.listUpdateRequests({ organisationId: ownOrganisationId, status });
  }

  // Checked again now, with the resolver's origin AS, outside the transaction (lookups are
  // network calls); the protected list of this moment decides what may be applied.
  private async currentConflicts(ids: readonly string[]): Promise<Map<string, string | null>> {
    const current = await this.requests.findUpdateRequests(ids);
    const screened = await this.screening.screen(
      this.screening.parseAll(
        current.map((r) => r.value),
        null,
        'value',
      ),
      { lookUp: true },
    );
    return new Map(screened.map((sc, i) => [current[i].id, sc.conflict]));
  }

  // The requests, locked; every one must exist and still be pending.
  private async lockPending(
    em: EntityManager,
    ids: readonly string[],
  ): Promise<UpdateRequestRow[]> {
    const rows = await this.requests.lockUpdateRequests(em, ids);
    const missing = ids.find((id) => !rows.some((r) => r.id === id));
    if (missing) throw blockingErrors.updateRequestNotFound(missing);
    const decided = rows.find((r) => r.status !== 'pending');
    if (decided) {
      throw new BlockingError(
        BlockingErrorCode.UpdateRequestNotFound,
        'conflict',
        `${decided.reference} is already ${decided.status}`,
      );
    }
    return rows;
  }

  // Records the decision on one request under its locked order; an approval adds the target.
  private async decideOne(
    em: EntityManager,
    actor: AuditActor,
    r: UpdateRequestRow,
    d: UpdateDecision,
    conflict: string | null,
    now: Date,
  ): Promise<DecisionOutcome> {
    const order = await this.orders.lockOrder(em, r.orderId);
    if (!order) throw blockingErrors.orderNotFound();
    const outcome = judge(r, order, d, conflict, now);
    if (outcome.status === 'approved') {
      await this.targets.insertTargets(em, [
        approvedTarget(r, order, outcome.override, actor, now),
      ]);
    }
    await this.requests.recordUpdateDecision(em, r.id, {
      status: outcome.status,
      basisKind: d.decision === 'approve' ? d.basis.kind : null,
      basisReference: d.decision === 'approve' ? d.basis.reference : null,
      refusalGround: outcome.refusalGround,
      reason: outcome.reason,
      overrideJustification: outcome.override,
      decidedAt: now,
      decidedBy: actorName(actor),
    });
    return outcome;
  }
}

// The outcome of a decision on one request (pure): a refusal as decided; an approval refused
// when the order has ended or the protected list covers the target without a written
// override; a basis the order does not allow is an error for the whole batch.
export function judge(
  r: UpdateRequestRow,
  order: OrderRow,
  d: UpdateDecision,
  conflict: string | null,
  now: Date,
): DecisionOutcome {
  if (d.decision === 'refuse') return outcomeOf(r, 'refused', d.ground, d.reason);
  const allowed = ALLOWED_BASES[order.updateBasis];
  if (!allowed.includes(d.basis.kind)) {
    throw new BlockingError(
      BlockingErrorCode.BasisNotAllowed,
      'invalid',
      `Order ${order.reference} allows updates by ${allowed.join(' or ')} only; ${d.basis.kind} is not a basis for ${r.reference}`,
      [{ field: 'basis.kind', message: `not allowed by order ${order.reference}` }],
    );
  }
  if (order.endsAt <= now) {
    return outcomeOf(
      r,
      'refused',
      'expired',
      `order ${order.reference} ended ${order.endsAt.toISOString()}`,
    );
  }
  if (conflict && !d.overrideJustification) {
    return outcomeOf(r, 'refused', 'shared_infrastructure', conflict);
  }
  return {
    ...outcomeOf(r, 'approved', null, d.reason),
    override: conflict ? (d.overrideJustification ?? null) : null,
  };
}

function approvedTarget(
  r: UpdateRequestRow,
  order: OrderRow,
  override: string | null,
  actor: AuditActor,
  now: Date,
): NewTarget {
  return {
    orderId: r.orderId,
    kind: r.kind,
    value: r.value,
    source: 'update',
    updateRequestId: r.id,
    status: 'active',
    overrideJustification: override,
    overrideBy: override ? actorName(actor) : null,
    effectiveFrom: now,
    implementBy: new Date(now.getTime() + order.implementationDays * 86_400_000),
  };
}

function decisionAudit(actor: AuditActor, o: DecisionOutcome, d: UpdateDecision): AuditEntryInput {
  return {
    actor,
    action: `blocking.update_${o.status}`,
    subjectType: 'blocking_update_request',
    subjectId: o.id,
    purpose: o.reason,
    details: {
      value: o.value,
      ...(o.refusalGround ? { ground: o.refusalGround } : {}),
      ...(d.decision === 'approve' ? { basis: d.basis } : {}),
      ...(o.override ? { override: o.override } : {}),
    },
  };
}

function outcomeOf(
  r: UpdateRequestRow,
  status: 'approved' | 'refused',
  ground: RefusalGround | null,
  reason: string,
): DecisionOutcome {
  return {
    id: r.id,
    reference: r.reference,
    value: r.value,
    status,
    refusalGround: ground,
    reason,
    override: null,
  };
}
