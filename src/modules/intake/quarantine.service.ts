import { Injectable } from '@nestjs/common';
import { DeskNoticeDto } from './dto/desk-notice.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { IntakeQuotaRepository } from './intake-quota.repository';
import { IntakeSenderRepository } from './intake-sender.repository';
import { NoticeRepository } from './notice.repository';
import { QuarantineRepository } from './quarantine.repository';
import { NoticeIntakeService } from './notice-intake.service';
import { NoticeQueryService } from './notice-query.service';
import { NoticeVerdictService } from './notice-verdict.service';
import type { ParsedNotice } from './parsing';

// The abuse desk's decisions on quarantined e-mail (unknown sender): assign or reject.
@Injectable()
export class QuarantineService {
  constructor(
    private readonly repo: QuarantineRepository,
    private readonly notices: NoticeRepository,
    private readonly senders: IntakeSenderRepository,
    private readonly quota: IntakeQuotaRepository,
    private readonly verdicts: NoticeVerdictService,
    private readonly intake: NoticeIntakeService,
    private readonly query: NoticeQueryService,
  ) {}

  async accept(reference: string, organisationId: string): Promise<DeskNoticeDto> {
    await this.acceptById(await this.query.idOf(reference), organisationId);
    return this.query.detailForDesk(reference);
  }

  async reject(reference: string, reason: string): Promise<DeskNoticeDto> {
    await this.rejectById(await this.query.idOf(reference), reason);
    return this.query.detailForDesk(reference);
  }

  // The desk assigns a quarantined notice to a sender; it is then validated as if just received.
  async acceptById(noticeId: string, organisationId: string, now = new Date()): Promise<void> {
    const found = await this.notices.findNotice({ id: noticeId });
    if (!found) throw new IntakeError(IntakeErrorCode.NotFound, 'not_found', 'No such notice');
    if (found.notice.status !== 'quarantined') {
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        `The notice is ${found.notice.status}, not quarantined`,
      );
    }
    if (!(await this.senders.organisationExists(organisationId))) {
      throw new IntakeError(
        IntakeErrorCode.UnknownOrganisation,
        'invalid',
        'No such organisation',
        [{ field: 'organisationId', message: 'no organisation has this id' }],
      );
    }
    const parsed = found.notice.parsed;
    if (!parsed || !Array.isArray(parsed.items)) {
      await this.repo.resolveQuarantined(
        noticeId,
        organisationId,
        {
          checks: [],
          status: 'refused',
          refusalCode: found.notice.refusalCode ?? 'no_notice_found',
          refusalReason: found.notice.refusalReason ?? 'no notice could be read',
          settlementFlagged: false,
        },
        [],
      );
      return;
    }
    const revived = reviveDates(parsed);
    const plan = await this.verdicts.plan(organisationId, revived, now);
    const ok = await this.repo.resolveQuarantined(
      noticeId,
      organisationId,
      plan.update,
      plan.items,
    );
    if (!ok) {
      await this.quota.refundQuota(organisationId, plan.window, plan.granted);
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        'The notice was resolved meanwhile',
      );
    }
    if (plan.granted > 0) await this.intake.enqueueAttribution(noticeId);
  }

  async rejectById(noticeId: string, reason: string): Promise<void> {
    if (!(await this.repo.rejectQuarantined(noticeId, reason))) {
      const found = await this.notices.findNotice({ id: noticeId });
      if (!found) throw new IntakeError(IntakeErrorCode.NotFound, 'not_found', 'No such notice');
      throw new IntakeError(
        IntakeErrorCode.NotQuarantined,
        'conflict',
        `The notice is ${found.notice.status}, not quarantined`,
      );
    }
  }
}

// Parsed notices come back from jsonb with ISO strings where Dates were.
function reviveDates(parsed: ParsedNotice): ParsedNotice {
  return {
    ...parsed,
    items: parsed.items.map((i) => ({
      ...i,
      observedAt: i.observedAt === null ? null : new Date(i.observedAt as unknown as string),
    })),
  };
}
