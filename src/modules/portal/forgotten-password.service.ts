import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { PasswordResetService, RequestedLink } from '../accounts/password-reset.service';
import { MailTransport } from '../messaging/delivery/mail-transport';
import { MessageComposer } from '../messaging/delivery/message-composer';
import { MAIL_TRANSPORT } from '../messaging/messaging.tokens';
import { passwordLinkMail } from './password-link-mail';

// "Forgot your password?" (issue #19). The page answers the same, after the same work, whether
// or not an account uses the address: the request is only taken here, and everything that
// depends on the account (the lookup, the link, the mail) happens after the answer has gone,
// so neither the answer nor its time says whether the address is known (as sign-in checks a
// dummy hash for an unknown address). The mail goes through the service's mail transport
// (SMTP_URL, or .eml files under MAIL_DIR) from MAIL_FROM, with the link on PUBLIC_URL.
// Every kind of account gets the link, legal staff's included (only an admin may not make one
// for a legal account). Logs carry the user id only.
@Injectable()
export class ForgottenPasswordService implements OnApplicationShutdown {
  private readonly logger = new Logger('forgotten-password');
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly resets: PasswordResetService,
    private readonly composer: MessageComposer,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Returns at once; the work goes on after the page has answered.
  request(email: string): void {
    const work = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.handle(email))
      .catch((e: unknown) =>
        this.logger.warn(
          { error: e instanceof Error ? e.name : 'error' },
          'password link request not completed',
        ),
      )
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  // Requests still being handled (tests wait for them; shutdown lets them finish).
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async handle(email: string): Promise<void> {
    const link = await this.resets.request(email);
    if (link.kind === 'none') return;
    await this.transport.send(this.mailFor(link));
    this.logger.log({ userId: link.userId, kind: link.kind }, 'password link request mailed');
  }

  private mailFor(link: Extract<RequestedLink, { kind: 'link' }>) {
    return passwordLinkMail({
      from: this.config.mail.from,
      to: link.email,
      publicUrl: this.config.http.publicUrl,
      token: link.token,
      expiresAt: link.expiresAt,
      messageId: this.composer.messageIdHeader(randomUUID()),
    });
  }
}
