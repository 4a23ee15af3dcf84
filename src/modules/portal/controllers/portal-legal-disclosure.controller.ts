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
import { DisclosureQueryService } from '../../disclosure/disclosure-query.service';
import { ProductionService } from '../../disclosure/production.service';
import { RequestDecisionService } from '../../disclosure/request-decision.service';
import { actorFromPrincipal } from '../../identity/audit.types';
import { DecisionForm } from '../dto/portal-forms.dto';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { validateForm } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  LegalRequestExtra,
  legalQueuePage,
  legalRequestPage,
} from '../presenters/disclosure.presenter';

const PAGE = `${PORTAL_BASE}/legal/disclosure`;

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
    const page = legalQueuePage(await this.query.queue(), this.clock.now());
    await this.views.send(req, res, 'legal-disclosure-queue', page);
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
    extra: LegalRequestExtra,
    status = 200,
  ): Promise<void> {
    const page = legalRequestPage(await this.query.detail(id), this.clock.now(), extra);
    await this.views.send(req, res, 'legal-disclosure-request', page, status);
  }
}
