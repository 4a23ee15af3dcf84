import { Module } from '@nestjs/common';
import { ChallengePageController } from './challenges/challenge-page.controller';
import { MessagingController } from './messaging.controller';
import { MessagingModule } from './messaging.module';

@Module({
  imports: [MessagingModule],
  controllers: [MessagingController, ChallengePageController],
})
export class MessagingHttpModule {}
