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
import { PlaceHoldForm, ReasonForm } from '../dto/portal-legal-forms.dto';
import { PAGE_ROLES } from '../navigation';
import { offsetOf, pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  holdPage,
  HOLDS_PAGE,
  holdsPage,
  PlaceEcho,
  SUBJECT_LABELS,
} from '../presenters/legal.presenter';

const PAGE = HOLDS_PAGE;

const DONE: Record<string, string> = {
  placed: 'The hold was placed: nothing it covers will be purged until it is released.',
  released: 'The hold was released.',
};

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
    const ctx = holdsPage(rows, total, page, { ...opts, all });
    await this.views.send(req, res, 'legal-holds', ctx, status);
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
    const page = holdPage(await this.holds.get(id), form, errors, failure);
    await this.views.send(req, res, 'legal-hold', page, status);
  }
}
