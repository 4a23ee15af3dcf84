import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { BlockingError, BlockingErrorCode, blockingErrors } from './blocking.errors';
import { BlockingRepository } from './blocking.repository';
import { Evidence, RefusalGround, UpdateBasis, UpdateRequestRow } from './blocking.types';
import { reference } from './blocking-orders.service';
import { actorName } from './protected-list.service';
import { TargetScreeningService } from './target-screening.service';

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
    private readonly repo: BlockingRepository,
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
    const order = await this.repo.findOrder(orderId);
    if (!order || (ownOrganisationId !== null && order.organisation_id !== ownOrganisationId)) {
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
    const ids = await this.repo.transaction(async (em) => {
      const created = await this.repo.insertUpdateRequests(
        em,
        screened.map((s, i) => ({
          reference: reference('BU', now),
          orderId,
          organisationId: order.organisation_id,
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
    return this.repo
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
    // Checked again now, with the resolver's origin AS, outside the transaction (lookups are
    // network calls); the protected list of this moment decides what may be applied.
    const conflicts = new Map<string, string | null>();
    if (d.decision === 'approve') {
      const current = await this.repo.findUpdateRequests(unique);
      const screened = await this.screening.screen(
        this.screening.parseAll(
          current.map((r) => r.value),
          null,
          'value',
        ),
        { lookUp: true },
      );
      screened.forEach((sc, i) => conflicts.set(current[i].id, sc.conflict));
    }
    return this.repo.transaction(async (em) => {
      const rows = await this.repo.lockUpdateRequests(em, unique);
      const missing = unique.find((id) => !rows.some((r) => r.id === id));
      if (missing) throw blockingErrors.updateRequestNotFound(missing);
      const decided = rows.find((r) => r.status !== 'pending');
      if (decided) {
        throw new BlockingError(
          BlockingErrorCode.UpdateRequestNotFound,
          'conflict',
          `${decided.reference} is already ${decided.status}`,
        );
      }
      const now = this.clock.now();
      const outcomes: DecisionOutcome[] = [];
      for (const r of rows) {
        const order = (await this.repo.lockOrder(em, r.order_id))!;
        let outcome: DecisionOutcome;
        let overrideUsed: string | null = null;
        if (d.decision === 'refuse') {
          outcome = this.outcome(r, 'refused', d.ground, d.reason);
        } else if (!ALLOWED_BASES[order.update_basis].includes(d.basis.kind)) {
          throw new BlockingError(
            BlockingErrorCode.BasisNotAllowed,
            'invalid',
            `Order ${order.reference} allows updates by ${ALLOWED_BASES[order.update_basis].join(' or ')} only; ${d.basis.kind} is not a basis for ${r.reference}`,
            [{ field: 'basis.kind', message: `not allowed by order ${order.reference}` }],
          );
        } else if (order.ends_at <= now) {
          outcome = this.outcome(
            r,
            'refused',
            'expired',
            `order ${order.reference} ended ${order.ends_at.toISOString()}`,
          );
        } else {
          const conflict = conflicts.get(r.id) ?? null;
          if (conflict && !d.overrideJustification) {
            outcome = this.outcome(r, 'refused', 'shared_infrastructure', conflict);
          } else {
            outcome = this.outcome(r, 'approved', null, d.reason);
            const override = conflict ? d.overrideJustification! : null;
            overrideUsed = override;
            await this.repo.insertTargets(em, [
              {
                orderId: r.order_id,
                kind: r.kind,
                value: r.value,
                source: 'update',
                updateRequestId: r.id,
                status: 'active',
                overrideJustification: override,
                overrideBy: override ? actorName(actor) : null,
                effectiveFrom: now,
                implementBy: new Date(now.getTime() + order.implementation_days * 86_400_000),
              },
            ]);
          }
        }
        await this.repo.recordUpdateDecision(em, r.id, {
          status: outcome.status,
          basisKind: d.decision === 'approve' ? d.basis.kind : null,
          basisReference: d.decision === 'approve' ? d.basis.reference : null,
          refusalGround: outcome.refusalGround,
          reason: outcome.reason,
          overrideJustification: overrideUsed,
          decidedAt: now,
          decidedBy: actorName(actor),
        });
        outcomes.push({ ...outcome, override: overrideUsed });
      }
      await this.audit.appendMany(
        em,
        outcomes.map((o) => ({
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
        })),
      );
      return outcomes;
    });
  }

  list(ownOrganisationId: string | null, status?: string): Promise<UpdateRequestRow[]> {
    return this.repo.listUpdateRequests({ organisationId: ownOrganisationId, status });
  }

  private outcome(
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
}
