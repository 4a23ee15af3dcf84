import { Injectable, Logger } from '@nestjs/common';
import { DeskNoticeDto } from './dto/desk-notice.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { NoticeItemRepository } from './notice-item.repository';
import { NoticeIntakeService } from './notice-intake.service';
import { NoticeQueryService } from './notice-query.service';

// Items read from plain text (no structured notice) wait as `held` until a desk user has
// compared them with the lines they came from (issue 15 §3). Confirming moves them to
// `accepted` and hands the notice to attribution; nothing reaches a subscriber before.
@Injectable()
export class NoticeConfirmationService {
  private readonly logger = new Logger(NoticeConfirmationService.name);

  constructor(
    private readonly repo: NoticeItemRepository,
    private readonly intake: NoticeIntakeService,
    private readonly query: NoticeQueryService,
  ) {}

  async confirm(reference: string): Promise<DeskNoticeDto> {
    const noticeId = await this.query.idOf(reference);
    const confirmed = await this.repo.confirmHeldItems(noticeId);
    if (confirmed === 0) {
      throw new IntakeError(
        IntakeErrorCode.NothingHeld,
        'conflict',
        'The notice has no items waiting for a confirmation',
      );
    }
    await this.intake.enqueueAttribution(noticeId);
    this.logger.log({ noticeId, confirmed }, 'items read from text confirmed');
    return this.query.detailForDesk(reference);
  }
}
