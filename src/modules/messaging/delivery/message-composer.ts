import { Inject, Injectable } from '@nestjs/common';
import type Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { SubscriberIdentity } from '../../identity/identity.service';
import { ChallengeLinks } from '../challenges/challenge-links';
import { MessageRow, WarningFactRow } from './delivery.repository';
import { MESSAGING_POLICY, TEMPLATE_RENDERER } from '../messaging.tokens';
import { MessagingPolicy, policyFor } from '../policy/messaging-policy';
import { MASK, MessageParts } from '../rendering/masking';
import { TemplateRenderer } from '../rendering/template-renderer';

export type Contact = Partial<SubscriberIdentity> | null;

export type ComposedMail = Mail.Options & {
  language: string;
  subject: string;
  text: string;
  html: string;
  // The same message with the identity fields as placeholders: the desk's copy (issue #19).
  masked: MessageParts;
};

// Builds one message from what delivery has loaded: the outbox row, its warning facts and the
// contact details read for it. No I/O, so a batch composes without waiting on anything, and
// bench:mail composes exactly the same messages for its direct-sending baseline.
@Injectable()
export class MessageComposer {
  private readonly links: ChallengeLinks;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
    @Inject(TEMPLATE_RENDERER) private readonly renderer: TemplateRenderer,
  ) {
    this.links = new ChallengeLinks(config.secretKey);
  }

  messageIdHeader(id: string): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.mail.from)?.[1] ?? 'notice-relay.invalid';
    return `<${id}@${domain}>`;
  }

  // null: the subscriber has no e-mail address on file. Throws on a template or data fault.
  compose(msg: MessageRow, facts: readonly WarningFactRow[], who: Contact): ComposedMail | null {
    if (!who?.email) return null;
    const language = (who.language ?? 'en').toLowerCase().slice(0, 2);
    const attachments: Mail.Attachment[] = [];
    let context: Record<string, unknown>;
    let references: string[] = [];
    if (msg.kind === 'warning') {
      const policy = policyFor(this.policy, msg.regime);
      const expiresAt = new Date(
        msg.createdAt.getTime() + this.config.messaging.challengeLinkDays * 86_400_000,
      );
      const token = this.links.token(msg.id, expiresAt);
      const notices = groupNotices(facts);
      references = notices.map((n) => n.reference);
      context = {
        stage: msg.stage ?? 1,
        strikeCount: msg.context.strikeCount ?? facts.length,
        notices: notices.map((n) => n.view),
        challengeUrl: `${this.config.http.publicUrl}/challenge/${token}`,
        challengeDeadline: expiresAt.toISOString(),
        originalAttached: policy.attachOriginal,
      };
      if (policy.attachOriginal) {
        for (const n of notices) attachments.push(originalAttachment(n.first));
      }
    } else {
      context = { ...msg.context };
    }
    const request = {
      template: msg.template,
      regime: msg.regime,
      language,
      stage: msg.kind === 'warning' ? (msg.stage ?? 1) : null,
    };
    const rendered = this.renderer.render({
      ...request,
      context: { ...context, salutationName: who.fullName ?? '' },
    });
    // Rendered a second time with placeholders for what identifies the subscriber; legal puts
    // the identity back and checks the result against the hashes of what was sent.
    const masked = this.renderer.render({
      ...request,
      context: {
        ...context,
        salutationName: MASK.name,
        ...('challengeUrl' in context ? { challengeUrl: MASK.challengeUrl } : {}),
      },
    });
    return {
      from: this.config.mail.from,
      to: who.email,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: this.messageIdHeader(msg.id),
      attachments,
      headers: {
        'Auto-Submitted': 'auto-generated',
        'Content-Language': rendered.language,
        'X-Notice-Relay-Kind': msg.kind,
        ...(msg.stage ? { 'X-Notice-Relay-Stage': String(msg.stage) } : {}),
        ...(references.length ? { 'X-Notice-References': references.join(' ') } : {}),
      },
      language: rendered.language,
      masked: { subject: masked.subject, text: masked.text, html: masked.html },
    };
  }
}

interface NoticeGroup {
  reference: string;
  first: WarningFactRow;
  view: Record<string, unknown>;
}

function groupNotices(facts: readonly WarningFactRow[]): NoticeGroup[] {
  const groups = new Map<string, NoticeGroup>();
  for (const f of facts) {
    let g = groups.get(f.noticeId);
    if (!g) {
      g = {
        reference: f.reference,
        first: f,
        view: { reference: f.reference, claimant: f.claimant, owner: f.owner, items: [] },
      };
      groups.set(f.noticeId, g);
    }
    (g.view.items as unknown[]).push({
      observedAt: f.observedAt.toISOString(),
      ip: f.ip,
      port: f.port,
      protocol: f.protocol,
      title: f.title,
      fileName: f.fileName,
    });
  }
  return [...groups.values()];
}

// The notice exactly as received (IN-1, Canada s. 41.26): bytes unaltered, nothing added.
function originalAttachment(f: WarningFactRow): Mail.Attachment {
  const type = f.mediaType.split(';')[0].trim().toLowerCase();
  const ext =
    type === 'message/rfc822'
      ? 'eml'
      : type.includes('xml')
        ? 'xml'
        : type.includes('json')
          ? 'json'
          : 'txt';
  return {
    filename: `notice-${f.reference}.${ext}`,
    content: f.original,
    contentType: type || 'application/octet-stream',
    contentDisposition: 'attachment',
  };
}
