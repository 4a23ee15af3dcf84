import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
// by legal staff, each read with its audit entry in the same transaction (RA-7). Kept in its own
// table (smtp_failure_replies) so it can move with the identity schema.
@Injectable()
export class FailureReplyStore {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async record(r: FailureReplyInput): Promise<void> {
    await this.ds.query(
      `INSERT INTO smtp_failure_replies (message_id, attempt, reply_code, enhanced_status,
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
    return this.ds.transaction(async (em) => {
      const found: Array<{ id: string }> = await em.query(
        `SELECT id FROM outbound_messages WHERE id = $1`,
        [messageId],
      );
      if (found.length === 0) return null;
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
           FROM smtp_failure_replies WHERE message_id = $1 ORDER BY id`,
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
