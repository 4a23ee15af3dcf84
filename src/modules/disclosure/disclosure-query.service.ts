import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditActor } from '../identity/audit.types';
import { IDENTITY_FIELDS, IdentityService, SubscriberIdentity } from '../identity/identity.service';
import { DisclosureError, DisclosureErrorCode, requestNotFound } from './disclosure.errors';
import { DisclosureRepository } from './disclosure.repository';
import {
  CoveredItemRow,
  DisclosureRequestRow,
  NEAR_DUE_DAYS,
  TransitionRow,
} from './disclosure.types';

export type Urgency = 'overdue' | 'near_due' | 'normal';

export interface QueueEntry {
  request: DisclosureRequestRow;
  urgency: Urgency;
}

export interface RequestDetail {
  request: DisclosureRequestRow;
  urgency: Urgency;
  items: CoveredItemRow[];
  transitions: TransitionRow[];
}

// Plain reads: a complainant's own requests, the legal review queue and request detail.
@Injectable()
export class DisclosureQueryService {
  constructor(
    private readonly repo: DisclosureRepository,
    private readonly identity: IdentityService,
    private readonly clock: Clock,
  ) {}

  listOwn(organisationId: string): Promise<DisclosureRequestRow[]> {
    return this.repo.listForOrganisation(organisationId);
  }

  async getOwn(organisationId: string, id: string): Promise<DisclosureRequestRow> {
    const r = await this.repo.find(id);
    // Someone else's request looks exactly like a missing one.
    if (!r || r.organisation_id !== organisationId) throw requestNotFound();
    return r;
  }

  // A requester's own request with its status history (who acted is not shown to requesters).
  async historyOwn(
    organisationId: string,
    id: string,
  ): Promise<{ request: DisclosureRequestRow; transitions: TransitionRow[] }> {
    const request = await this.getOwn(organisationId, id);
    return { request, transitions: await this.repo.listTransitions(id) };
  }

  openCount(): Promise<number> {
    return this.repo.countOpen();
  }

  async queue(): Promise<QueueEntry[]> {
    const now = this.clock.now();
    return (await this.repo.listOpen()).map((request) => ({
      request,
      urgency: urgencyOf(request, now),
    }));
  }

  async detail(id: string): Promise<RequestDetail> {
    const request = await this.repo.find(id);
    if (!request) throw requestNotFound();
    return {
      request,
      urgency: urgencyOf(request, this.clock.now()),
      items: await this.repo.coveredItems(id),
      transitions: await this.repo.listTransitions(id),
    };
  }

  async document(id: string): Promise<Buffer> {
    const bytes = await this.repo.readDocument(id);
    if (!bytes) {
      throw new DisclosureError(
        DisclosureErrorCode.DocumentMissing,
        'not_found',
        'No order document is attached to this request',
      );
    }
    return bytes;
  }

  // Legal staff's view of one subscriber's identity: every call writes an audit entry.
  async identityView(
    actor: AuditActor,
    subscriberRef: string,
    purpose: string,
  ): Promise<Partial<SubscriberIdentity>> {
    const accountId = await this.repo.accountIdByReference(subscriberRef);
    const found = accountId
      ? await this.identity.read(accountId, {
          actor,
          purpose,
          fields: IDENTITY_FIELDS,
          details: { subscriberRef },
        })
      : null;
    if (!found) {
      throw new DisclosureError(
        DisclosureErrorCode.SubscriberNotFound,
        'not_found',
        'No subscriber with that reference',
      );
    }
    return found;
  }
}

export function urgencyOf(r: DisclosureRequestRow, now: Date): Urgency {
  if (!r.respond_by || ['produced', 'refused', 'withdrawn'].includes(r.status)) return 'normal';
  const left = r.respond_by.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left <= NEAR_DUE_DAYS * 86_400_000 ? 'near_due' : 'normal';
}
