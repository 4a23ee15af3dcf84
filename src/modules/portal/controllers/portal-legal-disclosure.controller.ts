import {
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
import { Clock } from '../../../common/time/clock';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { DisclosureQueryService, Urgency } from '../../disclosure/disclosure-query.service';
import { ORDER_REQUIRED_KINDS, REFUSAL_GROUNDS } from '../../disclosure/disclosure.types';
import {
  LegalRequestDetailDto,
  LegalRequestResponseDto,
} from '../../disclosure/dto/disclosure.dto';
import { ProductionService } from '../../disclosure/production.service';
import { RequestDecisionService } from '../../disclosure/request-decision.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { DecisionForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { errorSummary, FieldErrors, validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { FIELD_LABELS, KIND_LABELS, statusLabel } from './portal-disclosure.controller';

const PAGE = `${PORTAL_BASE}/legal/disclosure`;

// Urgency in words, so it does not rest on colour alone (DR-6).
export const URGENCY_LABELS: Record<Urgency, string> = {
  overdue: 'Overdue',
  near_due: 'Due soon',
  normal: '',
};

const GROUND_LABELS: Record<string, string> = {
  jurisdiction: 'Jurisdiction',
  joinder: 'Improper joinder',
  deadline: 'Deadline',
  cost: 'Cost',
  match_confidence: 'Match confidence too low',
  other: 'Other',
};

const done = (notice: string) => `?done=${encodeURIComponent(notice)}`;
const DONE_MESSAGES: Record<string, string> = {
  review: 'Review started.',
  approved: 'The request was approved.',
  refused: 'The request was refused.',
  produced: 'The package was produced; the requester can now download it.',
};

// Legal staff: the disclosure review queue and the decisions on a request (DR-2 to DR-6),
// through the same services as the JSON API under /api/v1/legal.
@ApiExcludeController()
@Controller(PAGE)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.disclosureReview)
export class PortalLegalDisclosureController {
  constructor(
    private readonly query: DisclosureQueryService,
    private readonly decisions: RequestDecisionService,
    private readonly production: ProductionService,
    private readonly views: PortalViewService,
    private readonly clock: Clock,
  ) {}

  // Open requests, most urgent first (the service's order).
  @Get()
  async queue(@Req() req: Request, @Res() res: Response): Promise<void> {
    const now = this.clock.now();
    const requests = (await this.query.queue()).map((e) => {
      const dto = LegalRequestResponseDto.fromLegal(e.request, now, e.urgency);
      return {
        ...dto,
        kindLabel: KIND_LABELS[dto.kind],
        statusLabel: statusLabel(dto.status),
        urgencyLabel: URGENCY_LABELS[dto.urgency],
      };
    });
    await this.views.send(req, res, 'legal-disclosure-queue', {
      title: 'Disclosure review',
      requests,
    });
  }

  @Get(':id')
  async detail(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('done') doneKey?: string,
  ): Promise<void> {
    await this.page(id, req, res, { notice: doneKey ? DONE_MESSAGES[doneKey] : undefined });
  }

  @Post(':id/review')
  async review(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, req, res, 'review', () =>
      this.decisions.startReview(actorFromPrincipal(p), id, 'review started in the portal'),
    );
  }

  @Post(':id/decision')
  async decide(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const form = await validateForm(DecisionForm, body);
    if (!form.ok) {
      return this.page(id, req, res, { errors: form.errors, decisionForm: body }, 400);
    }
    const d = form.value;
    await this.act(id, req, res, d.decision === 'approve' ? 'approved' : 'refused', () =>
      this.decisions.decide(
        actorFromPrincipal(p),
        id,
        d.decision === 'approve'
          ? { decision: 'approve', reason: d.reason }
          : { decision: 'refuse', grounds: d.grounds ?? [], reason: d.reason },
      ),
    );
  }

  @Post(':id/produce')
  async produce(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(id, req, res, 'produced', () =>
      this.production.produce(actorFromPrincipal(p), id),
    );
  }

  // A refused step (wrong state, window still open, motion pending) re-renders the request
  // with the service's message; a missing request is the 404 page.
  private async act(
    id: string,
    req: Request,
    res: Response,
    doneKey: string,
    step: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await step();
    } catch (e) {
      if (e instanceof AppError && e.kind !== 'not_found') {
        return this.page(id, req, res, { failure: e.message }, 409);
      }
      throw e;
    }
    res.redirect(303, `${PAGE}/${id}${done(doneKey)}`);
  }

  private async page(
    id: string,
    req: Request,
    res: Response,
    extra: {
      notice?: string;
      failure?: string;
      errors?: FieldErrors;
      decisionForm?: Record<string, unknown>;
    },
    status = 200,
  ): Promise<void> {
    const detail = LegalRequestDetailDto.from(await this.query.detail(id), this.clock.now());
    const r = detail.request;
    const errors = extra.errors ?? {};
    const body = extra.decisionForm ?? {};
    const ticked = new Set(
      Array.isArray(body.grounds)
        ? body.grounds.map(String)
        : typeof body.grounds === 'string'
          ? [body.grounds]
          : [],
    );
    await this.views.send(
      req,
      res,
      'legal-disclosure-request',
      {
        title: `Review ${r.reference}`,
        notice: extra.notice,
        failure: extra.failure,
        errors,
        summary: errorSummary(errors),
        request: {
          ...r,
          kindLabel: KIND_LABELS[r.kind],
          statusLabel: statusLabel(r.status),
          urgencyLabel: URGENCY_LABELS[r.urgency],
          allowedFieldLabels: r.allowedFields.map((f) => FIELD_LABELS[f] ?? f),
        },
        items: detail.items.map((i) => ({
          ...i,
          evidenceText: i.evidence.map((e) => JSON.stringify(e)),
        })),
        transitions: detail.transitions.map((t) => ({
          ...t,
          from: t.from ? statusLabel(t.from) : null,
          to: statusLabel(t.to),
        })),
        documentFrozen: r.status !== 'received',
        orderRequired: ORDER_REQUIRED_KINDS.includes(r.kind),
        canStartReview: r.status === 'received',
        canDecide: r.status === 'under_review',
        canProduce: r.status === 'approved' || r.status === 'waiting_window',
        grounds: REFUSAL_GROUNDS.map((g) => ({
          value: g,
          label: GROUND_LABELS[g],
          checked: ticked.has(g),
        })),
        decisionForm: {
          decision: typeof body.decision === 'string' ? body.decision : '',
          reason: typeof body.reason === 'string' ? body.reason : '',
        },
      },
      status,
    );
  }
}
