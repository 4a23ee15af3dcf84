import {
  Body,
  Controller,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { AccountsService } from '../../accounts/accounts.service';
import { SenderStandingService, StandingChange } from '../../accounts/sender-standing.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { ReasonForm } from '../dto/portal-legal-forms.dto';
import { PAGE_ROLES } from '../navigation';
import { offsetOf, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { SenderExtra, senderPage, SENDERS_PAGE, sendersPage } from '../presenters/legal.presenter';

const PAGE = SENDERS_PAGE;

const DONE: Record<string, string> = {
  suspended: 'The sender was suspended: its new notices are refused until it is reinstated.',
  reinstated: 'The sender was reinstated: its notices are acted on again.',
};

// Complainant organisations with their notice quality (VA-6); legal staff suspend a poor
// sender or reinstate it, with a reason, through SenderStandingService (audited).
@ApiExcludeController()
@Controller(PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.senders)
export class PortalLegalSendersController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly standing: SenderStandingService,
    private readonly notices: NoticeQueryService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const [orgs, total] = await this.accounts.listOrganisations(offsetOf(page), PAGE_SIZE);
    // The figures for this page's senders only, in one query.
    const quality = await this.notices.senderQuality(orgs.map((o) => o.id));
    await this.views.send(req, res, 'legal-senders', sendersPage(orgs, total, page, quality));
  }

  @Get(':id')
  async detail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.senderPage(req, res, id, { notice: done ? DONE[done] : undefined });
  }

  @Post(':id/suspend')
  async suspend(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.change(p, id, 'suspend', body, req, res);
  }

  @Post(':id/reinstate')
  async reinstate(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.change(p, id, 'reinstate', body, req, res);
  }

  private async change(
    p: Principal,
    id: string,
    change: StandingChange,
    body: Record<string, unknown>,
    req: Request,
    res: Response,
  ): Promise<void> {
    const form = await validateForm(ReasonForm, body);
    const reason = typeof body?.reason === 'string' ? body.reason : '';
    if (!form.ok) return this.senderPage(req, res, id, { reason, errors: form.errors }, 400);
    try {
      await this.standing.change(actorFromPrincipal(p), id, change, form.value.reason);
    } catch (e) {
      if (e instanceof AppError && e.kind === 'conflict') {
        return this.senderPage(req, res, id, { reason, failure: e.message }, 409);
      }
      throw e;
    }
    res.redirect(303, `${PAGE}/${id}?done=${change === 'suspend' ? 'suspended' : 'reinstated'}`);
  }

  private async senderPage(
    req: Request,
    res: Response,
    id: string,
    extra: SenderExtra,
    status = 200,
  ): Promise<void> {
    const org = await this.accounts.getOrganisation(id);
    const [q] = await this.notices.senderQuality([id]);
    await this.views.send(req, res, 'legal-sender', senderPage(org, q, extra), status);
  }
}
