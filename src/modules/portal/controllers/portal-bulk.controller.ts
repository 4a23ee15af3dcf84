import { Body, Controller, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '../../../common/errors/app-error';
import { Roles } from '../../auth/auth.decorators';
import { NoticeInvalidationService } from '../../intake/notice-invalidation.service';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { FieldErrors } from '../portal-form';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import { invalidateConfirmPage } from '../presenters/search-bulk.presenter';

// One bulk action at a time stays reviewable on one page.
const MAX_SELECTED = 100;
const REFERENCE = /^[A-Za-z0-9-]{1,64}$/;

// Bulk actions from the search results (issue #19): the selected notices are shown on a
// confirmation page first, and nothing changes until that page's button is pressed.
@ApiExcludeController()
@Controller(`${PORTAL_BASE}/desk/search/bulk`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
@Roles(...PAGE_ROLES.deskSearch)
export class PortalBulkController {
  constructor(
    private readonly invalidation: NoticeInvalidationService,
    private readonly views: PortalViewService,
  ) {}

  // Step 1: what was selected, with the reason field and the confirm button.
  @Post('invalidate/confirm')
  async confirm(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const refs = selected(body.refs);
    const errors: FieldErrors = {};
    if (refs.length === 0) errors.refs = 'Select at least one notice in the results';
    if (refs.length > MAX_SELECTED) errors.refs = `Select at most ${MAX_SELECTED} notices at once`;
    await this.page(req, res, refs, errors, '', back(body.back));
  }

  // Step 2: each selected notice marked invalid with the reason; each outcome reported.
  @Post('invalidate')
  async invalidate(
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const refs = selected(body.refs);
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    const errors: FieldErrors = {};
    if (refs.length === 0) errors.refs = 'Select at least one notice in the results';
    if (refs.length > MAX_SELECTED) errors.refs = `Select at most ${MAX_SELECTED} notices at once`;
    if (reason === '') errors.reason = 'Say why these notices are invalid';
    else if (reason.length > 1000) errors.reason = 'Write at most 1,000 characters';
    if (Object.keys(errors).length > 0) {
      await this.page(req, res, refs, errors, reason, back(body.back));
      return;
    }
    const outcomes: Array<{ reference: string; ok: boolean; text: string }> = [];
    for (const reference of refs) {
      try {
        const r = await this.invalidation.invalidate(reference, reason);
        outcomes.push({
          reference,
          ok: true,
          text: `Marked invalid; ${r.withdrawnStrikes} strike(s) withdrawn`,
        });
      } catch (e) {
        // An expected refusal (not accepted, unknown) is reported per notice; anything else
        // is a fault and goes to the error page.
        if (!(e instanceof AppError)) throw e;
        outcomes.push({ reference, ok: false, text: `Not changed: ${e.message}` });
      }
    }
    const changed = outcomes.filter((o) => o.ok).length;
    await this.views.send(req, res, 'desk-bulk-done', {
      title: 'Notices marked invalid',
      summaryText: `${changed} marked invalid, ${outcomes.length - changed} not changed.`,
      outcomes: outcomes.map((o) => ({
        ...o,
        label: o.reference,
        href: `${PORTAL_BASE}/desk/notices/${encodeURIComponent(o.reference)}/timeline`,
      })),
      back: back(body.back),
      backLabel: 'Back to the search',
    });
  }

  private async page(
    req: Request,
    res: Response,
    refs: string[],
    errors: FieldErrors,
    reason: string,
    backHref: string,
  ): Promise<void> {
    const page = invalidateConfirmPage(refs, errors, reason, backHref);
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    await this.views.send(req, res, 'desk-bulk-confirm', page, status);
  }
}

function selected(raw: unknown): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const refs = list.filter((r): r is string => typeof r === 'string' && REFERENCE.test(r));
  return [...new Set(refs)];
}

// Back to the search the selection came from, never elsewhere.
function back(raw: unknown): string {
  return typeof raw === 'string' && raw.startsWith(`${PORTAL_BASE}/desk/search?`)
    ? raw
    : `${PORTAL_BASE}/desk/search`;
}
