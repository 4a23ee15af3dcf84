import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../database/database.module';
import { AuditRepository } from './audit.repository';
import { AuditActor } from './audit.types';

export interface FailureReplyInput {
  messageId: string;
  attempt: number;
  replyCode: number | null;
  enhancedStatus: string | null;
  category: string;
  raw: string;
}

export interface FailureReply {
  attempt: number;
  at: Date;
  replyCode: number | null;
  enhancedStatus: string | null;
  category: string;
  rawReply: string;
}

// The mail server's own words on a failed send (issue #16): they quote the recipient's address
// and often the subscriber's name, so they are identity. Written by the mail worker, read only
// by legal staff, each read with its audit entry in the same transaction (RA-7). The table is in
// the identity schema (identity.smtp_failure_replies) and both are done on IdentityService's
// connection (issue 16): the service role can neither read nor write it.
@Injectable()
export class FailureReplyStore {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @InjectDataSource(IDENTITY_CONNECTION) private readonly identityDs: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async record(r: FailureReplyInput): Promise<void> {
    await this.identityDs.query(
      `INSERT INTO identity.smtp_failure_replies (message_id, attempt, reply_code, enhanced_status,
         category, raw_reply)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [r.messageId, r.attempt, r.replyCode, r.enhancedStatus, r.category, r.raw],
    );
  }

  // null: no such message (the same answer whether or not it ever failed is not needed here:
  // only legal staff reach this, and they see the outbox).
  async read(
    actor: AuditActor,
    messageId: string,
    purpose: string,
  ): Promise<FailureReply[] | null> {
    // The message is the service's (main connection); its replies are identity's.
    const found: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM outbound_messages WHERE id = $1`,
      [messageId],
    );
    if (found.length === 0) return null;
    return this.identityDs.transaction(async (em) => {
      await this.audit.append(em, {
        actor,
        action: 'identity.smtp_reply_read',
        subjectType: 'outbound_message',
        subjectId: messageId,
        purpose,
      });
      const rows: Array<{
        attempt: number;
        at: Date;
        reply_code: number | null;
        enhanced_status: string | null;
        category: string;
        raw_reply: string;
      }> = await em.query(
        `SELECT attempt, at, reply_code, enhanced_status, category, raw_reply
           FROM identity.smtp_failure_replies WHERE message_id = $1 ORDER BY id`,
        [messageId],
      );
      return rows.map((r) => ({
        attempt: r.attempt,
        at: r.at,
        replyCode: r.reply_code,
        enhancedStatus: r.enhanced_status,
        category: r.category,
        rawReply: r.raw_reply,
      }));
    });
  }
}
