import { IsString, Length } from 'class-validator';
import type { FailureReply } from '../failure-reply.store';

export class FailureReplyQueryDto {
  /** Why legal staff need the server's words (kept in the audit entry) */
  @IsString()
  @Length(3, 500)
  purpose!: string;
}

export class FailureReplyDto {
  attempt!: number;
  at!: string;
  replyCode!: number | null;
  enhancedStatus!: string | null;
  category!: string;
  /** The mail server's reply verbatim: may quote the subscriber's address and name */
  rawReply!: string;

  static from(r: FailureReply): FailureReplyDto {
    return {
      attempt: r.attempt,
      at: r.at.toISOString(),
      replyCode: r.replyCode,
      enhancedStatus: r.enhancedStatus,
      category: r.category,
      rawReply: r.rawReply,
    };
  }
}
