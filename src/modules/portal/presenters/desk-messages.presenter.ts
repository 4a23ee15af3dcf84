import type { MessagingDeskService } from '../../messaging/messaging-desk.service';
import type { RenderedMessage } from '../../messaging/rendering/template-renderer';
import { DELIVERY_STATUSES } from '../desk-outcomes';
import { PORTAL_BASE } from '../navigation';
import { listPage } from '../pagination';
import { errorSummary, FieldErrors, FormPageState } from '../portal-form';
import { DEAD_LETTERS } from './desk-bulk.presenter';

const DELIVERIES = `${PORTAL_BASE}/desk/deliveries`;
const STAGES = [1, 2, 3, 4];

// The pages the messaging desk service reads, as it returns them.
type DeadLetters = Awaited<ReturnType<MessagingDeskService['deadPage']>>;
type Deliveries = Awaited<ReturnType<MessagingDeskService['deliveries']>>;

// What the last retry did, from the counts the redirect carried (none: no notice).
export function retriedNotice(ok: number | null, failed: number | null): string | undefined {
  if (ok === null) return undefined;
  let notice = `${ok} message(s) moved back to the outbox for another attempt.`;
  if (failed) {
    notice += ` ${failed} could not be retried: they are no longer dead letters or the mail queue did not answer.`;
  }
  return notice;
}

export function deadLettersPage(found: DeadLetters, page: number, extra: FormPageState) {
  const errors = extra.errors ?? {};
  return {
    title: 'Dead letters',
    ...listPage(DEAD_LETTERS, page, found.total, found.rows),
    errors,
    summary: errorSummary(errors),
    notice: extra.notice,
  };
}

// The outbox, optionally one status, with a filter link per status and its count.
export function deliveriesPage(
  status: string | null,
  found: Deliveries,
  counts: Record<string, number>,
  page: number,
) {
  return {
    title: 'Deliveries',
    status,
    filters: [
      { label: 'All', href: DELIVERIES, current: status === null, count: sum(counts) },
      ...DELIVERY_STATUSES.map((s) => ({
        label: s,
        href: `${DELIVERIES}?status=${s}`,
        current: s === status,
        count: counts[s] ?? 0,
      })),
    ],
    ...listPage(
      status ? `${DELIVERIES}?status=${status}` : DELIVERIES,
      page,
      found.total,
      found.rows,
    ),
  };
}

export interface TemplateChoice {
  template: string;
  regime: string;
  language: string;
  stage: string;
}

// The template chooser (every variant there is, the asked one selected) and its preview.
export function templatesPage(
  variants: ReadonlyArray<{ template: string; regime: string; language: string }>,
  asked: TemplateChoice,
  preview: RenderedMessage | null,
  errors: FieldErrors,
) {
  const distinct = (f: (v: (typeof variants)[number]) => string) =>
    [...new Set(variants.map(f))].sort();
  const option = (current: string) => (value: string | number) => ({
    value: String(value),
    selected: String(value) === current,
  });
  return {
    title: 'Message templates',
    options: {
      template: distinct((v) => v.template).map(option(asked.template)),
      regime: distinct((v) => v.regime).map(option(asked.regime)),
      language: distinct((v) => v.language).map(option(asked.language)),
      stage: STAGES.map(option(asked.stage)),
    },
    preview,
    asked,
    errors,
    summary: errorSummary(errors),
  };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((n, c) => n + c, 0);
}
