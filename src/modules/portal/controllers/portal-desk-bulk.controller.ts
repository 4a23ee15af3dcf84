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
import { errorSummary, FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { formatUtc, PortalViewService } from '../portal-view.service';

// One bulk action at a time stays reviewable on one page.
export const MAX_BULK = 100;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REFERENCE = /^[A-Za-z0-9-]{1,64}$/;
const SENDER_CHOICES = 500;

const DEAD_LETTERS = `${PORTAL_BASE}/desk/dead-letters`;
const QUARANTINE = `${PORTAL_BASE}/desk/quarantine`;
const ESCALATIONS = `${PORTAL_BASE}/desk/escalations`;
const BULK = `${PORTAL_BASE}/desk/bulk`;

interface Row {
  key: string;
  cells: Array<{ label: string; text: string; code?: boolean; href?: string }>;
}

// What the confirmation page shows: the rows that will change, the fields the action needs,
// and the button that does it.
interface ConfirmPage {
  title: string;
  heading: string;
  lead: string;
  action: string;
  idField: string;
  hidden: Array<{ name: string; value: string }>;
  columns: string[];
  rows: Row[];
  button: string;
  back: string;
  backLabel: string;
  organisations?: Array<{ id: string; name: string; selected: boolean }>;
  reasons?: { label: string; hint: string; value: string; name: string };
}

interface Outcome {
  label: string;
  href: string;
  ok: boolean;
  text: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

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
    const outcomes: Outcome[] = ids.map((id) => ({
      label: `Message ${id.slice(0, 8)}`,
      href: `${PORTAL_BASE}/desk/deliveries`,
      ok: !refused.has(id),
      text: refused.has(id)
        ? `Not retried: ${refused.get(id)}`
        : 'Back in the outbox: it will be handed to the mail queue again',
    }));
    await this.done(req, res, {
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
    const rows = await this.desk.messagesByIds(ids);
    await this.confirmPage(req, res, errors, {
      title: 'Confirm: retry dead letters',
      heading: `Retry ${plural(ids.length, 'dead letter', 'dead letters')}?`,
      lead:
        'Each message goes back to the outbox and is sent again. A message parked with “outcome ' +
        'unknown” may already have reached the subscriber: a second copy is marked as a possible ' +
        'duplicate. Messages that are no longer dead letters are listed as not changed.',
      action: `${BULK}/dead-letters`,
      idField: 'ids',
      hidden: [],
      columns: ['Message', 'Subscriber', 'Attempts', 'Dead since', 'Now'],
      rows: rows.map((m) => ({
        key: m.id,
        cells: [
          { label: 'Message', text: `${m.id} (${m.template}, ${m.regime})`, code: true },
          {
            label: 'Subscriber',
            text: m.subscriberRef,
            href: subscriberHref(m.subscriberRef),
          },
          { label: 'Attempts', text: String(m.attempts) },
          { label: 'Dead since', text: formatUtc(m.deadAt) },
          {
            label: 'Now',
            text:
              m.status === 'dead'
                ? m.outcomeUnknown
                  ? 'dead, outcome unknown'
                  : 'dead'
                : m.status,
          },
        ],
      })),
      button: `Retry ${plural(ids.length, 'message', 'messages')}`,
      back: DEAD_LETTERS,
      backLabel: 'Back to the dead letters',
    });
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
    const outcomes: Outcome[] = [];
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
    await this.done(req, res, {
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
    const rows: Row[] = [];
    for (const reference of refs) {
      const n = await this.notices.detailForDesk(reference).catch((e: unknown) => {
        if (e instanceof AppError && e.kind === 'not_found') return null;
        throw e;
      });
      rows.push({
        key: reference,
        cells: [
          {
            label: 'Notice',
            text: reference,
            code: true,
            href: `${QUARANTINE}/${encodeURIComponent(reference)}`,
          },
          { label: 'From', text: n?.senderAddress ?? '—' },
          { label: 'Received', text: n ? formatUtc(n.receivedAt) : '—' },
          { label: 'Now', text: n ? n.status : 'no such notice' },
        ],
      });
    }
    const [orgs] =
      action === 'accept' ? await this.accounts.listOrganisations(0, SENDER_CHOICES) : [[]];
    const n = refs.length;
    await this.confirmPage(req, res, errors, {
      title: `Confirm: ${action} quarantined notices`,
      heading: `${action === 'accept' ? 'Accept' : 'Reject'} ${plural(n, 'quarantined notice', 'quarantined notices')}?`,
      lead:
        action === 'accept'
          ? 'Each notice is assigned to the organisation you choose and checked as if it had just ' +
            'arrived from it: its items are attributed and forwarded like any other notice.'
          : 'Each notice is rejected with the reason below and nothing in it is acted on.',
      action: `${BULK}/quarantine`,
      idField: 'refs',
      hidden: [{ name: 'action', value: action }],
      columns: ['Notice', 'From', 'Received', 'Now'],
      rows,
      button: `${action === 'accept' ? 'Accept' : 'Reject'} ${plural(n, 'notice', 'notices')}`,
      back: QUARANTINE,
      backLabel: 'Back to the quarantine',
      organisations:
        action === 'accept'
          ? orgs.map((o) => ({ id: o.id, name: o.name, selected: o.id === form.organisationId }))
          : undefined,
      reasons:
        action === 'reject'
          ? {
              name: 'reason',
              label: 'Why are these notices rejected?',
              hint: 'Kept with each notice.',
              value: form.reason,
            }
          : undefined,
    });
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
    const outcomes: Outcome[] = [];
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
    await this.done(req, res, {
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
    const rows: Row[] = [];
    for (const id of ids) {
      const p = await this.desk.getProposal(id).catch((e: unknown) => {
        if (e instanceof AppError && e.kind === 'not_found') return null;
        throw e;
      });
      rows.push({
        key: id,
        cells: [
          { label: 'Proposal', text: id, code: true, href: `${ESCALATIONS}/${id}` },
          p
            ? { label: 'Subscriber', text: p.subscriberRef, href: subscriberHref(p.subscriberRef) }
            : { label: 'Subscriber', text: '—' },
          { label: 'Action', text: p ? `${p.action} at stage ${p.stage}` : '—' },
          { label: 'Strikes', text: p ? String(p.strikes) : '—' },
          { label: 'Now', text: p ? p.status : 'no such proposal' },
        ],
      });
    }
    const verb = decision === 'approved' ? 'Approve' : 'Decline';
    await this.confirmPage(req, res, errors, {
      title: `Confirm: ${verb.toLowerCase()} escalation proposals`,
      heading: `${verb} ${plural(ids.length, 'escalation proposal', 'escalation proposals')}?`,
      lead:
        'Each proposal is decided in your name with the reasons below, as on its own page. ' +
        'Nothing is suspended or terminated by the service itself. Proposals already decided ' +
        'are listed as not changed.',
      action: `${BULK}/escalations`,
      idField: 'ids',
      hidden: [{ name: 'decision', value: decision }],
      columns: ['Proposal', 'Subscriber', 'Action', 'Strikes', 'Now'],
      rows,
      button: `${verb} ${plural(ids.length, 'proposal', 'proposals')}`,
      back: ESCALATIONS,
      backLabel: 'Back to the escalation proposals',
      reasons: {
        name: 'reasons',
        label: 'Your reasons',
        hint: 'Recorded with your name on each proposal.',
        value: reasons,
      },
    });
  }

  // ---- Shared pages.

  private async confirmPage(
    req: Request,
    res: Response,
    errors: FieldErrors,
    page: ConfirmPage,
  ): Promise<void> {
    await this.views.send(
      req,
      res,
      'desk-bulk-action-confirm',
      { ...page, count: page.rows.length, errors, summary: errorSummary(errors) },
      Object.keys(errors).length > 0 ? 400 : 200,
    );
  }

  private async done(
    req: Request,
    res: Response,
    page: {
      title: string;
      summaryText: string;
      outcomes: Outcome[];
      back: string;
      backLabel: string;
    },
  ): Promise<void> {
    await this.views.send(req, res, 'desk-bulk-done', page);
  }
}

export function subscriberHref(reference: string): string {
  return `${PORTAL_BASE}/desk/subscribers/${encodeURIComponent(reference)}`;
}

// Checkboxes with one name arrive as a string (one ticked) or an array; anything not shaped
// like an id is dropped, duplicates once.
function selected(raw: unknown, shape: RegExp): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.filter((r): r is string => typeof r === 'string' && shape.test(r)))];
}

function selectionErrors(ids: string[], what: string, field: string): FieldErrors {
  if (ids.length === 0) return { [field]: `Select at least one ${what} in the list` };
  if (ids.length > MAX_BULK) return { [field]: `Select at most ${MAX_BULK} ${what}s at once` };
  return {};
}
