import { Inject, Injectable } from '@nestjs/common';
import addressparser from 'nodemailer/lib/addressparser';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { StepMetrics } from '../metrics/step-metrics';
import { NoticeReceiptDto } from './dto/receipt.dto';
import { IntakeSenderRepository } from './intake-sender.repository';
import { Channel } from './intake.types';
import { Envelope, MailAuthService } from './mail-auth/mail-auth.service';
import { NoticeIntakeService } from './notice-intake.service';
import { NoticeQueryService } from './notice-query.service';
import { readNoticeBody } from './notice-reader';
import { extractFromEmail } from './parsing';

export interface ApiSubmission {
  organisationId: string;
  body: Buffer;
  contentType: string | undefined;
  idempotencyKey: string | null;
  // The portal submits through this same path (channel `portal`); its form's good-faith and
  // accuracy checkboxes count for any format, including an uploaded ACNS file or e-mail (IN-4).
  channel?: Extract<Channel, 'api' | 'portal'>;
  statements?: { goodFaith: boolean; accuracy: boolean };
}

export interface Answer {
  receipt: NoticeReceiptDto;
  created: boolean;
}

// The sender's address from the message's own header block (From, unfolded), read by
// nodemailer's address parser: quoted names with commas, comments and groups included.
export function senderAddressOf(raw: Buffer): string | null {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, ' ');
  const from = /^from:[ \t]*(.*)$/im.exec(headers)?.[1];
  if (!from) return null;
  const address = addressparser(from, { flatten: true })
    .map((a) => a.address.trim().toLowerCase())
    .find((a) => /^[^\s@]+@[^\s@]+$/.test(a));
  return address ? address.slice(0, 320) : null;
}

// The two ways in: an API body from an authenticated sender, or a raw e-mail whose sender is
// recognised from its registered addresses (else quarantined for the abuse desk).
@Injectable()
export class NoticeSubmissionService {
  constructor(
    private readonly intake: NoticeIntakeService,
    private readonly query: NoticeQueryService,
    private readonly repo: IntakeSenderRepository,
    private readonly mailAuth: MailAuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly steps: StepMetrics,
  ) {}

  async submitFromApi(s: ApiSubmission): Promise<Answer> {
    const read = await this.steps.time('parse', () =>
      readNoticeBody(s.body, s.contentType, this.config.intake.maxBytes),
    );
    const res = await this.intake.submit({
      organisationId: s.organisationId,
      channel: s.channel ?? 'api',
      mediaType: read.mediaType,
      sourceFormat: read.sourceFormat,
      original: s.body,
      parsed: read.parsed,
      idempotencyKey: s.idempotencyKey,
      goodFaithStatement: read.goodFaithStatement || (s.statements?.goodFaith ?? false),
      accuracyStatement: read.accuracyStatement || (s.statements?.accuracy ?? false),
    });
    return {
      receipt: res.receipt ?? (await this.query.receipt(res.noticeId)),
      created: res.created,
    };
  }

  // A From address names a sender organisation only when the mail is authenticated (DMARC, the
  // ISP's MTA, or a trusted relay); anything else waits in quarantine with the reason.
  async ingestMail(raw: Buffer, envelope: Envelope = {}): Promise<Answer> {
    const senderAddress = senderAddressOf(raw);
    const [auth, outcome] = await Promise.all([
      this.mailAuth.check(raw, envelope),
      this.steps.time(
        'parse',
        () => extractFromEmail(raw, { maxBytes: this.config.intake.maxBytes }),
        (o) => !o.ok,
      ),
    ]);
    const organisationId =
      senderAddress === null || !auth.trusted
        ? null
        : await this.repo.findOrganisationBySenderAddress(senderAddress);
    const common = { channel: 'email' as const, mediaType: 'message/rfc822', original: raw };
    if (organisationId === null) {
      const id = await this.intake.quarantine({
        ...common,
        outcome,
        senderAddress,
        unauthenticated: auth.trusted ? null : auth.reason,
      });
      return { receipt: await this.query.receipt(id), created: true };
    }
    if (!outcome.ok) {
      const id = await this.intake.recordUnreadable({
        ...common,
        organisationId,
        senderAddress,
        code: outcome.code,
        message: outcome.message,
      });
      return { receipt: await this.query.receipt(id), created: true };
    }
    const res = await this.intake.submit({
      ...common,
      organisationId,
      sourceFormat: outcome.notice.format,
      parsed: outcome.notice,
      senderAddress,
    });
    return { receipt: await this.query.receipt(res.noticeId), created: res.created };
  }
}
