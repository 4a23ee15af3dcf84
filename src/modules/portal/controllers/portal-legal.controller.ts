import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Roles } from '../../auth/auth.decorators';
import { AuditLogService } from '../../identity/audit-log.service';
import { auditEntryView } from '../audit-view';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { PortalViewService } from '../portal-view.service';
import {
  AUDIT_PAGE,
  auditForm,
  auditPage,
  auditQuery,
  verificationWords,
} from '../presenters/audit.presenter';

const EXPORT_PAGE = 1000;

@ApiExcludeController()
@Controller(`${PORTAL_BASE}/legal`)
@UseGuards(PortalGuard)
@UseFilters(PortalExceptionFilter)
export class PortalLegalController {
  constructor(
    private readonly log: AuditLogService,
    private readonly views: PortalViewService,
  ) {}

  // The append-only audit log, newest first, in words, with the result of walking its hash
  // chain; filtered by subject, actor, action and time.
  @Get('audit')
  @Roles(...PAGE_ROLES.audit)
  async auditLog(
    @Req() req: Request,
    @Res() res: Response,
    @Query() q: Record<string, unknown>,
  ): Promise<void> {
    const form = auditForm(q);
    const before =
      typeof q.before === 'string' && /^\d{1,18}$/.test(q.before) ? q.before : undefined;
    const failed = Object.keys(form.errors).length > 0;
    const [entries, verification, actions] = await Promise.all([
      failed
        ? Promise.resolve([])
        : this.log.page({ ...form.filter, beforeSeq: before, limit: PAGE_SIZE }),
      this.log.verify(),
      this.log.actions(),
    ]);
    await this.views.send(
      req,
      res,
      'audit',
      auditPage(form, entries, verification, actions, before),
      failed ? 400 : 200,
    );
  }

  // Every entry the filters match, newest first, streamed page by page (never the whole log in
  // memory), each row with the chain's verification as checked when the export began.
  @Get('audit/export.csv')
  @Roles(...PAGE_ROLES.audit)
  async auditExport(@Res() res: Response, @Query() q: Record<string, unknown>): Promise<void> {
    const form = auditForm(q);
    if (Object.keys(form.errors).length > 0) {
      res.redirect(303, `${AUDIT_PAGE}${auditQuery(form.echo)}`);
      return;
    }
    const checkedAt = new Date();
    const verification = verificationWords(await this.log.verify(), checkedAt);
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-log-${checkedAt.toISOString().slice(0, 10)}.csv"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Audit-Verification', verification);
    const csv = stringify({
      header: true,
      columns: [
        { key: 'seq', header: 'Entry' },
        { key: 'at', header: 'Time (UTC)' },
        { key: 'actor', header: 'Who' },
        { key: 'role', header: 'Role' },
        { key: 'action', header: 'What' },
        { key: 'actionCode', header: 'Action code' },
        { key: 'subjectKind', header: 'About (kind)' },
        { key: 'subject', header: 'About (reference)' },
        { key: 'purpose', header: 'Why' },
        { key: 'details', header: 'Details' },
        { key: 'hash', header: 'Entry hash' },
        { key: 'verification', header: 'Chain verification at export' },
      ],
    });
    csv.pipe(res);
    let beforeSeq: string | undefined;
    for (;;) {
      const page = await this.log.page({ ...form.filter, beforeSeq, limit: EXPORT_PAGE });
      for (const e of page) {
        if (!csv.write({ ...auditEntryView(e), verification })) await once(csv, 'drain');
      }
      if (page.length < EXPORT_PAGE) break;
      beforeSeq = page[page.length - 1].seq;
    }
    csv.end();
    await finished(res).catch(() => undefined);
  }
}
