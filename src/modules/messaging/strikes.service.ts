import { Injectable } from '@nestjs/common';
import { MessagingError, MessagingErrorCode } from './messaging.errors';
import { MessagingRepository } from './messaging.repository';

// ER-3: strikes of a notice later shown invalid are withdrawn (kept on record, no longer counted).
// Exported so intake or the desk can call it when a notice is found invalid.
@Injectable()
export class StrikesService {
  constructor(private readonly repo: MessagingRepository) {}

  async withdrawForNotice(reference: string, reason: string): Promise<number> {
    const noticeId = await this.repo.findNoticeIdByReference(reference);
    if (!noticeId) {
      throw new MessagingError(MessagingErrorCode.NoticeNotFound, 'not_found', 'no such notice');
    }
    return this.repo.withdrawStrikesOfNotice(noticeId, reason);
  }
}
