import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { AuditRepository } from '../../identity/audit.repository';
import { AuditActor } from '../../identity/audit.types';
import { Page } from '../../../database/page';
import { OutboxRepository } from '../outbox.repository';
import { MessagingError, MessagingErrorCode } from '../messaging.errors';
import { StrikesRepository } from '../strikes.repository';
import { ChallengeLinks } from './challenge-links';
import {
  ChallengeQueue,
  ChallengeRepository,
  ChallengeRow,
  ChallengeTargetRow,
  MessageItemRow,
} from './challenge.repository';

export const CHALLENGE_GROUNDS = [
  'wrong_account',
  'unauthorised_use',
  'licence',
  'fair_dealing',
  'other',
] as const;
export type ChallengeGround = (typeof CHALLENGE_GROUNDS)[number];

export interface ChallengeTarget extends ChallengeTargetRow {
  messageId: string;
  noticeReferences: string[];
  expiresAt: Date;
  // When the desk decides an open challenge at the latest (CHALLENGE_REVIEW_DAYS after it).
  decideBy: Date | null;
}

export type ChallengeSubmission =
  | { kind: 'received'; reference: string; target: ChallengeTarget }
  | { kind: 'problems'; problems: ChallengeFormProblem[]; target: ChallengeTarget }
  // One challenge per warning: the first one stands, and its status is shown instead.
  | { kind: 'already'; target: ChallengeTarget };

// What the desk reads before deciding: the challenge, the items the warning was about and the
// strikes it counted. Pseudonymous references only.
export interface ChallengeCase {
  challenge: ChallengeRow;
  items: MessageItemRow[];
  strikes: { active: number; withdrawn: number };
}

export interface ChallengeFormProblem {
  field: 'ground' | 'statement';
  message: string;
}

// SN-6: the subscriber states a ground and a text through a signed link; the abuse desk
// decides; an upheld challenge withdraws the message's strikes (ER-3) and counts against the
// sender's quality (VA-6).
@Injectable()
export class ChallengeService {
  private readonly links: ChallengeLinks;
  private readonly reviewDays: number;

  constructor(
    private readonly repo: ChallengeRepository,
    private readonly strikes: StrikesRepository,
    private readonly audit: AuditRepository,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.links = new ChallengeLinks(config.secretKey);
    this.reviewDays = config.messaging.challengeReviewDays;
  }

  async open(token: string): Promise<ChallengeTarget> {
    const check = this.links.check(token);
    if (!check.ok) {
      throw check.reason === 'expired'
        ? new MessagingError(
            MessagingErrorCode.ChallengeLinkExpired,
            'forbidden',
            'This challenge link has expired.',
          )
        : new MessagingError(
            MessagingErrorCode.ChallengeLinkInvalid,
            'not_found',
            'This challenge link is not valid.',
          );
    }
    const target = await this.repo.findChallengeTarget(check.messageId);
    if (!target || target.status !== 'sent') {
      throw new MessagingError(
        MessagingErrorCode.ChallengeLinkInvalid,
        'not_found',
        'This challenge link is not valid.',
      );
    }
    return this.targetOf(check.messageId, check.expiresAt, target);
  }

  private targetOf(messageId: string, expiresAt: Date, row: ChallengeTargetRow): ChallengeTarget {
    const decideBy =
      row.challenge && row.challenge.status === 'open'
        ? new Date(row.challenge.createdAt.getTime() + this.reviewDays * 86_400_000)
        : null;
    return {
      ...row,
      messageId,
      noticeReferences: [...new Set(row.items.map((i) => i.noticeReference))].sort(),
      expiresAt,
      decideBy,
    };
  }

  validate(form: Record<string, unknown>): ChallengeFormProblem[] {
    const problems: ChallengeFormProblem[] = [];
    if (!CHALLENGE_GROUNDS.includes(form.ground as ChallengeGround)) {
      problems.push({ field: 'ground', message: 'Choose a ground.' });
    }
    const text = typeof form.statement === 'string' ? form.statement.trim() : '';
    if (text.length < 10 || text.length > 5000) {
      problems.push({
        field: 'statement',
        message: 'Explain in 10 to 5,000 characters.',
      });
    }
    return problems;
  }

  // One challenge per warning (the database's unique index decides a race); a decided
  // challenge is never reopened through the link.
  async submit(token: string, form: Record<string, unknown>): Promise<ChallengeSubmission> {
    const target = await this.open(token);
    if (target.challenge) return { kind: 'already', target };
    const problems = this.validate(form);
    if (problems.length) return { kind: 'problems', problems, target };
    const made = await this.repo.insertChallenge(
      target.messageId,
      form.ground as string,
      (form.statement as string).trim(),
    );
    const now = await this.open(token);
    if (!made) return { kind: 'already', target: now };
    return { kind: 'received', reference: made.reference, target: now };
  }

  list(status: string | null): Promise<ChallengeRow[]> {
    return this.repo.listChallenges(status, 200);
  }

  page(offset: number, limit: number, queue: ChallengeQueue = null): Promise<Page<ChallengeRow>> {
    return this.repo.pageChallenges(offset, limit, queue);
  }

  async get(id: string): Promise<ChallengeCase> {
    const challenge = await this.repo.findChallenge(id);
    if (!challenge) {
      throw new MessagingError(
        MessagingErrorCode.ChallengeNotFound,
        'not_found',
        'no such challenge',
      );
    }
    const [items, strikes] = await Promise.all([
      this.repo.itemsOfMessage(challenge.messageId),
      this.strikes.strikesOfMessage(challenge.messageId),
    ]);
    return { challenge, items, strikes };
  }

  async decide(
    id: string,
    decision: 'upheld' | 'rejected',
    note: string,
    actor: AuditActor,
  ): Promise<{ withdrawnStrikes: number }> {
    return this.repo.transaction(async (em) => {
      const c = await this.repo.lockChallenge(em, id);
      if (!c) {
        throw new MessagingError(
          MessagingErrorCode.ChallengeNotFound,
          'not_found',
          'no such challenge',
        );
      }
      if (c.status !== 'open') {
        throw new MessagingError(
          MessagingErrorCode.ChallengeAlreadyDecided,
          'conflict',
          `challenge already ${c.status}`,
        );
      }
      await this.repo.recordChallengeDecision(em, id, {
        status: decision,
        decidedBy: `${actor.kind}:${actor.id}`,
        note,
      });
      let withdrawnStrikes = 0;
      if (decision === 'upheld') {
        withdrawnStrikes = await this.strikes.withdrawStrikesOfMessage(
          em,
          c.messageId,
          `challenge ${id} upheld (${c.ground})`,
        );
        await this.repo.recordSenderQuality(em, c.messageId, 'challenge_upheld');
        await this.repo.markItemsChallenged(em, c.messageId);
      }
      // The subscriber hears the decision by e-mail, in the same transaction (outbox): ids
      // and non-identifying facts only; the desk's note stays internal.
      const to = await this.repo.messageRecipient(em, c.messageId);
      if (to) {
        const refs = await this.repo.noticeReferencesOfMessage(em, c.messageId);
        await this.outbox.enqueue(em, {
          subscriberAccountId: to.accountId,
          kind: 'challenge_decision',
          template: 'challenge-decision',
          regime: to.regime,
          context: {
            challengeReference: c.reference,
            decision,
            noticeReferences: refs,
            decidedAt: new Date().toISOString(),
            withdrawnStrikes,
          },
        });
      }
      await this.audit.append(em, {
        actor,
        action: `challenge.${decision}`,
        subjectType: 'challenge',
        subjectId: id,
        purpose: 'decide a subscriber challenge',
        details: { messageId: c.messageId, ground: c.ground, withdrawnStrikes },
      });
      return { withdrawnStrikes };
    });
  }
}
