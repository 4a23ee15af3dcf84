import { Controller, Get, Inject, Param, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../common/time/clock';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { Roles } from '../../auth/auth.decorators';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { CaseSearchService } from '../../search/case-search.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { NOTICE_STATUS_LABELS } from '../notice-words';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { nextSteps, timelineSteps } from '../timeline-view';

// One page per notice with every step of its case in time order (issue #19), each linking to
// the page of the object it concerns, and what happens next with its time.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk/notices`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.deskSearch)
export class PortalTimelineController {
  constructor(
    private readonly notices: NoticeQueryService,
    private readonly search: CaseSearchService,
    private readonly views: PortalViewService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':reference/timeline')
  async timeline(
    @Param('reference') reference: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    const rows = await this.search.timeline(notice.id);
    await this.views.send(req, res, 'desk-timeline', {
      title: `Case timeline of notice ${notice.reference}`,
      reference: notice.reference,
      sender: notice.organisationName,
      statusLabel: NOTICE_STATUS_LABELS[notice.status] ?? notice.status,
      steps: timelineSteps(notice.reference, rows),
      next: nextSteps(notice.items, this.config.messaging.digestWindowSeconds, this.clock.now()),
    });
  }
}
