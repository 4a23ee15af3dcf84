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
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { LegalHoldsService } from '../../retention/legal-holds.service';
import type { HoldSubject, HoldWithReference } from '../../retention/retention.repository';
import { HOLD_SUBJECTS, PlaceHoldForm, ReasonForm } from '../dto/portal-legal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { offsetOf, pageLinks, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

const PAGE = `${PORTAL_BASE}/legal/holds`;

const SUBJECT_LABELS: Record<HoldSubject, string> = {
  notice: 'Notice',
  account: 'Subscriber',
  request: 'Disclosure request',
};

const DONE: Record<string, string> = {
  placed: 'The hold was placed: nothing it covers will be purged until it is released.',
  released: 'The hold was released.',
};

type PlaceEcho = { subjectType: string; subject: string; reason: string };

const holdView = (h: HoldWithReference) => ({
  id: h.id,
  subjectLabel: SUBJECT_LABELS[h.subject_type],
  subjectReference: h.subject_reference ?? h.subject_id,
  reason: h.reason,
  createdAt: h.created_at,
  releasedAt: h.released_at,
  releaseReason: h.release_reason,
  active: h.released_at === null,
});

// Legal holds (RA-6): a hold on a notice, a subscriber or a disclosure request stops the
// retention purge for everything it covers. LegalHoldsService audits each place and release.
@ApiExcludeController()
@Controller(PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.legalHolds)
export class PortalLegalHoldsController {
  constructor(
    private readonly holds: LegalHoldsService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async list(
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('show') show?: string,
    @Query('done') done?: string,
  ): Promise<void> {
    await this.listPage(req, res, {
      rawPage,
      all: show === 'all',
      notice: done ? DONE[done] : undefined,
      form: { subjectType: '', subject: '', reason: '' },
      errors: {},
    });
  }

  @Post()
  async place(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(PlaceHoldForm, body);
    const echo: PlaceEcho = {
      subjectType: typeof body?.subjectType === 'string' ? body.subjectType : '',
      subject: typeof body?.subject === 'string' ? body.subject : '',
      reason: typeof body?.reason === 'string' ? body.reason : '',
    };
    if (!form.ok) return this.listPage(req, res, { form: echo, errors: form.errors }, 400);
    const { subjectType, subject, reason } = form.value;
    try {
      await this.holds.place(actorFromPrincipal(p), subjectType, subject.trim(), reason);
    } catch (e) {
      // An unknown reference is a mistake in the form: say so beside the field.
      if (e instanceof AppError && e.kind === 'invalid') {
        const errors = {
          subject: `No ${SUBJECT_LABELS[subjectType].toLowerCase()} has this reference. Check it and try again.`,
        };
        return this.listPage(req, res, { form: echo, errors }, 400);
      }
      throw e;
    }
    res.redirect(303, `${PAGE}?done=placed`);
  }

  @Get(':id')
  async detail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.holdPage(req, res, id, { reason: '' }, {});
  }

  @Post(':id/release')
  async release(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(ReasonForm, body);
    const echo = { reason: typeof body?.reason === 'string' ? body.reason : '' };
    if (!form.ok) return this.holdPage(req, res, id, echo, form.errors, 400);
    try {
      await this.holds.release(actorFromPrincipal(p), id, form.value.reason);
    } catch (e) {
      if (e instanceof AppError && e.kind === 'conflict') {
        return this.holdPage(req, res, id, echo, {}, 409, e.message);
      }
      throw e;
    }
    res.redirect(303, `${PAGE}?done=released`);
  }

  private async listPage(
    req: Request,
    res: Response,
    opts: {
      rawPage?: string;
      all?: boolean;
      notice?: string;
      form: PlaceEcho;
      errors: FieldErrors;
    },
    status = 200,
  ): Promise<void> {
    const page = pageNumber(opts.rawPage);
    const all = opts.all ?? false;
    const [rows, total] = await this.holds.page(!all, offsetOf(page), PAGE_SIZE);
    const links = pageLinks(PAGE, page, total);
    // The page links keep the "released too" filter.
    const keep = (h: string | null) => (h && all ? h.replace('?page=', '?show=all&page=') : h);
    await this.views.send(
      req,
      res,
      'legal-holds',
      {
        title: 'Legal holds',
        notice: opts.notice,
        all,
        rows: rows.map(holdView),
        pagination: { ...links, prevHref: keep(links.prevHref), nextHref: keep(links.nextHref) },
        form: opts.form,
        subjects: HOLD_SUBJECTS.map((s) => ({
          value: s,
          label: SUBJECT_LABELS[s],
          checked: opts.form.subjectType === s,
        })),
        errors: opts.errors,
        summary: errorSummary(opts.errors),
      },
      status,
    );
  }

  private async holdPage(
    req: Request,
    res: Response,
    id: string,
    form: { reason: string },
    errors: FieldErrors,
    status = 200,
    failure?: string,
  ): Promise<void> {
    const hold = holdView(await this.holds.get(id));
    await this.views.send(
      req,
      res,
      'legal-hold',
      {
        title: `Hold on ${hold.subjectReference}`,
        hold,
        failure,
        form,
        errors,
        summary: errorSummary(errors),
      },
      status,
    );
  }
}
