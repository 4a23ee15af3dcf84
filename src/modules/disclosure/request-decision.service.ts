import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/time/clock';
import { OutboxRepository } from '../messaging/outbox.repository';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import {
  DisclosureError,
  DisclosureErrorCode,
  orderRequired,
  requestNotFound,
} from './disclosure.errors';
import { DisclosureRepository, StatusChange } from './disclosure.repository';
import {
  DisclosureRequestRow,
  NOTIFY_FIRST_KINDS,
  ORDER_REQUIRED_KINDS,
  RefusalGround,
  RequestStatus,
} from './disclosure.types';
import { canMove } from './transitions';

export type Decision =
  | { decision: 'approve'; reason: string }
  | { decision: 'refuse'; grounds: RefusalGround[]; reason: string };

export type MotionStep = 'filed' | 'denied' | 'granted';

// Legal staff's decisions on a request (DR-2, DR-4). Each step is one transaction: the status,
// its recorded transition, the audit entry and any subscriber message commit together.
@Injectable()
export class RequestDecisionService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  startReview(actor: AuditActor, id: string, reason: string): Promise<DisclosureRequestRow> {
    return this.step(id, async (em, r) => {
      await this.move(em, r, { to: 'under_review', actor, reason, at: this.clock.now() });
    });
  }

  decide(actor: AuditActor, id: string, d: Decision): Promise<DisclosureRequestRow> {
    return this.step(id, async (em, r) => {
      const at = this.clock.now();
      if (d.decision === 'refuse') {
        await this.move(em, r, { to: 'refused', actor, reason: d.reason, grounds: d.grounds, at });
        return;
      }
      // DR-1: identity is released only on an order; no approval without it on file.
      requireOrder(r, 'approved');
      await this.move(em, r, { to: 'approved', actor, reason: d.reason, at });
      if (!NOTIFY_FIRST_KINDS.includes(r.kind)) return;
      // DR-2: tell each covered subscriber first, then wait out the order's window.
      const windowEndsAt = new Date(at.getTime() + r.objection_window_days * 86_400_000);
      await this.notifySubscribers(em, r, windowEndsAt);
      const approved = { ...r, status: 'approved' as RequestStatus };
      await this.move(em, approved, {
        to: 'subscriber_notified',
        actor,
        reason: 'notice of the order sent to each covered subscriber',
        at,
        windowEndsAt,
      });
      await this.move(
        em,
        { ...approved, status: 'subscriber_notified' },
        { to: 'waiting_window', actor, reason: `window ends ${windowEndsAt.toISOString()}`, at },
      );
    });
  }

  // A motion to quash holds production until it is decided (DR-2).
  recordMotion(
    actor: AuditActor,
    id: string,
    step: MotionStep,
    reason: string,
  ): Promise<DisclosureRequestRow> {
    return this.step(id, async (em, r) => {
      const at = this.clock.now();
      if (step === 'filed') {
        await this.move(em, r, { to: 'on_hold', actor, reason, at, motionPending: true });
      } else if (r.status !== 'on_hold' || !r.motion_pending) {
        throw forbidden(r.status, step === 'granted' ? 'refused' : 'waiting_window');
      } else if (step === 'granted') {
        await this.move(em, r, {
          to: 'refused',
          actor,
          reason: `motion granted: ${reason}`,
          grounds: ['other'],
          at,
          motionPending: false,
        });
      } else {
        // Denied: back to the window if the subscriber was told, else back to review.
        const to = r.window_ends_at ? 'waiting_window' : 'under_review';
        await this.move(em, r, {
          to,
          actor,
          reason: `motion denied: ${reason}`,
          at,
          motionPending: false,
        });
      }
    });
  }

  // A requester withdraws its own request (ownOrganisationId); legal staff any request (null).
  withdraw(
    actor: AuditActor,
    id: string,
    reason: string,
    ownOrganisationId: string | null,
  ): Promise<DisclosureRequestRow> {
    return this.step(id, async (em, r) => {
      if (ownOrganisationId !== null && r.organisation_id !== ownOrganisationId) {
        throw requestNotFound();
      }
      await this.move(em, r, { to: 'withdrawn', actor, reason, at: this.clock.now() });
    });
  }

  private async step(
    id: string,
    fn: (em: EntityManager, r: DisclosureRequestRow) => Promise<void>,
  ): Promise<DisclosureRequestRow> {
    await this.repo.transaction(async (em) => {
      const r = await this.repo.lock(em, id);
      if (!r) throw requestNotFound();
      await fn(em, r);
    });
    return (await this.repo.find(id))!;
  }

  async move(
    em: EntityManager,
    r: DisclosureRequestRow,
    c: StatusChange,
  ): Promise<DisclosureRequestRow> {
    if (!canMove(r.status, c.to)) throw forbidden(r.status, c.to);
    await this.repo.changeStatus(em, r, c);
    await this.audit.append(em, {
      actor: c.actor,
      action: `disclosure.${c.to}`,
      subjectType: 'disclosure_request',
      subjectId: r.id,
      purpose: c.reason,
      // The order the step was taken on, in the tamper-evident chain too (issue #16).
      details: {
        from: r.status,
        to: c.to,
        documentSha256: r.document_sha256,
        ...(c.grounds ? { grounds: c.grounds } : {}),
      },
    });
    return { ...r, status: c.to };
  }

  private async notifySubscribers(
    em: EntityManager,
    r: DisclosureRequestRow,
    windowEndsAt: Date,
  ): Promise<void> {
    const items = await this.repo.coveredItems(r.id, em);
    const byAccount = new Map<string, { regime: string; notices: Set<string> }>();
    for (const i of items) {
      if (!i.subscriber_account_id || i.attribution_outcome !== 'unique') continue;
      const entry = byAccount.get(i.subscriber_account_id) ?? {
        regime: i.regime ?? 'us',
        notices: new Set<string>(),
      };
      entry.notices.add(i.notice_reference);
      byAccount.set(i.subscriber_account_id, entry);
    }
    for (const [accountId, { regime, notices }] of byAccount) {
      await this.outbox.enqueue(em, {
        subscriberAccountId: accountId,
        kind: 'disclosure_notice',
        template: 'disclosure-notice',
        regime,
        context: {
          requestReference: r.reference,
          issuingBody: r.issuing_body,
          caseNumber: r.case_number,
          noticeReferences: [...notices].sort(),
          allowedFields: r.allowed_fields,
          windowEndsAt: windowEndsAt.toISOString(),
          // How to object is written in each template, in its language: an English sentence
          // here once ended up in the French Canadian notice.
        },
      });
    }
  }
}

// A kind that rests on an order (ORDER_REQUIRED_KINDS) is never approved or produced without it.
export function requireOrder(r: DisclosureRequestRow, step: 'approved' | 'produced'): void {
  if (ORDER_REQUIRED_KINDS.includes(r.kind) && !r.document_sha256)
    throw orderRequired(r.kind, step);
}

export function forbidden(from: RequestStatus, to: RequestStatus): DisclosureError {
  return new DisclosureError(
    DisclosureErrorCode.ForbiddenTransition,
    'conflict',
    `A request that is ${from} cannot become ${to}`,
  );
}
