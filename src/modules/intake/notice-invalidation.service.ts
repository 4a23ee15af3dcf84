import { Injectable, Logger } from '@nestjs/common';
import { StrikesRepository } from '../messaging/strikes.repository';
import { InvalidatedNoticeDto } from './dto/desk-notice.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { NoticeRepository } from './notice.repository';
import { NoticeQueryService } from './notice-query.service';

// ER-3: the desk finds an accepted notice invalid after the fact (wrong time zone, a sender's
// error, a withdrawn claim). In one transaction the notice is marked invalid, its items not yet
// forwarded stop (a warning not yet sent about it alone is cancelled), and every strike it
// caused is withdrawn (kept on record, no longer counted).
@Injectable()
export class NoticeInvalidationService {
  private readonly logger = new Logger(NoticeInvalidationService.name);

  constructor(
    private readonly repo: NoticeRepository,
    private readonly strikes: StrikesRepository,
    private readonly query: NoticeQueryService,
  ) {}

  async invalidate(reference: string, reason: string): Promise<InvalidatedNoticeDto> {
    const noticeId = await this.query.idOf(reference);
    const withdrawn = await this.repo.invalidateNotice(noticeId, reason, async (em) => {
      await this.strikes.cancelUnsentWarningsOfNotice(em, noticeId);
      return this.strikes.withdrawForNotice(em, noticeId, `notice invalidated: ${reason}`);
    });
    if (withdrawn === null) {
      throw new IntakeError(
        IntakeErrorCode.NotAccepted,
        'conflict',
        'Only an accepted notice can be marked invalid',
      );
    }
    this.logger.log({ noticeId, withdrawnStrikes: withdrawn }, 'notice invalidated');
    return { notice: await this.query.detailForDesk(reference), withdrawnStrikes: withdrawn };
  }
}
