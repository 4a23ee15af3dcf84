import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/time/clock';
import { AuditRepository } from '../identity/audit.repository';
import { AuditActor } from '../identity/audit.types';
import { RetentionError, RetentionErrorCode } from './retention.errors';
import {
  HoldRow,
  HoldSubject,
  HoldWithReference,
  RetentionRepository,
} from './retention.repository';

// Legal holds (RA-6) and the Canadian "proceedings started" note (RA-1). Each is audited.
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly repo: RetentionRepository,
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  // The subject is named by its reference (notice, subscriber) or request reference or id.
  async place(
    actor: AuditActor,
    type: HoldSubject,
    subjectRef: string,
    reason: string,
  ): Promise<HoldRow> {
    const subjectId = await this.repo.resolveSubject(type, subjectRef);
    if (!subjectId) {
      throw new RetentionError(
        RetentionErrorCode.HoldSubjectNotFound,
        'invalid',
        `No ${type} with that reference`,
        [{ field: 'subject', message: `unknown ${type}` }],
      );
    }
    return this.repo.transaction(async (em) => {
      const hold = await this.repo.insertHold(em, {
        type,
        subjectId,
        reason,
        by: actor.id,
        at: this.clock.now(),
      });
      await this.audit.append(em, {
        actor,
        action: 'hold.placed',
        subjectType: `${type === 'account' ? 'subscriber_account' : type}`,
        subjectId,
        purpose: reason,
        details: { holdId: hold.id },
      });
      return hold;
    });
  }

  async release(actor: AuditActor, id: string, reason: string): Promise<HoldRow> {
    return this.repo.transaction(async (em) => {
      const hold = await this.repo.lockHold(em, id);
      if (!hold) {
        throw new RetentionError(RetentionErrorCode.HoldNotFound, 'not_found', 'No such hold');
      }
      if (hold.released_at) {
        throw new RetentionError(
          RetentionErrorCode.HoldReleased,
          'conflict',
          'The hold was already released',
        );
      }
      const released = await this.repo.releaseHold(em, id, {
        by: actor.id,
        at: this.clock.now(),
        reason,
      });
      await this.audit.append(em, {
        actor,
        action: 'hold.released',
        subjectType: `${hold.subject_type === 'account' ? 'subscriber_account' : hold.subject_type}`,
        subjectId: hold.subject_id,
        purpose: reason,
        details: { holdId: id },
      });
      return released;
    });
  }

  list(activeOnly: boolean): Promise<HoldRow[]> {
    return this.repo.listHolds(activeOnly);
  }

  // For the portal: one page of holds with their subjects' references, and the total.
  page(activeOnly: boolean, offset: number, limit: number): Promise<[HoldWithReference[], number]> {
    return this.repo.pageHolds(activeOnly, offset, limit);
  }

  async get(id: string): Promise<HoldWithReference> {
    const hold = await this.repo.findHold(id);
    if (!hold)
      throw new RetentionError(RetentionErrorCode.HoldNotFound, 'not_found', 'No such hold');
    return hold;
  }

  // A claimant (for its own notice) or legal staff note that proceedings have started.
  async noteProceedings(
    actor: AuditActor,
    noticeReference: string,
    note: string,
    ownOrganisationId: string | null,
  ): Promise<void> {
    const notice = await this.repo.findNotice(noticeReference);
    if (!notice || (ownOrganisationId !== null && notice.organisation_id !== ownOrganisationId)) {
      throw new RetentionError(RetentionErrorCode.NoticeNotFound, 'not_found', 'No such notice');
    }
    await this.repo.transaction(async (em) => {
      await this.repo.noteProceedings(em, notice.id, {
        at: this.clock.now(),
        by: actor.id,
        note,
      });
      await this.audit.append(em, {
        actor,
        action: 'notice.proceedings_noted',
        subjectType: 'notice',
        subjectId: notice.id,
        purpose: note,
      });
    });
  }
}
