import { Injectable } from '@nestjs/common';
import { AuditActor } from '../identity/audit.types';
import { Page } from '../../database/page';
import { DeliveryRepository } from './delivery/delivery.repository';
import { OutboxRelayService } from './delivery/outbox-relay.service';
import { EscalationRepository, ProposalRow } from './escalation.repository';
import { MessagingError, MessagingErrorCode } from './messaging.errors';
import { NoticeMessageRow, OutboxRepository } from './outbox.repository';
import { DeadMessageRow, DeliveryRow, OutboxDeskRepository } from './outbox-desk.repository';

export interface RetryOutcome {
  retried: string[];
  refused: Array<{ id: string; reason: string }>;
}

// What the abuse desk does with messages: dead letters, retries, escalation proposals (ER-5).
@Injectable()
export class MessagingDeskService {
  constructor(
    private readonly repo: OutboxDeskRepository,
    private readonly messages: DeliveryRepository,
    private readonly escalations: EscalationRepository,
    private readonly relay: OutboxRelayService,
    private readonly outbox: OutboxRepository,
  ) {}

  // The messages of a notice's items (no account, no template context: see the repository).
  messagesForNotice(noticeId: string): Promise<NoticeMessageRow[]> {
    return this.outbox.messagesForNotice(noticeId);
  }

  listDead(): Promise<DeadMessageRow[]> {
    return this.repo.listDead(200);
  }

  deadPage(offset: number, limit: number): Promise<Page<DeadMessageRow>> {
    return this.repo.pageDead(offset, limit);
  }

  deliveries(status: string | null, offset: number, limit: number): Promise<Page<DeliveryRow>> {
    return this.repo.pageMessages(status, offset, limit);
  }

  // What a bulk retry or decision is about to touch, for its confirmation page.
  messagesByIds(ids: string[]): Promise<Array<DeliveryRow & { subscriberRef: string }>> {
    return this.repo.deskMessages(ids);
  }

  deliveryCounts(): Promise<Record<string, number>> {
    return this.repo.statusCounts();
  }

  // Several dead letters at once: each goes through retry(); one refusal does not stop the rest.
  async retryMany(ids: string[]): Promise<RetryOutcome> {
    const out: RetryOutcome = { retried: [], refused: [] };
    for (const id of ids) {
      try {
        await this.retry(id);
        out.retried.push(id);
      } catch (e) {
        if (!(e instanceof MessagingError)) throw e;
        out.refused.push({ id, reason: e.message });
      }
    }
    return out;
  }

  // A dead message goes back to pending. When its earlier send was handed to SMTP without an
  // answer, the retry says so: the subscriber may get a second copy (marked possible duplicate).
  async retry(id: string): Promise<{ possibleDuplicate: boolean }> {
    const state = await this.messages.findMessage(id);
    if (!state) {
      throw new MessagingError(MessagingErrorCode.MessageNotFound, 'not_found', 'no such message');
    }
    if (state.status !== 'dead') {
      throw new MessagingError(
        MessagingErrorCode.MessageNotRetryable,
        'conflict',
        `only dead messages can be retried (this one is ${state.status})`,
      );
    }
    // The row is the work: Redis is not needed for a retry (the relay hands it over).
    await this.relay.forgetJob(id);
    const r = await this.repo.requeueDead(id);
    if (r !== 'requeued') {
      throw new MessagingError(
        MessagingErrorCode.MessageNotRetryable,
        'conflict',
        'the message changed state meanwhile',
      );
    }
    return { possibleDuplicate: state.handedAt !== null };
  }

  listProposals(status: string | null): Promise<ProposalRow[]> {
    return this.escalations.listProposals(status, 200);
  }

  proposalPage(offset: number, limit: number): Promise<Page<ProposalRow>> {
    return this.escalations.pageProposals(offset, limit);
  }

  async getProposal(id: string): Promise<ProposalRow> {
    const found = await this.escalations.findProposal(id);
    if (!found) {
      throw new MessagingError(
        MessagingErrorCode.ProposalNotFound,
        'not_found',
        'no such proposal',
      );
    }
    return found;
  }

  // ER-5: recorded with the person and reasons; the service itself never suspends anyone.
  async decideProposal(
    id: string,
    decision: 'approved' | 'declined',
    reasons: string,
    actor: AuditActor,
  ): Promise<void> {
    const r = await this.escalations.decideProposal(id, {
      status: decision,
      decidedBy: `${actor.kind}:${actor.id}`,
      reasons,
    });
    if (r === 'not_found') {
      throw new MessagingError(
        MessagingErrorCode.ProposalNotFound,
        'not_found',
        'no such proposal',
      );
    }
    if (r === 'already_decided') {
      throw new MessagingError(
        MessagingErrorCode.ProposalAlreadyDecided,
        'conflict',
        'this proposal was already decided',
      );
    }
  }
}
