import { Module } from '@nestjs/common';
import { MailWorker } from './delivery/mail.worker';
import { SweepsModule } from '../sweeps/sweeps.module';
import { MessagingModule } from './messaging.module';

// Loaded when MODE is worker or all: the mail queue consumer and the outbox poll.
@Module({
  imports: [MessagingModule, SweepsModule],
  providers: [MailWorker],
  exports: [MailWorker],
})
export class MessagingWorkerModule {}
