import { Module } from '@nestjs/common';
import { MailWorker } from './delivery/mail.worker';
import { MessagingModule } from './messaging.module';

// Loaded when MODE is worker or all: the mail queue consumer and the outbox poll.
@Module({ imports: [MessagingModule], providers: [MailWorker], exports: [MailWorker] })
export class MessagingWorkerModule {}
