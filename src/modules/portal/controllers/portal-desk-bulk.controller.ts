import { Body, Controller, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { AccountsService } from '../../accounts/accounts.service';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { Principal } from '../../auth/principal';
import { actorFromPrincipal } from '../../identity/audit.types';
import { NoticeQueryService } from '../../intake/notice-query.service';
import { QuarantineService } from '../../intake/quarantine.service';
import { MessagingDeskService } from '../../messaging/messaging-desk.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import type { BulkOutcome } from '../presenters/page-contexts';
import {
  BULK,
  DEAD_LETTERS,
  escalationConfirmPage,
  ESCALATIONS,
  QUARANTINE,
  quarantineConfirmPage,
  REFERENCE,
  retryConfirmPage,
  selected,
  selectionErrors,
  UUID,
} from '../presenters/desk-bulk.presenter';

const SENDER_CHOICES = 500;

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

// Bulk actions of the abuse desk and legal (issue #19), each in two steps like the bulk
// invalidate of the search: a confirmation page lists every object that will change (nothing
// changes on the way there), and only its button, a POST with the CSRF token, acts. Each
// object goes through the same service call as its single action (retry, quarantine accept or
// reject, proposal decision), so checks and audit entries are those of the single action; one
// refusal is reported and does not stop the rest.
@ApiExcludeController()
@Controller(BULK)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalDeskBulkController {
  constructor(
    private readonly desk: MessagingDeskService,
    private readonly quarantine: QuarantineService,
    private readonly notices: NoticeQueryService,
    private readonly accounts: AccountsService,
    private readonly views: PortalViewService,
  ) {}

  // ---- Dead letters: back to the durable outbox, which hands them to the mail queue again.

  @Post('dead-letters/confirm')
  @Roles(...PAGE_ROLES.deadLetters)
  async retryConfirm(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ids = selected(body.ids, UUID);
    await this.retryPage(req, res, ids, selectionErrors(ids, 'message', 'ids'));
  }

  @Post('dead-letters')
  @Roles(...PAGE_ROLES.deadLetters)
  async retry(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ids = selected(body.ids, UUID);
    const errors = selectionErrors(ids, 'message', 'ids');
    if (Object.keys(errors).length > 0) return this.retryPage(req, res, ids, errors);
    const r = await this.desk.retryMany(ids);
    const refused = new Map(r.refused.map((x) => [x.id, x.reason]));
    const outcomes: BulkOutcome[] = ids.map((id) => ({
      label: `Message ${id.slice(0, 8)}`,
      href: `${PORTAL_BASE}/desk/deliveries`,
      ok: !refused.has(id),
      text: refused.has(id)
        ? `Not retried: ${refused.get(id)}`
        : 'Back in the outbox: it will be handed to the mail queue again',
    }));
    await this.views.send(req, res, 'desk-bulk-done', {
      title: 'Dead letters retried',
      summaryText: `${r.retried.length} moved back to the outbox, ${r.refused.length} not changed.`,
      outcomes,
      back: DEAD_LETTERS,
      backLabel: 'Back to the dead letters',
    });
  }

  private async retryPage(
    req: Request,
    res: Response,
    ids: string[],
    errors: FieldErrors,
  ): Promise<void> {
    const page = retryConfirmPage(ids, await this.desk.messagesByIds(ids), errors);
    await this.views.send(req, res, 'desk-bulk-action-confirm', page, statusOf(errors));
  }

  // ---- Quarantine: accept for one organisation, or reject with a reason.

  @Post('quarantine/confirm')
  @Roles(...PAGE_ROLES.deskNotices)
  async quarantineConfirm(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const refs = selected(body.refs, REFERENCE);
    const action = body.action === 'reject' ? 'reject' : 'accept';
    await this.quarantinePage(req, res, refs, action, selectionErrors(refs, 'notice', 'refs'), {
      organisationId: '',
      reason: '',
    });
  }

  @Post('quarantine')
  @Roles(...PAGE_ROLES.deskNotices)
  async quarantineDecide(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const refs = selected(body.refs, REFERENCE);
    const action = body.action === 'reject' ? 'reject' : 'accept';
    const organisationId = text(body.organisationId);
    const reason = text(body.reason);
    const errors = selectionErrors(refs, 'notice', 'refs');
    if (action === 'accept' && !UUID.test(organisationId)) {
      errors.organisationId = 'Choose the organisation that sent them';
    }
    if (action === 'reject' && (reason === '' || reason.length > 1000)) {
      errors.reason = 'Give the reason for rejecting them (at most 1,000 characters)';
    }
    if (Object.keys(errors).length > 0) {
      return this.quarantinePage(req, res, refs, action, errors, { organisationId, reason });
    }
    const outcomes: BulkOutcome[] = [];
    for (const reference of refs) {
      try {
        if (action === 'accept') await this.quarantine.accept(reference, organisationId);
        else await this.quarantine.reject(reference, reason);
        outcomes.push({
          label: reference,
          href: `${PORTAL_BASE}/desk/notices/${encodeURIComponent(reference)}`,
          ok: true,
          text: action === 'accept' ? 'Accepted and checked as if just received' : 'Rejected',
        });
      } catch (e) {
        // An expected refusal (no longer quarantined, unknown) is reported per notice.
        if (!(e instanceof AppError)) throw e;
        outcomes.push({
          label: reference,
          href: `${QUARANTINE}/${encodeURIComponent(reference)}`,
          ok: false,
          text: `Not changed: ${e.message}`,
        });
      }
    }
    const changed = outcomes.filter((o) => o.ok).length;
    await this.views.send(req, res, 'desk-bulk-done', {
      title: action === 'accept' ? 'Quarantined notices accepted' : 'Quarantined notices rejected',
      summaryText: `${changed} ${action === 'accept' ? 'accepted' : 'rejected'}, ${outcomes.length - changed} not changed.`,
      outcomes,
      back: QUARANTINE,
      backLabel: 'Back to the quarantine',
    });
  }

  private async quarantinePage(
    req: Request,
    res: Response,
    refs: string[],
    action: 'accept' | 'reject',
    errors: FieldErrors,
    form: { organisationId: string; reason: string },
  ): Promise<void> {
    const notices = [];
    for (const reference of refs) {
      notices.push(
        await this.notices.detailForDesk(reference).catch((e: unknown) => {
          if (e instanceof AppError && e.kind === 'not_found') return null;
          throw e;
        }),
      );
    }
    const [orgs] =
      action === 'accept' ? await this.accounts.listOrganisations(0, SENDER_CHOICES) : [[]];
    const page = quarantineConfirmPage(refs, notices, action, form, orgs, errors);
    await this.views.send(req, res, 'desk-bulk-action-confirm', page, statusOf(errors));
  }

  // ---- Escalation proposals: a named legal person or an admin decides, with reasons (ER-5).

  @Post('escalations/confirm')
  @Roles(...PAGE_ROLES.escalationDecision)
  async escalationsConfirm(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ids = selected(body.ids, UUID);
    const decision = body.decision === 'declined' ? 'declined' : 'approved';
    await this.escalationPage(req, res, ids, decision, selectionErrors(ids, 'proposal', 'ids'), '');
  }

  @Post('escalations')
  @Roles(...PAGE_ROLES.escalationDecision)
  async escalationsDecide(
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const ids = selected(body.ids, UUID);
    const decision = body.decision === 'declined' ? 'declined' : 'approved';
    const reasons = text(body.reasons);
    const errors = selectionErrors(ids, 'proposal', 'ids');
    if (reasons.length < 3 || reasons.length > 2000) {
      errors.reasons = 'Give your reasons in 3 to 2,000 characters';
    }
    if (Object.keys(errors).length > 0) {
      return this.escalationPage(req, res, ids, decision, errors, reasons);
    }
    const actor = actorFromPrincipal(principal);
    const outcomes: BulkOutcome[] = [];
    for (const id of ids) {
      try {
        await this.desk.decideProposal(id, decision, reasons, actor);
        outcomes.push({
          label: `Proposal ${id.slice(0, 8)}`,
          href: `${ESCALATIONS}/${id}`,
          ok: true,
          text: decision === 'approved' ? 'Approved' : 'Declined',
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        outcomes.push({
          label: `Proposal ${id.slice(0, 8)}`,
          href: `${ESCALATIONS}/${id}`,
          ok: false,
          text: `Not changed: ${e.message}`,
        });
      }
    }
    const changed = outcomes.filter((o) => o.ok).length;
    await this.views.send(req, res, 'desk-bulk-done', {
      title: `Escalation proposals ${decision}`,
      summaryText: `${changed} ${decision}, ${outcomes.length - changed} not changed.`,
      outcomes,
      back: ESCALATIONS,
      backLabel: 'Back to the escalation proposals',
    });
  }

  private async escalationPage(
    req: Request,
    res: Response,
    ids: string[],
    decision: 'approved' | 'declined',
    errors: FieldErrors,
    reasons: string,
  ): Promise<void> {
    const proposals = [];
    for (const id of ids) {
      proposals.push(
        await this.desk.getProposal(id).catch((e: unknown) => {
          if (e instanceof AppError && e.kind === 'not_found') return null;
          throw e;
        }),
      );
    }
    const page = escalationConfirmPage(ids, proposals, decision, reasons, errors);
    await this.views.send(req, res, 'desk-bulk-action-confirm', page, statusOf(errors));
  }
}

const statusOf = (errors: FieldErrors) => (Object.keys(errors).length > 0 ? 400 : 200);
