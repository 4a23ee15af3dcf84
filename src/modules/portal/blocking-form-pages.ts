import { COST_BEARERS, MEASURES, OrderRow, UPDATE_BASES } from '../blocking/blocking.types';
import { TERMS } from './dto/portal-blocking-forms.dto';
import { errorSummary, FieldErrors } from './portal-form';

// The contexts of counsel's two blocking forms (blocking-order-new.hbs,
// blocking-request-new.hbs), every field the views read present (blocking-pages.ts explains).

type Summary = ReturnType<typeof errorSummary>;

// A form's values as typed, every field of the form present ('' when not typed).
export type FormEcho<F extends string> = Record<F, string>;

export function formEcho<F extends string>(
  fields: readonly F[],
  typed: Readonly<Record<string, string>>,
): FormEcho<F> {
  return Object.fromEntries(fields.map((f) => [f, typed[f] ?? ''])) as FormEcho<F>;
}

export const ORDER_FORM_FIELDS = [
  'court',
  'jurisdiction',
  'caseNumber',
  'orderDate',
  'claimants',
  'ispNamed',
  'targets',
  'implementationDays',
  'durationMonths',
  'endsOn',
  'eventWindows',
  'howToContest',
] as const;

// blocking-order-new.hbs
export interface BlockingOrderNewPage {
  title: string;
  form: FormEcho<(typeof ORDER_FORM_FIELDS)[number]>;
  errors: FieldErrors;
  summary: Summary;
  measures: Array<{ value: string; checked: boolean }>;
  terms: Array<{ value: string; checked: boolean }>;
  bearers: Array<{ value: string; selected: boolean }>;
  bases: Array<{ value: string; checked: boolean }>;
  maxMegabytes: number;
}

// Counsel's order form; `typed` holds what was typed (a list field as its lines).
export function orderFormPage(
  typed: Record<string, string>,
  errors: FieldErrors,
  maxBytes: number,
): BlockingOrderNewPage {
  const measures = (typed.measures ?? '').split('\n');
  return {
    title: 'Submit a blocking order',
    form: formEcho(ORDER_FORM_FIELDS, typed),
    errors,
    summary: errorSummary(errors),
    measures: MEASURES.map((m) => ({ value: m, checked: measures.includes(m) })),
    terms: TERMS.map((t) => ({ value: t, checked: typed.term === t })),
    bearers: COST_BEARERS.map((b) => ({ value: b, selected: typed.costBearer === b })),
    bases: UPDATE_BASES.map((b) => ({ value: b, checked: typed.updateBasis === b })),
    maxMegabytes: maxBytes / 1024 / 1024,
  };
}

export const REQUEST_FORM_FIELDS = [
  'orderId',
  'mirrorOf',
  'targets',
  'description',
  'seenAt',
  'pageSha256',
  'screenshotSha256',
] as const;

// blocking-request-new.hbs
export interface BlockingRequestNewPage {
  title: string;
  form: FormEcho<(typeof REQUEST_FORM_FIELDS)[number]>;
  errors: FieldErrors;
  summary: Summary;
  orders: Array<{ id: string; label: string; selected: boolean }>;
}

// Counsel proposes mirrors under one of its confirmed orders.
export function requestFormPage(
  confirmedOrders: readonly OrderRow[],
  typed: Record<string, string>,
  errors: FieldErrors,
): BlockingRequestNewPage {
  return {
    title: 'Propose mirrors',
    form: formEcho(REQUEST_FORM_FIELDS, typed),
    errors,
    summary: errorSummary(errors),
    orders: confirmedOrders.map((o) => ({
      id: o.id,
      label: `${o.reference} — ${o.court}, ${o.caseNumber}`,
      selected: o.id === typed.orderId,
    })),
  };
}
