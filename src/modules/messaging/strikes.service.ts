import { Injectable } from '@nestjs/common';
import { MessagingError, MessagingErrorCode } from './messaging.errors';
import { StrikesRepository } from './strikes.repository';

// ER-3 by hand (`strikes:withdraw`): withdraws a notice's strikes without changing the notice.
// Marking a notice invalid at the desk (intake's NoticeInvalidationService) does this itself.
@Injectable()
export class StrikesService {
  constructor(private readonly strikes: StrikesRepository) {}

  async withdrawForNotice(reference: string, reason: string): Promise<number> {
    const noticeId = await this.strikes.findNoticeIdByReference(reference);
    if (!noticeId) {
      throw new MessagingError(MessagingErrorCode.NoticeNotFound, 'not_found', 'no such notice');
    }
    return this.strikes.transaction((em) => this.strikes.withdrawForNotice(em, noticeId, reason));
  }
}
