import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../../../common/time/clock';
import { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { CaseSearchService } from '../../search/case-search.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { TimelineExtra, timelinePage } from '../presenters/timeline.presenter';

const DONE: Record<string, string> = {
  assigned: 'The notice is assigned to you. It is in your "Assigned to me" queue.',
  unassigned: 'The notice is no longer assigned to anyone.',
  noted: 'Your note was added.',
};

// One page per notice with every step of its case in time order (issue #19), each linking to
// the page of the object it concerns, what happens next with its time, and the desk's own
// assignment and internal notes.
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
    @Query('done') done: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.page(req, res, principal, reference, { notice: done ? DONE[done] : undefined });
  }

  @Post(':reference/assign')
  async assign(
    @Param('reference') reference: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    const toMe = body.to === 'me';
    await this.search.assign('notice', notice.id, toMe ? principal.userId : null);
    res.redirect(303, `${timelinePath(notice.reference)}?done=${toMe ? 'assigned' : 'unassigned'}`);
  }

  @Post(':reference/notes')
  async note(
    @Param('reference') reference: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    const text = typeof body.note === 'string' ? body.note.trim() : '';
    const errors: FieldErrors = {};
    if (text === '') errors.note = 'Write the note before adding it';
    else if (text.length > 4000) errors.note = 'Write at most 4,000 characters';
    if (Object.keys(errors).length > 0 || !principal.userId) {
      await this.page(req, res, principal, reference, { errors, noteText: text, status: 400 });
      return;
    }
    await this.search.addNote('notice', notice.id, principal.userId, text);
    res.redirect(303, `${timelinePath(notice.reference)}?done=noted`);
  }

  private async page(
    req: Request,
    res: Response,
    principal: Principal,
    reference: string,
    extra: TimelineExtra,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    const [rows, work] = await Promise.all([
      this.search.timeline(notice.id),
      this.search.workOn('notice', notice.id),
    ]);
    const page = timelinePage(
      notice,
      rows,
      work,
      {
        userId: principal.userId,
        digestWindowSeconds: this.config.messaging.digestWindowSeconds,
        now: this.clock.now(),
      },
      extra,
    );
    await this.views.send(req, res, 'desk-timeline', page, extra.status ?? 200);
  }
}

function timelinePath(reference: string): string {
  return `${PORTAL_BASE}/desk/notices/${encodeURIComponent(reference)}/timeline`;
}
