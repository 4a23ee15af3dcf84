import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { systemActor } from '../../identity/audit.types';
import { ChallengeLinks } from '../challenges/challenge-links';
import { MessageRow, MessagingRepository, WarningFactRow } from '../messaging.repository';
import { MAIL_TRANSPORT, MESSAGING_POLICY, TEMPLATE_RENDERER } from '../messaging.tokens';
import { MessagingPolicy, policyFor } from '../policy/messaging-policy';
import { TemplateRenderer } from '../rendering/template-renderer';
import { ContactReader } from './contact-reader';
import { describeFailure, MailTransport } from './mail-transport';

export type DeliveryOutcome = 'sent' | 'skipped' | 'missing' | 'parked' | 'dead' | 'cancelled';

// Thrown for a failure worth retrying (4xx, connection); Bull retries with backoff.
export class TransientSendError extends Error {}

export const INTERRUPTED_NOTE =
  'send interrupted after the message was handed to SMTP; outcome unknown: check the mail log ' +
  'for its Message-ID before retrying';

// Sends one outbox row. Idempotent: the row is claimed ('sending') before SMTP and marked
// 'sent' right after acceptance; a rerun finds 'sent' and does nothing. A rerun that finds
// 'sending' (the process died between SMTP acceptance and the update) does not resend blindly:
// the transport is asked whether that Message-ID was accepted, and if it cannot tell, the row
// is parked as dead for the desk (at most once; see docs/messaging.md).
@Injectable()
export class MailDeliveryService {
  private readonly logger = new Logger(MailDeliveryService.name);
  private readonly links: ChallengeLinks;

  constructor(
    private readonly repo: MessagingRepository,
    private readonly contacts: ContactReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGING_POLICY) private readonly policy: MessagingPolicy,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(TEMPLATE_RENDERER) private readonly renderer: TemplateRenderer,
  ) {
    this.links = new ChallengeLinks(config.secretKey);
  }

  messageIdHeader(id: string): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.config.mail.from)?.[1] ?? 'notice-relay.invalid';
    return `<${id}@${domain}>`;
  }

  async deliver(id: string, opts: { lastAttempt: boolean }): Promise<DeliveryOutcome> {
    // Usual case in one round trip: claim the row and get it back.
    const msg = await this.repo.claimMessage(id);
    if (!msg) {
      const current = await this.repo.findMessage(id);
      if (!current) return 'missing';
      return current.status === 'sending' ? this.reconcile(current) : 'skipped';
    }

    let mail: ComposedMail;
    try {
      const composed = await this.compose(msg);
      if (!composed) {
        await this.repo.cancelUndeliverable(
          id,
          'no_electronic_contact',
          'the subscriber has no e-mail address on file',
        );
        this.logger.warn({ messageId: id }, 'message cancelled: no e-mail address');
        return 'cancelled';
      }
      mail = composed;
    } catch (e) {
      // A template or data fault will not heal by retrying.
      const { note } = describeFailure(e);
      await this.repo.markDead(id, `compose: ${note}`);
      this.logger.error({ messageId: id, error: note }, 'message could not be composed');
      return 'dead';
    }

    let accepted;
    try {
      accepted = await this.transport.send(mail);
    } catch (e) {
      const f = describeFailure(e);
      if (f.permanent || opts.lastAttempt) {
        await this.repo.markDead(id, f.note);
        this.logger.warn({ messageId: id, error: f.note }, 'message dead-lettered');
        return 'dead';
      }
      await this.repo.markRetrying(id, f.note);
      this.logger.warn({ messageId: id, error: f.note }, 'send failed, will retry');
      throw new TransientSendError(f.note);
    }
    const sentAt = new Date();
    await this.acknowledge(id, {
      sentAt,
      transportMessageId: accepted.transportMessageId,
      messageIdHeader: String(mail.messageId),
      subject: mail.subject,
      textSha256: sha256(mail.text),
      htmlSha256: sha256(mail.html),
      language: mail.language,
    });
    this.logger.log({ messageId: id }, 'message sent');
    return 'sent';
  }

  // SMTP accepted: record it, retrying briefly; never fall back to "retry the send".
  private async acknowledge(
    id: string,
    s: Parameters<MessagingRepository['markSent']>[1],
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.repo.markSent(id, s);
        return;
      } catch (e) {
        if (attempt >= 3) throw e;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
  }

  private async reconcile(msg: MessageRow): Promise<DeliveryOutcome> {
    const header = this.messageIdHeader(msg.id);
    const known = await this.transport.wasAccepted(header);
    if (known === false && (await this.repo.claimForSendingAfterInterruption(msg.id))) {
      // The transport can tell it never took the message: sending is safe.
      return this.deliver(msg.id, { lastAttempt: false });
    }
    if (known === true) {
      await this.repo.markSent(msg.id, {
        sentAt: new Date(),
        transportMessageId: 'reconciled',
        messageIdHeader: header,
        subject: '',
        textSha256: '',
        htmlSha256: '',
        language: '',
      });
      return 'sent';
    }
    await this.repo.markDead(msg.id, INTERRUPTED_NOTE);
    this.logger.warn({ messageId: msg.id }, 'interrupted send parked for the desk');
    return 'parked';
  }

  private async compose(msg: MessageRow): Promise<ComposedMail | null> {
    // Identity is read here only, audited, and lives only in this function's locals.
    const who = await this.contacts.read(msg.subscriberAccountId, {
      actor: systemActor('messaging'),
      purpose: `send ${msg.kind} message ${msg.id}`,
      fields: ['email', 'language', 'fullName'],
      details: { messageId: msg.id },
    });
    if (!who?.email) return null;
    const language = (who.language ?? 'en').toLowerCase().slice(0, 2);
    const attachments: Mail.Attachment[] = [];
    let context: Record<string, unknown>;
    let references: string[] = [];
    if (msg.kind === 'warning') {
      const facts = await this.repo.findWarningFacts(msg.id);
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
    const rendered = this.renderer.render({
      template: msg.template,
      regime: msg.regime,
      language,
      stage: msg.kind === 'warning' ? (msg.stage ?? 1) : null,
      context: { ...context, salutationName: who.fullName ?? '' },
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
    };
  }
}

type ComposedMail = Mail.Options & {
  language: string;
  subject: string;
  text: string;
  html: string;
};

interface NoticeGroup {
  reference: string;
  first: WarningFactRow;
  view: Record<string, unknown>;
}

function groupNotices(facts: WarningFactRow[]): NoticeGroup[] {
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

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
