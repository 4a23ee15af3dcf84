import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AuditActor } from '../identity/audit.types';
import { IdentityService } from '../identity/identity.service';
import { ChallengeLinks } from './challenges/challenge-links';
import { MessagingError, MessagingErrorCode } from './messaging.errors';
import { MessageParts, sha256Hex, unmask } from './rendering/masking';

// One message as the desk may read it: the masked copy kept at sending, pseudonymous
// reference only. `copy` is null for a message not sent yet, or sent before copies were kept.
export interface DeskMessageCopy {
  id: string;
  kind: string;
  template: string;
  regime: string;
  language: string | null;
  stage: number | null;
  status: string;
  createdAt: Date;
  sentAt: Date | null;
  messageIdHeader: string | null;
  subscriberRef: string;
  noticeReferences: string[];
  copy: MessageParts | null;
}

export interface LegalMessageCopy extends DeskMessageCopy {
  to: string | null;
  unmasked: MessageParts | null;
  // Whether the text and HTML parts with identity put back hash to what was sent.
  matchesSent: boolean;
}

// The warning exactly as it was sent (issue #19): the desk reads the copy with identity as
// placeholders; legal staff put the identity back through IdentityService (one audited read
// per opening) and see whether the result is byte for byte what SMTP accepted.
@Injectable()
export class SentCopyService {
  private readonly links: ChallengeLinks;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.links = new ChallengeLinks(config.secretKey);
  }

  async deskCopy(id: string): Promise<DeskMessageCopy> {
    return (await this.load(id)).copy;
  }

  async legalCopy(id: string, actor: AuditActor, purpose: string): Promise<LegalMessageCopy> {
    const { copy, accountId, textSha256, htmlSha256 } = await this.load(id);
    const who = await this.identity.read(accountId, {
      actor,
      purpose,
      fields: ['fullName', 'email'],
      details: { messageId: id, view: 'message as sent' },
    });
    if (!copy.copy) {
      return { ...copy, to: who?.email ?? null, unmasked: null, matchesSent: false };
    }
    const challengeUrl =
      copy.kind === 'warning'
        ? `${this.config.http.publicUrl}/challenge/${this.links.token(
            id,
            new Date(
              copy.createdAt.getTime() + this.config.messaging.challengeLinkDays * 86_400_000,
            ),
          )}`
        : null;
    const unmasked = unmask(copy.copy, { name: who?.fullName ?? '', challengeUrl });
    const matchesSent =
      textSha256 !== null &&
      sha256Hex(unmasked.text) === textSha256 &&
      (htmlSha256 === null || sha256Hex(unmasked.html) === htmlSha256);
    return { ...copy, to: who?.email ?? null, unmasked, matchesSent };
  }

  private async load(id: string): Promise<{
    copy: DeskMessageCopy;
    accountId: string;
    textSha256: string | null;
    htmlSha256: string | null;
  }> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(
      `SELECT m.id, m.kind, m.template, m.regime, m.language, m.stage, m.status, m.created_at,
              m.sent_at, m.message_id_header, m.masked_subject, m.masked_text, m.masked_html,
              m.text_sha256, m.html_sha256, m.subscriber_account_id, a.reference,
              coalesce((SELECT array_agg(DISTINCT n.reference ORDER BY n.reference)
                          FROM outbound_message_items mi
                          JOIN notice_items i ON i.id = mi.item_id
                          JOIN notices n ON n.id = i.notice_id
                         WHERE mi.message_id = m.id), '{}') AS refs
         FROM outbound_messages m JOIN subscriber_accounts a ON a.id = m.subscriber_account_id
        WHERE m.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) {
      throw new MessagingError(MessagingErrorCode.MessageNotFound, 'not_found', 'no such message');
    }
    const kept = typeof r.masked_text === 'string';
    return {
      accountId: r.subscriber_account_id as string,
      textSha256: (r.text_sha256 as string | null) ?? null,
      htmlSha256: (r.html_sha256 as string | null) ?? null,
      copy: {
        id: r.id as string,
        kind: r.kind as string,
        template: r.template as string,
        regime: r.regime as string,
        language: (r.language as string | null) ?? null,
        stage: (r.stage as number | null) ?? null,
        status: r.status as string,
        createdAt: r.created_at as Date,
        sentAt: (r.sent_at as Date | null) ?? null,
        messageIdHeader: (r.message_id_header as string | null) ?? null,
        subscriberRef: r.reference as string,
        noticeReferences: (r.refs as string[] | null) ?? [],
        copy: kept
          ? {
              subject: (r.masked_subject as string | null) ?? '',
              text: r.masked_text as string,
              html: (r.masked_html as string | null) ?? '',
            }
          : null,
      },
    };
  }
}
