import { Controller, Get, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { stringify } from 'csv-stringify';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Roles } from '../../auth/auth.decorators';
import { AuditLogFilter } from '../../identity/audit-log.query';
import { AuditLogService } from '../../identity/audit-log.service';
import { AuditVerification } from '../../identity/audit.types';
import { actionWords, auditEntryView } from '../audit-view';
import { PAGE_ROLES, PORTAL_BASE } from '../navigation';
import { PAGE_SIZE } from '../pagination';
import { PortalExceptionFilter } from '../portal-exception.filter';
import { PortalGuard } from '../portal.guard';
import { formatUtc, PortalViewService } from '../portal-view.service';

const PAGE = `${PORTAL_BASE}/legal/audit`;
const EXPORT_PAGE = 1000;

interface AuditForm {
  filter: Omit<AuditLogFilter, 'limit' | 'beforeSeq'>;
  echo: Record<string, string>;
  errors: Record<string, string>;
}

// Filters from the query string; a wrong date is named beside its field, never guessed.
function auditForm(q: Record<string, unknown>): AuditForm {
  const text = (k: string) => (typeof q[k] === 'string' ? q[k].trim().slice(0, 200) : '');
  const echo = {
    subject: text('subject'),
    actor: text('actor'),
    action: text('action'),
    from: text('from'),
    to: text('to'),
  };
  const errors: Record<string, string> = {};
  const day = (k: 'from' | 'to'): Date | undefined => {
    const v = echo[k];
    if (!v) return undefined;
    const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : null;
    if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
      errors[k] = 'Enter a day as YYYY-MM-DD';
      return undefined;
    }
    return k === 'to' ? new Date(d.getTime() + 86_400_000) : d;
  };
  const filter = {
    subject: echo.subject || undefined,
    actor: echo.actor || undefined,
    action: /^[a-z_.]{1,80}$/.test(echo.action) ? echo.action : undefined,
    from: day('from'),
    to: day('to'),
  };
  if (echo.action && !filter.action) errors.action = 'Choose an action from the list';
  return { filter, echo, errors };
}

function query(echo: Record<string, string>, extra: Record<string, string> = {}): string {
  const qs = new URLSearchParams(
    Object.entries({ ...echo, ...extra }).filter(([, v]) => v !== ''),
  ).toString();
  return qs ? `?${qs}` : '';
}

export function verificationWords(v: AuditVerification, at: Date): string {
  const when = formatUtc(at);
  return v.ok
    ? `Chain intact: all ${v.entries} entries verified at ${when}`
    : `Chain broken at entry ${v.firstBroken?.seq ?? '?'} (${v.firstBroken?.problem ?? 'unknown'}), checked at ${when}`;
}

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
    const last = entries[entries.length - 1];
    const filtered = Object.values(form.echo).some((v) => v !== '');
    await this.views.send(
      req,
      res,
      'audit',
      {
        title: 'Audit log',
        verification,
        entries: entries.map(auditEntryView),
        values: form.echo,
        errors: form.errors,
        summary: Object.entries(form.errors).map(([field, message]) => ({ field, message })),
        actions: actions.map((a) => ({
          value: a,
          label: actionWords(a),
          selected: a === form.echo.action,
        })),
        filtered,
        clearHref: PAGE,
        exportHref: `${PAGE}/export.csv${query(form.echo)}`,
        olderHref:
          entries.length === PAGE_SIZE && last
            ? `${PAGE}${query(form.echo, { before: last.seq })}`
            : null,
        newestHref: before ? `${PAGE}${query(form.echo)}` : null,
      },
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
      res.redirect(303, `${PAGE}${query(form.echo)}`);
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
