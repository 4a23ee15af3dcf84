import {
  Body,
  Controller,
  Get,
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
import { AppError } from '../../../common/errors/app-error';
import { AccountsService } from '../../accounts/accounts.service';
import { Roles } from '../../auth/auth.decorators';
import { DeskNoticeDto } from '../../intake/dto/desk-notice.dto';
import { NoticeConfirmationService } from '../../intake/notice-confirmation.service';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { QuarantineService } from '../../intake/quarantine.service';
import { MessagingDeskService } from '../../messaging/messaging-desk.service';
import { dayRange, pick } from '../list-filters';
import {
  DeskNoticeFilterForm,
  QuarantineAcceptForm,
  QuarantineCreateForm,
  QuarantineRejectForm,
} from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  deskNoticePage,
  deskNoticesPage,
  NOTICES,
  QUARANTINE,
  QuarantineForms,
  quarantineNoticePage,
  quarantinePage,
} from '../presenters/desk-notices.presenter';

const DESK_FILTERS = ['outcome', 'sender', 'from', 'to', 'page'];
// The sender filter offers every organisation; a desk has tens, not thousands.
const SENDER_CHOICES = 500;

// The abuse desk's notice pages: every notice with its checks, attribution evidence
// (pseudonymous references only) and messages; quarantined e-mail from unknown senders.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.deskNotices)
export class PortalDeskNoticesController {
  constructor(
    private readonly notices: NoticeQueryService,
    private readonly quarantine: QuarantineService,
    private readonly messaging: MessagingDeskService,
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
    private readonly confirmation: NoticeConfirmationService,
  ) {}

  @Get('notices')
  async list(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(DeskNoticeFilterForm, pick(query, DESK_FILTERS));
    const filters = form.ok ? form.value : new DeskNoticeFilterForm();
    const range = dayRange(filters.from, filters.to);
    const errors: FieldErrors = { ...form.errors, ...range.errors };
    const page = pageNumber(query.page);
    const result = await this.notices.listForDesk({
      itemStatus: filters.outcome,
      organisationId: filters.sender,
      from: range.from,
      to: range.to,
      page,
      pageSize: PAGE_SIZE,
    });
    const [orgs] = await this.accounts.listOrganisations(0, SENDER_CHOICES);
    const ctx = deskNoticesPage(query, result, page, orgs, errors);
    await this.views.send(req, res, 'desk-notices', ctx, Object.keys(errors).length ? 400 : 200);
  }

  @Get('notices/:reference')
  async detail(
    @Param('reference') reference: string,
    @Query('accepted') accepted: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    const messages = await this.messaging.messagesForNotice(notice.id);
    await this.views.send(req, res, 'desk-notice', deskNoticePage(notice, messages, accepted));
  }

  // Issue 15 §3: the desk confirms items read from plain text after comparing their lines.
  @Post('notices/:reference/confirm')
  async confirm(@Param('reference') reference: string, @Res() res: Response): Promise<void> {
    await this.confirmation.confirm(reference);
    res.redirect(303, `${NOTICES}/${encodeURIComponent(reference)}?accepted=confirmed`);
  }

  @Get('quarantine')
  async quarantined(
    @Query('page') rawPage: string | undefined,
    @Query('rejected') rejected: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const page = pageNumber(rawPage);
    const result = await this.notices.listForDesk({
      status: 'quarantined',
      page,
      pageSize: PAGE_SIZE,
    });
    await this.views.send(req, res, 'desk-quarantine', quarantinePage(result, page, rejected));
  }

  @Get('quarantine/:reference')
  async quarantinedOne(
    @Param('reference') reference: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const notice = await this.notices.detailForDesk(reference);
    await this.quarantinePage(req, res, notice, {});
  }

  @Post('quarantine/:reference/accept')
  async accept(
    @Param('reference') reference: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(QuarantineAcceptForm, body);
    if (!form.ok) {
      const notice = await this.notices.detailForDesk(reference);
      return this.quarantinePage(req, res, notice, { errors: form.errors }, 400);
    }
    await this.decide(req, res, reference, () =>
      this.quarantine.accept(reference, form.value.organisationId),
    );
  }

  // Accept as a new complainant organisation: created pending accreditation (legal or an
  // admin accredits), with the message's sender address registered if the desk says so.
  @Post('quarantine/:reference/accept-new')
  async acceptNew(
    @Param('reference') reference: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(QuarantineCreateForm, body);
    const notice = await this.notices.detailForDesk(reference);
    const echo = {
      name: str(body.name),
      kind: str(body.kind),
      postalAddress: str(body.postalAddress),
      registerSender: str(body.registerSender),
    };
    if (!form.ok) {
      return this.quarantinePage(req, res, notice, { errors: form.errors, create: echo }, 400);
    }
    if (notice.status !== 'quarantined') {
      return this.quarantinePage(req, res, notice, {}, 409);
    }
    const existing = await this.accounts.findOrganisationByName(form.value.name.trim());
    if (existing) {
      const errors = {
        name: 'An organisation with this name exists: choose it in “Accept for an existing organisation”',
      };
      return this.quarantinePage(req, res, notice, { errors, create: echo }, 400);
    }
    let org: { id: string };
    try {
      org = await this.accounts.createOrganisation({
        name: form.value.name,
        kind: form.value.kind,
        postalAddress: form.value.postalAddress ?? null,
        senderAddresses:
          form.value.registerSender === 'yes' && notice.senderAddress ? [notice.senderAddress] : [],
      });
    } catch (e) {
      // Another desk user created it a moment ago.
      if (!(e instanceof AppError) || e.kind !== 'conflict') throw e;
      const errors = { name: e.message };
      return this.quarantinePage(req, res, notice, { errors, create: echo }, 400);
    }
    await this.decide(req, res, reference, async () => {
      try {
        return await this.quarantine.accept(reference, org.id);
      } catch (e) {
        // The notice was resolved meanwhile: the organisation made for it is not left behind.
        await this.accounts.removeUnusedOrganisation(org.id);
        throw e;
      }
    });
  }

  @Post('quarantine/:reference/reject')
  async reject(
    @Param('reference') reference: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(QuarantineRejectForm, body);
    if (!form.ok) {
      const notice = await this.notices.detailForDesk(reference);
      return this.quarantinePage(
        req,
        res,
        notice,
        { errors: form.errors, reject: { reason: str(body.reason) } },
        400,
      );
    }
    try {
      await this.quarantine.reject(reference, form.value.reason.trim());
    } catch (err) {
      return this.conflict(req, res, reference, err);
    }
    res.redirect(303, `${QUARANTINE}?rejected=${encodeURIComponent(reference)}`);
  }

  private async decide(
    req: Request,
    res: Response,
    reference: string,
    action: () => Promise<DeskNoticeDto>,
  ): Promise<void> {
    try {
      await action();
    } catch (err) {
      return this.conflict(req, res, reference, err);
    }
    res.redirect(303, `${NOTICES}/${encodeURIComponent(reference)}?accepted=1`);
  }

  // Someone else resolved it meanwhile (or the organisation vanished): say so on the page.
  private async conflict(
    req: Request,
    res: Response,
    reference: string,
    err: unknown,
  ): Promise<void> {
    if (!(err instanceof AppError) || (err.kind !== 'conflict' && err.kind !== 'invalid')) {
      throw err;
    }
    const notice = await this.notices.detailForDesk(reference);
    const errors: FieldErrors =
      err.kind === 'invalid'
        ? { organisationId: 'No such organisation: choose one from the list' }
        : {};
    await this.quarantinePage(
      req,
      res,
      notice,
      { errors, notice: err.kind === 'conflict' ? err.message : undefined },
      err.kind === 'conflict' ? 409 : 400,
    );
  }

  private async quarantinePage(
    req: Request,
    res: Response,
    notice: DeskNoticeDto,
    forms: QuarantineForms,
    status = 200,
  ): Promise<void> {
    const [orgs] = await this.accounts.listOrganisations(0, SENDER_CHOICES);
    const ctx = quarantineNoticePage(notice, orgs, forms);
    await this.views.send(req, res, 'desk-quarantine-notice', ctx, status);
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
