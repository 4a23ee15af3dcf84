import { Injectable } from '@nestjs/common';
import {
  DeskNoticeDto,
  DeskNoticePageDto,
  DeskNoticeSummaryDto,
  SenderQualityDto,
} from './dto/desk-notice.dto';
import { NoticePageDto, NoticeReceiptDto, NoticeSummaryDto } from './dto/receipt.dto';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { IntakeSenderRepository } from './intake-sender.repository';
import { NoticeRepository } from './notice.repository';
import { ItemStatus, NoticeStatus, NoticeSummaryRow } from './intake.types';

export interface PageQuery {
  status?: NoticeStatus;
  // With status 'refused': notices refused whole or in part (see NoticeListFilter).
  refusedIncludesItems?: boolean;
  page?: number;
  pageSize?: number;
  organisationId?: string;
  // Portal filters: any item in this state, received in [from, to), case id or reference.
  itemStatus?: ItemStatus;
  from?: Date;
  to?: Date;
  search?: string;
}

const filtersOf = (q: PageQuery) => ({
  status: q.status,
  refusedIncludesItems: q.refusedIncludesItems,
  itemStatus: q.itemStatus,
  from: q.from,
  to: q.to,
  search: q.search,
});

const notFound = () =>
  new IntakeError(IntakeErrorCode.NotFound, 'not_found', 'No notice with this reference');

// Plain reads of notices: receipts for senders (their own only), detail for the desk.
@Injectable()
export class NoticeQueryService {
  constructor(
    private readonly repo: NoticeRepository,
    private readonly senders: IntakeSenderRepository,
  ) {}

  async receipt(noticeId: string): Promise<NoticeReceiptDto> {
    const found = await this.repo.findNotice({ id: noticeId });
    if (!found) throw notFound();
    return NoticeReceiptDto.from(found.notice, found.items);
  }

  // Another sender's reference answers exactly like an unknown one.
  async receiptForSender(reference: string, organisationId: string): Promise<NoticeReceiptDto> {
    const found = await this.repo.findNotice({ reference }, organisationId);
    if (!found) throw notFound();
    return NoticeReceiptDto.from(found.notice, found.items);
  }

  listForSender(organisationId: string, q: PageQuery): Promise<NoticePageDto> {
    return this.page(q, organisationId, (r) => NoticeSummaryDto.from(r));
  }

  listForDesk(q: PageQuery): Promise<DeskNoticePageDto> {
    return this.page(q, q.organisationId, (r) => DeskNoticeSummaryDto.from(r));
  }

  // One page (numbered from 1) of the notices list, each row shaped for its audience.
  private async page<T>(
    q: PageQuery,
    organisationId: string | undefined,
    shape: (r: NoticeSummaryRow) => T,
  ): Promise<{ total: number; page: number; pageSize: number; notices: T[] }> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const res = await this.repo.listNotices({
      ...filtersOf(q),
      organisationId,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { total: res.total, page, pageSize, notices: res.rows.map(shape) };
  }

  async detailForDesk(reference: string): Promise<DeskNoticeDto> {
    const found = await this.repo.findNotice({ reference });
    if (!found) throw notFound();
    return DeskNoticeDto.from(found.notice, found.items);
  }

  async idOf(reference: string): Promise<string> {
    const found = await this.repo.findNotice({ reference });
    if (!found) throw notFound();
    return found.notice.id;
  }

  async senderQuality(organisationIds?: readonly string[]): Promise<SenderQualityDto[]> {
    return (await this.senders.senderQuality(organisationIds)).map((r) => SenderQualityDto.from(r));
  }
}
