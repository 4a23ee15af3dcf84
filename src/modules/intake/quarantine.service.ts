import { Injectable } from '@nestjs/common';
import { DeskNoticeDto } from './dto/desk-notice.dto';
import { NoticeIntakeService } from './notice-intake.service';
import { NoticeQueryService } from './notice-query.service';

// The abuse desk's decisions on quarantined e-mail (unknown sender): assign or reject.
@Injectable()
export class QuarantineService {
  constructor(
    private readonly intake: NoticeIntakeService,
    private readonly query: NoticeQueryService,
  ) {}

  async accept(reference: string, organisationId: string): Promise<DeskNoticeDto> {
    await this.intake.acceptQuarantined(await this.query.idOf(reference), organisationId);
    return this.query.detailForDesk(reference);
  }

  async reject(reference: string, reason: string): Promise<DeskNoticeDto> {
    await this.intake.rejectQuarantined(await this.query.idOf(reference), reason);
    return this.query.detailForDesk(reference);
  }
}
