import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { ChallengeRow } from '../challenges/challenge.repository';
import type { ProposalRow } from '../escalation.repository';
import type { DeadMessageRow } from '../outbox-desk.repository';
import type { RenderedMessage } from '../rendering/template-renderer';

export class DeadMessageDto {
  id!: string;
  kind!: string;
  template!: string;
  regime!: string;
  stage!: number | null;
  attempts!: number;
  /** Why the last send failed, as a category (mailbox_unknown, mailbox_full, rejected_as_spam,
   * temporary, connection, timeout, other) or a fixed note; never the mail server's words, which
   * legal staff read at POST /api/v1/legal/messages/{id}/smtp-replies */
  lastError!: string | null;
  createdAt!: string;
  deadAt!: string | null;
  /** Handed to SMTP without an answer: it may have been delivered (check the mail log) */
  outcomeUnknown!: boolean;
  /** Sent again after a send whose outcome was unknown: possibly two copies, same Message-ID */
  possibleDuplicate!: boolean;

  static from(r: DeadMessageRow): DeadMessageDto {
    return {
      id: r.id,
      kind: r.kind,
      template: r.template,
      regime: r.regime,
      stage: r.stage,
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
      deadAt: r.deadAt?.toISOString() ?? null,
      outcomeUnknown: r.outcomeUnknown,
      possibleDuplicate: r.possibleDuplicate,
    };
  }
}

export class RetryResponseDto {
  id!: string;
  status!: 'requeued';
  /** The earlier send's outcome is unknown: this copy may be a second one (same Message-ID) */
  possibleDuplicate!: boolean;
  note!: string | null;
}

export class StatusFilterDto {
  @IsOptional()
  @IsIn(['open', 'upheld', 'rejected', 'approved', 'declined'])
  status?: string;
}

export class ChallengeDto {
  id!: string;
  messageId!: string;
  ground!: string;
  statement!: string;
  status!: string;
  noticeReferences!: string[];
  decidedBy!: string | null;
  decisionNote!: string | null;
  decidedAt!: string | null;
  createdAt!: string;

  static from(r: ChallengeRow): ChallengeDto {
    return {
      id: r.id,
      messageId: r.messageId,
      ground: r.ground,
      statement: r.statement,
      status: r.status,
      noticeReferences: r.noticeReferences,
      decidedBy: r.decidedBy,
      decisionNote: r.decisionNote,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

export class ChallengeDecisionDto {
  @IsIn(['upheld', 'rejected'])
  decision!: 'upheld' | 'rejected';

  @IsString()
  @Length(3, 2000)
  note!: string;
}

export class ChallengeDecisionResponseDto {
  withdrawnStrikes!: number;
}

export class ProposalDto {
  id!: string;
  /** Pseudonymous subscriber reference */
  subscriberRef!: string;
  messageId!: string | null;
  action!: string;
  stage!: number;
  strikes!: number;
  addressedToRole!: string;
  status!: string;
  decidedBy!: string | null;
  reasons!: string | null;
  decidedAt!: string | null;
  createdAt!: string;

  static from(r: ProposalRow): ProposalDto {
    return {
      ...r,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

export class ProposalDecisionDto {
  @IsIn(['approved', 'declined'])
  decision!: 'approved' | 'declined';

  /** ER-5: the reasons of the person deciding */
  @IsString()
  @Length(3, 2000)
  reasons!: string;
}

export class TemplatePreviewQueryDto {
  @IsString()
  @Matches(/^[a-z0-9-]+$/)
  template!: string;

  @IsString()
  @Matches(/^[a-z0-9-]+$/)
  regime!: string;

  @IsString()
  @Matches(/^[a-z]{2}$/)
  language!: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20)
  stage?: number;
}

export class TemplatePreviewDto {
  subject!: string;
  text!: string;
  html!: string;
  regime!: string;
  language!: string;

  static from(r: RenderedMessage): TemplatePreviewDto {
    return { ...r };
  }
}
