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
import { ProductionService, sendPackage } from '../../disclosure/production.service';
import { checkOrderDocument, RequestIntakeService } from '../../disclosure/request-intake.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { DisclosureRequestForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES } from '../navigation';
import { ORDER_DOCUMENT_FIELD, UploadedOrder } from '../order-upload.middleware';
import { pageNumber } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  DISCLOSURE_PAGE,
  disclosureRequestFormPage,
  disclosureRequestPage,
  disclosureRequestsPage,
} from '../presenters/disclosure.presenter';

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
    const page = disclosureRequestsPage(all, pageNumber(rawPage));
    await this.views.send(req, res, 'disclosure-requests', page);
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
    const page = disclosureRequestPage(request, transitions, created === '1');
    await this.views.send(req, res, 'disclosure-request', page);
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
    const page = disclosureRequestFormPage(body, errors);
    await this.views.send(req, res, 'disclosure-request-new', page, status);
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
