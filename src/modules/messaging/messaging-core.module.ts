import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { IdentityModule } from '../identity/identity.module';
import { StepMetricsModule } from '../metrics/step-metrics.module';
import { ChallengeRepository } from './challenges/challenge.repository';
import { ChallengeService } from './challenges/challenge.service';
import { AckJournal } from './delivery/ack-journal';
import { createMailTransport, MailTransport } from './delivery/mail-transport';
import { ComposePool } from './delivery/compose-pool';
import { DeliveryRepository } from './delivery/delivery.repository';
import { MailDeliveryService } from './delivery/mail-delivery.service';
import { MessageComposer } from './delivery/message-composer';
import { OutboxRelayRepository } from './delivery/outbox-relay.repository';
import { EscalationRepository } from './escalation.repository';
import { MAIL_TRANSPORT, MESSAGING_POLICY, TEMPLATE_RENDERER } from './messaging.tokens';
import { OutboxDeskRepository } from './outbox-desk.repository';
import { OutboxModule } from './outbox.module';
import { loadPolicy } from './policy/messaging-policy';
import { TemplateRenderer } from './rendering/template-renderer';
import { StrikesModule } from './strikes.module';
import { StrikesService } from './strikes.service';
import { SentCopyService } from './sent-copy.service';
import { TemplatePreviewService } from './template-preview.service';
import { WarningDigestService } from './warning-digest.service';
import { WarningRepository } from './warning.repository';

const providers = [
  WarningRepository,
  OutboxRelayRepository,
  DeliveryRepository,
  OutboxDeskRepository,
  ChallengeRepository,
  EscalationRepository,
  WarningDigestService,
  MailDeliveryService,
  AckJournal,
  MessageComposer,
  ComposePool,
  ChallengeService,
  TemplatePreviewService,
  StrikesService,
  SentCopyService,
];

// Messaging without queues (usable by the CLI): digest, delivery of one message, challenges,
// previews, strikes.
@Module({
  imports: [IdentityModule, OutboxModule, StrikesModule, StepMetricsModule],
  providers: [
    ...providers,
    {
      provide: MESSAGING_POLICY,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => loadPolicy(c.messaging.policyFile),
    },
    {
      provide: TEMPLATE_RENDERER,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new TemplateRenderer(c.messaging.templatesDir),
    },
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig): MailTransport =>
        createMailTransport(c.mail.smtpUrl, c.mail.dir, {
          timeouts: c.mail.timeouts,
          connections: c.messaging.concurrency,
        }),
    },
  ],
  exports: [...providers, MESSAGING_POLICY, TEMPLATE_RENDERER, MAIL_TRANSPORT],
})
export class MessagingCoreModule {}
