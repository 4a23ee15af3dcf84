import { Module } from '@nestjs/common';
import { OutboxRepository } from './outbox.repository';

// The outbox alone, so any module can queue a subscriber message without the mail worker.
@Module({ providers: [OutboxRepository], exports: [OutboxRepository] })
export class OutboxModule {}
