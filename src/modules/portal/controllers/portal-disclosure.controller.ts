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
import { DisclosureQueryService } from '../../disclosure/disclosure-query.service';
import { DisclosureError, DisclosureErrorCode } from '../../disclosure/disclosure.errors';
import { FIELD_LABELS, KIND_LABELS } from '../../disclosure/disclosure-words';
import { DISCLOSABLE_FIELDS, REQUEST_KINDS } from '../../disclosure/disclosure.types';
import { DisclosureRequestResponseDto } from '../../disclosure/dto/disclosure.dto';
import { ProductionService, sendPackage } from '../../disclosure/production.service';
import { checkOrderDocument, RequestIntakeService } from '../../disclosure/request-intake.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { DisclosureRequestForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { ORDER_DOCUMENT_FIELD, UploadedOrder } from '../order-upload.middleware';
import { offsetOf, PAGE_SIZE, pageLinks, pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

export const DISCLOSURE_PAGE = `${PORTAL_BASE}/disclosure-requests`;

// Kept here for the pages that import them; the words live with the disclosure module.
export { FIELD_LABELS, KIND_LABELS };

export const statusLabel = (s: string): string => s.replace(/_/g, ' ');

// A complainant's organisation (the role guard admits complainants only).
const ownOrg = (p: Principal): string => p.organisationId ?? '00000000-0000-0000-0000-000000000000';

type FormBody = Record<string, unknown>;

// Rights-holder counsel: submit disclosure requests with the order PDF and follow their status
// (DR-1). Reads and writes go through the disclosure module's services, as the JSON API does.
@ApiExcludeController()
@Controller(DISCLOSURE_PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.disclosureRequests)
export class PortalDisclosureController {
  constructor(
    private readonly intake: RequestIntakeService,
    private readonly query: DisclosureQueryService,
    private readonly production: ProductionService,
    private readonly views: PortalViewService,
  ) {}

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('page') rawPage?: string,
  ): Promise<void> {
    const all = await this.query.listOwn(ownOrg(principal));
    const page = pageNumber(rawPage);
    const rows = all.slice(offsetOf(page), offsetOf(page) + PAGE_SIZE).map((r) => ({
      ...DisclosureRequestResponseDto.from(r),
      kindLabel: KIND_LABELS[r.kind],
      statusLabel: statusLabel(r.status),
    }));
    await this.views.send(req, res, 'disclosure-requests', {
      title: 'Disclosure requests',
      requests: rows,
      pagination: pageLinks(DISCLOSURE_PAGE, page, all.length),
    });
  }

  @Get('new')
  async newForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.form(req, res, {}, {});
  }

  @Post()
  async create(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request & UploadedOrder,
    @Res() res: Response,
  ): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    const form = await validateForm(DisclosureRequestForm, body);
    const errors: FieldErrors = { ...form.errors };
    const document = req.orderDocument;
    if (req.orderUploadError) errors[ORDER_DOCUMENT_FIELD] = req.orderUploadError;
    else if (!document) errors[ORDER_DOCUMENT_FIELD] = 'Choose the order document (a PDF file)';
    else {
      const problem = documentProblem(document);
      if (problem) errors[ORDER_DOCUMENT_FIELD] = problem;
    }
    if (Object.keys(errors).length > 0 || !document) {
      return this.form(req, res, body, errors, 400);
    }
    const actor = actorFromPrincipal(principal);
    const v = form.value;
    let id: string;
    try {
      const created = await this.intake.submit(
        {
          actor,
          organisationId: ownOrg(principal),
          channel: 'api',
          restrictToOrganisation: true,
        },
        {
          kind: v.kind,
          issuingBody: v.issuingBody,
          caseNumber: v.caseNumber,
          noticeReferences: v.noticeReferences,
          allowedFields: v.allowedFields,
          objectionWindowDays: v.objectionWindowDays,
          respondBy: v.respondBy ? new Date(v.respondBy) : null,
        },
      );
      id = created.id;
    } catch (e) {
      if (e instanceof DisclosureError && e.code === DisclosureErrorCode.UnknownNotice) {
        const unknown = e.fields.map((f) => f.message.replace(/^unknown reference /, ''));
        return this.form(
          req,
          res,
          body,
          { noticeReferences: `These references are not your notices: ${unknown.join(', ')}` },
          400,
        );
      }
      throw e;
    }
    await this.intake.attachDocument(actor, id, document, ownOrg(principal));
    res.redirect(303, `${DISCLOSURE_PAGE}/${id}?created=1`);
  }

  @Get(':id')
  async detail(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('created') created?: string,
  ): Promise<void> {
    const { request, transitions } = await this.query.historyOwn(ownOrg(principal), id);
    const dto = DisclosureRequestResponseDto.from(request);
    await this.views.send(req, res, 'disclosure-request', {
      title: `Disclosure request ${dto.reference}`,
      notice: created === '1' ? `Request ${dto.reference} was received with its order.` : undefined,
      request: {
        ...dto,
        kindLabel: KIND_LABELS[dto.kind],
        statusLabel: statusLabel(dto.status),
        allowedFieldLabels: dto.allowedFields.map((f) => FIELD_LABELS[f] ?? f),
        refusalGrounds: request.refusal_grounds,
      },
      // Requesters see what happened and when, not which member of staff did it.
      history: transitions.map((t) => ({
        from: t.from_status ? statusLabel(t.from_status) : null,
        to: statusLabel(t.to_status),
        at: t.at,
        reason: t.reason,
        grounds: t.grounds,
      })),
      // A download writes an audit entry, so it is a form (POST with the CSRF token), not a link.
      packageAction: dto.packageAvailable ? `${DISCLOSURE_PAGE}/${dto.id}/package` : null,
    });
  }

  // The produced package as a file: audited like the API's download.
  @Post(':id/package')
  async package(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: Record<string, unknown>,
    @Res() res: Response,
  ): Promise<void> {
    const pkg = await this.production.download(
      actorFromPrincipal(principal),
      id,
      ownOrg(principal),
    );
    const format = body?.format === 'json' ? 'json' : 'html';
    const file = sendPackage(res, pkg, format);
    if (typeof file === 'string') res.status(200).send(file);
    else
      res
        .status(200)
        .type('application/json')
        .send(JSON.stringify(file, null, 2));
  }

  private async form(
    req: Request,
    res: Response,
    body: FormBody,
    errors: FieldErrors,
    status = 200,
  ): Promise<void> {
    const str = (k: string): string => {
      const v = body[k];
      return typeof v === 'string' ? v : '';
    };
    const ticked = new Set(
      Array.isArray(body.allowedFields)
        ? (body.allowedFields as unknown[]).map(String)
        : typeof body.allowedFields === 'string'
          ? [body.allowedFields]
          : [],
    );
    await this.views.send(
      req,
      res,
      'disclosure-request-new',
      {
        title: 'New disclosure request',
        errors,
        summary: errorSummary(errors),
        kinds: REQUEST_KINDS.map((k) => ({
          value: k,
          label: KIND_LABELS[k],
          selected: str('kind') === k,
        })),
        fields: DISCLOSABLE_FIELDS.map((f) => ({
          value: f,
          label: FIELD_LABELS[f],
          checked: ticked.has(f),
        })),
        form: {
          issuingBody: str('issuingBody'),
          caseNumber: str('caseNumber'),
          noticeReferences: str('noticeReferences'),
          objectionWindowDays: str('objectionWindowDays') || '14',
          respondBy: str('respondBy'),
        },
      },
      status,
    );
  }
}

// The disclosure module's own document rules, checked before anything is recorded.
function documentProblem(bytes: Buffer): string | null {
  try {
    checkOrderDocument(bytes);
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.message;
    throw e;
  }
}
