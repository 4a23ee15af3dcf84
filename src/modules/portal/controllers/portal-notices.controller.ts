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
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { NoticeReceiptDto } from '../../intake/dto/receipt.dto';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { NoticeSubmissionService } from '../../intake/notice-submission.service';
import { NoticeForm, NoticeListFilterForm, NoticeUploadForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES } from '../navigation';
import {
  ADD_ROWS,
  blankRows,
  fixedFieldsOf,
  INITIAL_ROWS,
  MAX_FORM_ROWS,
  mediaTypeOfUpload,
  rowCountOf,
  rowsOf,
  toSubmission,
  validateRows,
} from '../notice-form';
import { UploadedNotice } from '../notice-upload.middleware';
import { pageNumber, PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { dayRange, pick } from '../list-filters';
import { RateLimited } from '../../rate-limits/rate-limit.guard';
import {
  NOTICES_PAGE,
  noticeFormPage,
  NoticeFormState,
  noticeReceiptPage,
  noticesPage,
} from '../presenters/counsel-notices.presenter';

// Rights-holder counsel: submit notices (form or file) and follow their own organisation's
// notices. Everything shown comes from the complainant receipt DTOs: never a subscriber.
@ApiExcludeController()
@Controller(NOTICES_PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.notices)
export class PortalNoticesController {
  constructor(
    private readonly submissions: NoticeSubmissionService,
    private readonly notices: NoticeQueryService,
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Unknown parameters are ignored, as a browser's stray ones should be.
    const form = await validateForm(NoticeListFilterForm, pick(query, LIST_FILTERS));
    const filters = form.ok ? form.value : new NoticeListFilterForm();
    const range = dayRange(filters.from, filters.to);
    const errors: FieldErrors = { ...form.errors, ...range.errors };
    const page = pageNumber(query.page);
    const result = await this.notices.listForSender(organisationOf(principal), {
      status: filters.status,
      // Counsel's "Refused" covers every refusal, of a whole notice or of some of its items.
      refusedIncludesItems: true,
      from: range.from,
      to: range.to,
      search: filters.q?.trim() || undefined,
      page,
      pageSize: PAGE_SIZE,
    });
    await this.views.send(
      req,
      res,
      'notices',
      noticesPage(query, result, page, errors),
      Object.keys(errors).length ? 400 : 200,
    );
  }

  @Get('new')
  async newForm(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const org = await this.accounts.getOrganisation(organisationOf(principal));
    await this.formPage(req, res, principal, {
      form: {
        claimantName: org.name,
        claimantAddress: org.postalAddress ?? '',
        claimantEmail: org.contactEmail ?? '',
      },
      rows: blankRows(INITIAL_ROWS),
    });
  }

  // One form, two buttons: "Add more rows" shows it again with more rows, values kept;
  // "Submit notice" validates and sends it through the API's submission path.
  @Post('new')
  @RateLimited('intake')
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const rows = rowsOf(body, rowCountOf(body));
    const echo = Object.fromEntries(
      Object.entries(fixedFieldsOf(body)).map(([k, v]) => [k, str(v)]),
    );
    if (body.action === 'add-rows') {
      const more = Math.min(rows.length + ADD_ROWS, MAX_FORM_ROWS) - rows.length;
      return this.formPage(req, res, principal, {
        form: echo,
        rows: [...rows, ...blankRows(more)],
        focusRow: rows.length + 1,
      });
    }
    const form = await validateForm(NoticeForm, fixedFieldsOf(body));
    const checked = validateRows(rows);
    const errors = { ...form.errors, ...checked.errors };
    if (!form.ok || Object.keys(checked.errors).length > 0) {
      return this.formPage(req, res, principal, { form: echo, rows, errors }, 400);
    }
    const submission = toSubmission(form.value, checked.items);
    const answer = await this.submissions.submitFromApi({
      organisationId: organisationOf(principal),
      body: Buffer.from(JSON.stringify(submission)),
      contentType: 'application/json',
      idempotencyKey: null,
      channel: 'portal',
      statements: { goodFaith: true, accuracy: true },
    });
    res.redirect(303, receiptPath(answer.receipt, answer.created));
  }

  // An ACNS XML file or a whole e-mail (.eml), uploaded (multipart, parsed by
  // NoticeUploadMiddleware) or pasted; read exactly as the API reads it.
  @Post('upload')
  @RateLimited('intake')
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Body() body: Record<string, unknown>,
    @Req() req: Request & UploadedNotice,
    @Res() res: Response,
  ): Promise<void> {
    const form = await validateForm(NoticeUploadForm, {
      goodFaith: body.goodFaith,
      accuracy: body.accuracy,
      paste: body.paste,
    });
    const errors: FieldErrors = { ...form.errors };
    const pasted = str(body.paste).trim();
    let file: { buffer: Buffer; name: string | null; type: string | null } | null = null;
    if (req.noticeUploadError) errors.file = req.noticeUploadError;
    else if (req.noticeFile) file = req.noticeFile;
    else if (pasted !== '') file = { buffer: Buffer.from(pasted, 'utf8'), name: null, type: null };
    else errors.file = 'Choose an ACNS XML or e-mail (.eml) file, or paste the notice';
    const reshow = (errs: FieldErrors, status: number) =>
      this.formPage(
        req,
        res,
        principal,
        {
          form: {},
          rows: blankRows(INITIAL_ROWS),
          upload: {
            errors: errs,
            // The upload form's checkboxes have their own ids (the notice form has the same names).
            summary: errorSummary(errs).map((e) =>
              e.field === 'goodFaith' || e.field === 'accuracy'
                ? { ...e, field: `upload-${e.field}` }
                : e,
            ),
            paste: str(body.paste),
          },
        },
        status,
      );
    if (Object.keys(errors).length > 0 || file === null) return reshow(errors, 400);
    try {
      const answer = await this.submissions.submitFromApi({
        organisationId: organisationOf(principal),
        body: file.buffer,
        contentType: mediaTypeOfUpload(file.name, file.type, file.buffer),
        idempotencyKey: null,
        channel: 'portal',
        statements: { goodFaith: true, accuracy: true },
      });
      res.redirect(303, receiptPath(answer.receipt, answer.created));
    } catch (err) {
      // A notice the reader cannot read (damaged beyond repair, DOCTYPE, no notice inside).
      if (err instanceof AppError && err.kind !== 'forbidden' && err.kind !== 'not_found') {
        const where = err.fields[0]?.field;
        const line = where && where !== 'body' ? ` (${where})` : '';
        return reshow({ file: `The notice could not be read: ${err.message}${line}` }, 400);
      }
      throw err;
    }
  }

  @Get(':reference')
  async receipt(
    @CurrentPrincipal() principal: Principal,
    @Param('reference') reference: string,
    @Query('submitted') submitted: string | undefined,
    @Query('repeat') repeat: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    // Another organisation's reference answers 404, exactly like an unknown one.
    const receipt = await this.notices.receiptForSender(reference, organisationOf(principal));
    await this.views.send(
      req,
      res,
      'notice-receipt',
      noticeReceiptPage(receipt, submitted, repeat),
    );
  }

  private async formPage(
    req: Request,
    res: Response,
    principal: Principal,
    data: NoticeFormState,
    status = 200,
  ): Promise<void> {
    const org = await this.accounts.getOrganisation(organisationOf(principal));
    await this.views.send(req, res, 'notice-new', noticeFormPage(org, data), status);
  }
}

function organisationOf(p: Principal): string {
  // PAGE_ROLES.notices is complainants only, and a complainant always has an organisation.
  if (!p.organisationId) throw new Error('complainant without organisation');
  return p.organisationId;
}

function receiptPath(receipt: NoticeReceiptDto, created: boolean): string {
  return `${NOTICES_PAGE}/${encodeURIComponent(receipt.reference)}?${created ? 'submitted' : 'repeat'}=1`;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

const LIST_FILTERS = ['status', 'from', 'to', 'q', 'page'];
