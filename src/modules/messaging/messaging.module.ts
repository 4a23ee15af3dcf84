import { Module } from '@nestjs/common';
import { OutboxRelayService } from './delivery/outbox-relay.service';
import { MessagingCoreModule } from './messaging-core.module';
import { MessagingDeskService } from './messaging-desk.service';
import { OutboxModule } from './outbox.module';

// Messaging with the mail queue: the outbox relay and desk actions that touch Redis.
// Controllers live in MessagingHttpModule, the queue consumer in MessagingWorkerModule.
@Module({
  imports: [MessagingCoreModule, OutboxModule],
  providers: [OutboxRelayService, MessagingDeskService],
  exports: [MessagingCoreModule, OutboxRelayService, MessagingDeskService],
})
export class MessagingModule {}
