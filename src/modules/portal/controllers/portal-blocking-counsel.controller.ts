import { Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { BlockingOrdersService, MAX_DOCUMENT_BYTES } from '../../blocking/blocking-orders.service';
import { COST_BEARERS, MEASURES, UPDATE_BASES } from '../../blocking/blocking.types';
import { UpdateRequestsService } from '../../blocking/update-requests.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { formErrors, orderInput, parseEventWindows } from '../blocking-forms';
import {
  BlockingOrderForm,
  BlockingUpdateRequestForm,
  TERMS,
} from '../dto/portal-blocking-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { ORDER_DOCUMENT_FIELD, UploadedOrder } from '../order-upload.middleware';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm, withBlanks } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';

export const BLOCKING_PAGE = `${PORTAL_BASE}/blocking`;

// Counsel's own organisation (the role guard admits complainants only).
// The order form's text fields (blocking-order-new.hbs reads each one).
const ORDER_FORM_FIELDS = [
  'caseNumber',
  'claimants',
  'court',
  'durationMonths',
  'endsOn',
  'eventWindows',
  'howToContest',
  'implementationDays',
  'ispNamed',
  'jurisdiction',
  'orderDate',
  'targets',
];
const ownOrg = (p: Principal): string => p.organisationId ?? '00000000-0000-0000-0000-000000000000';

type FormBody = Record<string, unknown>;

// The values typed, echoed back into the form (strings only; a list field as its lines).
function echo(body: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join('\n');
  }
  return out;
}

// Counsel's side of the blocking register in the portal (issue #18, BO-1, BO-2): submit an
// order with its PDF for legal to confirm, and propose mirrors under a confirmed order with
// evidence. Everything goes through the blocking module's services, as the JSON API does, and
// is scoped to counsel's own organisation.
@ApiExcludeController()
@Controller(BLOCKING_PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.blockingCounsel)
export class PortalBlockingCounselController {
  constructor(
    private readonly orders: BlockingOrdersService,
    private readonly updates: UpdateRequestsService,
    private readonly views: PortalViewService,
  ) {}

  @Get('orders/new')
  async newOrder(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.orderForm(
      req,
      res,
      { measures: 'dns', term: 'duration', costBearer: 'rights_holders' },
      {},
    );
  }

  @Post('orders')
  async submitOrder(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request & UploadedOrder,
    @Res() res: Response,
  ): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    const form = await validateForm(BlockingOrderForm, body);
    const errors: FieldErrors = { ...form.errors };
    const v = form.value;
    let windows: ReturnType<typeof parseEventWindows> = { windows: [] };
    if (v.term === 'events' && typeof v.eventWindows === 'string' && !errors.eventWindows) {
      windows = parseEventWindows(v.eventWindows);
      if ('error' in windows) errors.eventWindows = windows.error;
    }
    const document = req.orderDocument;
    if (req.orderUploadError) errors[ORDER_DOCUMENT_FIELD] = req.orderUploadError;
    else if (!document) errors[ORDER_DOCUMENT_FIELD] = 'Choose the order document (a PDF file)';
    else if (document.subarray(0, 5).toString('latin1') !== '%PDF-')
      errors[ORDER_DOCUMENT_FIELD] = 'The order document must be a PDF file';
    if (Object.keys(errors).length || !document || 'error' in windows) {
      return this.orderForm(req, res, echo(body), errors, 400);
    }
    const actor = actorFromPrincipal(p);
    let id: string;
    try {
      const d = await this.orders.record(
        { actor, organisationId: ownOrg(p), legal: false },
        orderInput(v, windows.windows),
      );
      id = d.order.id;
    } catch (e) {
      if (e instanceof AppError && e.kind === 'invalid') {
        const fallback = { field: 'targets', message: e.message };
        return this.orderForm(req, res, echo(body), formErrors(e.fields, v.term, fallback), 400);
      }
      throw e;
    }
    // Checked above (a PDF within the cap), so storing it cannot fail on the bytes.
    await this.orders.storeDocument(actor, id, document, ownOrg(p));
    res.redirect(303, `${BLOCKING_PAGE}/orders/${id}?submitted=1`);
  }

  @Get('update-requests/new')
  async newUpdateRequest(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('order') order?: string,
  ): Promise<void> {
    await this.updateForm(p, req, res, { orderId: order ?? '' }, {});
  }

  @Post('update-requests')
  async propose(
    @CurrentPrincipal() p: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const body = (req.body ?? {}) as FormBody;
    const form = await validateForm(BlockingUpdateRequestForm, body);
    if (!form.ok) return this.updateForm(p, req, res, echo(body), form.errors, 400);
    const v = form.value;
    const evidence = {
      description: v.description,
      seenAt: `${v.seenAt}:00Z`,
      ...(v.pageSha256 ? { pageSha256: v.pageSha256.toLowerCase() } : {}),
      ...(v.screenshotSha256 ? { screenshotSha256: v.screenshotSha256.toLowerCase() } : {}),
    };
    try {
      const created = await this.updates.propose(
        actorFromPrincipal(p),
        v.orderId,
        ownOrg(p),
        v.targets.map((value) => ({ value, mirrorOf: v.mirrorOf, evidence })),
      );
      res.redirect(303, `${BLOCKING_PAGE}/update-requests?proposed=${created.length}`);
    } catch (e) {
      if (
        e instanceof AppError &&
        (e.kind === 'invalid' || e.kind === 'not_found' || e.kind === 'conflict')
      ) {
        const errors =
          e.kind === 'invalid'
            ? formErrors(e.fields, undefined, { field: 'targets', message: e.message })
            : { orderId: e.message };
        return this.updateForm(p, req, res, echo(body), errors, e.kind === 'not_found' ? 404 : 400);
      }
      throw e;
    }
  }

  private async orderForm(
    req: Request,
    res: Response,
    form: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ): Promise<void> {
    const measures = (form.measures ?? '').split('\n');
    await this.views.send(
      req,
      res,
      'blocking-order-new',
      {
        title: 'Submit a blocking order',
        form: withBlanks(ORDER_FORM_FIELDS, form),
        errors,
        summary: errorSummary(errors),
        measures: MEASURES.map((m) => ({ value: m, checked: measures.includes(m) })),
        terms: TERMS.map((t) => ({ value: t, checked: form.term === t })),
        bearers: COST_BEARERS.map((b) => ({ value: b, selected: form.costBearer === b })),
        bases: UPDATE_BASES.map((b) => ({ value: b, checked: form.updateBasis === b })),
        maxMegabytes: MAX_DOCUMENT_BYTES / 1024 / 1024,
      },
      status,
    );
  }

  private async updateForm(
    p: Principal,
    req: Request,
    res: Response,
    form: Record<string, string>,
    errors: FieldErrors,
    status = 200,
  ): Promise<void> {
    const orders = (await this.orders.list(ownOrg(p))).filter((o) => o.status === 'confirmed');
    await this.views.send(
      req,
      res,
      'blocking-request-new',
      {
        title: 'Propose mirrors',
        form: withBlanks(
          ['description', 'mirrorOf', 'pageSha256', 'screenshotSha256', 'seenAt', 'targets'],
          form,
        ),
        errors,
        summary: errorSummary(errors),
        orders: orders.map((o) => ({
          id: o.id,
          label: `${o.reference} — ${o.court}, ${o.case_number}`,
          selected: o.id === form.orderId,
        })),
      },
      status,
    );
  }
}
