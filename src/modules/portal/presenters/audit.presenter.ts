import type { AuditLogEntry, AuditLogFilter } from '../../identity/audit-log.query';
import type { AuditVerification } from '../../identity/audit.types';
import { actionWords, auditEntryView } from '../audit-view';
import { PORTAL_BASE } from '../navigation';
import { PAGE_SIZE } from '../pagination';
import { formatUtc } from '../portal-view.service';
import type { AuditPage } from './page-contexts';

export const AUDIT_PAGE = `${PORTAL_BASE}/legal/audit`;
export interface AuditForm {
  filter: Omit<AuditLogFilter, 'limit' | 'beforeSeq'>;
  echo: AuditPage['values'];
  errors: Record<string, string>;
}

// Filters from the query string; a wrong date is named beside its field, never guessed.
export function auditForm(q: Record<string, unknown>): AuditForm {
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

export function auditQuery(
  echo: Record<string, string>,
  extra: Record<string, string> = {},
): string {
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

// One page of the log, newest first, in words, under the chain's verification.
export function auditPage(
  form: AuditForm,
  entries: AuditLogEntry[],
  verification: AuditVerification,
  actions: string[],
  before: string | undefined,
): AuditPage {
  const last = entries[entries.length - 1];
  return {
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
    filtered: Object.values(form.echo).some((v) => v !== ''),
    clearHref: AUDIT_PAGE,
    exportHref: `${AUDIT_PAGE}/export.csv${auditQuery(form.echo)}`,
    olderHref:
      entries.length === PAGE_SIZE && last
        ? `${AUDIT_PAGE}${auditQuery(form.echo, { before: last.seq })}`
        : null,
    newestHref: before ? `${AUDIT_PAGE}${auditQuery(form.echo)}` : null,
  };
}
