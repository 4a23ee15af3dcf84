import type { OrderDetail } from '../blocking/blocking-orders.service';
import {
  OrderRow,
  OverriddenTargetRow,
  ProtectedRow,
  REFUSAL_GROUNDS,
  UPDATE_BASES,
  UpdateRequestRow,
} from '../blocking/blocking.types';
import { costTotals, formatCents } from './blocking-forms';
import { FormEcho, formEcho } from './blocking-form-pages';
import { errorSummary, FieldErrors } from './portal-form';

// The context of each blocking page (views/blocking-*.hbs): every field its view reads is
// present, null when there is nothing to show, so the views render under Handlebars'
// `strict: true`. Rows are picked field by field: a page shows what its view names, no more.

type Summary = ReturnType<typeof errorSummary>;

// A submitted order's deadline, counted from the order's date (the court's clock runs from it).
export const confirmBy = (o: Pick<OrderRow, 'orderDate' | 'implementationDays'>): Date =>
  new Date(Date.parse(`${o.orderDate}T00:00:00Z`) + o.implementationDays * 86_400_000);

// blocking-orders.hbs
export interface BlockingOrdersPage {
  title: string;
  counsel: boolean;
  exports: readonly string[];
  orders: Array<{
    id: string;
    reference: string;
    court: string;
    caseNumber: string;
    orderDate: string;
    status: string;
    endsAt: Date;
    expiring: boolean;
    updateBasis: string;
  }>;
}

export function ordersPage(
  orders: readonly OrderRow[],
  expiringIds: ReadonlySet<string>,
  counsel: boolean,
  exportFormats: readonly string[],
): BlockingOrdersPage {
  return {
    title: 'Blocking orders',
    counsel,
    exports: counsel ? [] : exportFormats,
    orders: orders.map((o) => ({
      id: o.id,
      reference: o.reference,
      court: o.court,
      caseNumber: o.caseNumber,
      orderDate: o.orderDate,
      status: o.status,
      endsAt: o.endsAt,
      expiring: expiringIds.has(o.id),
      updateBasis: o.updateBasis,
    })),
  };
}

export const COST_FIELDS = ['incurredOn', 'description', 'hours', 'amount', 'currency'] as const;
export const ORDER_DECISION_FIELDS = ['decision', 'reason'] as const;

// blocking-order.hbs
export interface BlockingOrderPage {
  title: string;
  order: {
    id: string;
    reference: string;
    court: string;
    jurisdiction: string;
    caseNumber: string;
    orderDate: string;
    claimants: string[];
    ispNamed: string;
    measures: string[];
    status: string;
    decisionReason: string | null;
    startsAt: Date;
    endsAt: Date;
    implementationDays: number;
    costBearer: string;
    updateBasis: string;
    documentSha256: string | null;
  };
  windows: Array<{ label: string; startsAt: Date; endsAt: Date }>;
  targets: Array<{
    value: string;
    status: string;
    implementBy: Date | null;
    firstExportedAt: Date | null;
    overrideJustification: string | null;
    refusalReason: string | null;
  }>;
  legal: boolean;
  counsel: boolean;
  confirmed: boolean;
  submitted: boolean;
  confirmBy: Date;
  confirmOverdue: boolean;
  costs: Array<{
    incurredOn: string;
    description: string;
    hours: string;
    amount: string;
    currency: string;
    createdBy: string;
  }>;
  totals: Array<{ currency: string; hours: string; amount: string }>;
  costForm: FormEcho<(typeof COST_FIELDS)[number]>;
  costErrors: FieldErrors;
  decisionForm: FormEcho<(typeof ORDER_DECISION_FIELDS)[number]>;
  decisionErrors: FieldErrors;
  summary: Summary;
  notice: string | null;
}

export interface OrderPageState {
  notice?: string;
  // Which form the errors belong to, so only that form shows them.
  costForm?: Record<string, string>;
  costErrors?: FieldErrors;
  decisionForm?: Record<string, string>;
  decisionErrors?: FieldErrors;
  status?: number;
}

// Legal also gets the cost lines with their totals and the cost form, and the confirm/reject
// form while the order is submitted; counsel the way to propose mirrors once it is confirmed.
export function orderPage(
  d: OrderDetail,
  role: { legal: boolean; counsel: boolean },
  state: OrderPageState,
  now: Date,
): BlockingOrderPage {
  const o = d.order;
  const costErrors = state.costErrors ?? {};
  const decisionErrors = state.decisionErrors ?? {};
  const deadline = confirmBy(o);
  return {
    title: `Blocking order ${o.reference}`,
    order: {
      id: o.id,
      reference: o.reference,
      court: o.court,
      jurisdiction: o.jurisdiction,
      caseNumber: o.caseNumber,
      orderDate: o.orderDate,
      claimants: o.claimants,
      ispNamed: o.ispNamed,
      measures: o.measures,
      status: o.status,
      decisionReason: o.decisionReason,
      startsAt: o.startsAt,
      endsAt: o.endsAt,
      implementationDays: o.implementationDays,
      costBearer: o.costBearer,
      updateBasis: o.updateBasis,
      documentSha256: o.documentSha256,
    },
    windows: d.windows.map((w) => ({ label: w.label, startsAt: w.startsAt, endsAt: w.endsAt })),
    targets: d.targets.map((t) => ({
      value: t.value,
      status: t.status,
      implementBy: t.implementBy,
      firstExportedAt: t.firstExportedAt,
      overrideJustification: t.overrideJustification,
      refusalReason: t.refusalReason,
    })),
    legal: role.legal,
    counsel: role.counsel,
    confirmed: o.status === 'confirmed',
    submitted: o.status === 'submitted',
    confirmBy: deadline,
    confirmOverdue: o.status === 'submitted' && deadline < now,
    costs: role.legal
      ? d.costs.map((c) => ({
          incurredOn: c.incurredOn,
          description: c.description,
          hours: c.hours,
          amount: formatCents(c.amountCents),
          currency: c.currency,
          createdBy: c.createdBy,
        }))
      : [],
    totals: role.legal ? costTotals(d.costs) : [],
    costForm: formEcho(COST_FIELDS, state.costForm ?? { currency: 'EUR' }),
    costErrors,
    decisionForm: formEcho(ORDER_DECISION_FIELDS, state.decisionForm ?? {}),
    decisionErrors,
    summary: errorSummary({ ...decisionErrors, ...costErrors }),
    notice: state.notice ?? null,
  };
}

export const DECISION_FIELDS = [
  'decision',
  'basisKind',
  'basisReference',
  'ground',
  'reason',
  'overrideJustification',
] as const;

interface RequestLine {
  id: string;
  reference: string;
  orderReference: string;
  value: string;
  mirrorOf: string;
  description: string;
  seenAt: string;
  flags: string[];
  status: string;
  submittedAt: Date;
  decideBy: Date;
  // A pending proposal past its deadline to decide.
  late: boolean;
  implementBy: Date | null;
  basis: string | null;
  refusalGround: string | null;
  decisionReason: string | null;
  overrideJustification: string | null;
}

// blocking-requests.hbs
export interface BlockingRequestsPage {
  title: string;
  legal: boolean;
  counsel: boolean;
  toConfirm: Array<{
    id: string;
    reference: string;
    court: string;
    caseNumber: string;
    orderDate: string;
    createdAt: Date;
    confirmBy: Date;
    late: boolean;
  }>;
  pending: RequestLine[];
  decided: RequestLine[];
  bases: readonly string[];
  grounds: readonly string[];
  form: FormEcho<(typeof DECISION_FIELDS)[number]>;
  errors: FieldErrors;
  summary: Summary;
  notice: string | null;
}

function requestLine(r: UpdateRequestRow, now: Date): RequestLine {
  return {
    id: r.id,
    reference: r.reference,
    orderReference: r.orderReference,
    value: r.value,
    mirrorOf: r.mirrorOf,
    description: r.evidence.description,
    seenAt: r.evidence.seenAt,
    flags: r.flags,
    status: r.status,
    submittedAt: r.submittedAt,
    decideBy: r.decideBy,
    late: r.status === 'pending' && r.decideBy < now,
    implementBy: r.implementBy,
    basis: r.basisKind ? `${r.basisKind}: ${r.basisReference}` : null,
    refusalGround: r.refusalGround,
    decisionReason: r.decisionReason,
    overrideJustification: r.overrideJustification,
  };
}

// Legal's review queue (orders waiting for confirmation, then proposals, soonest deadline
// first) or counsel's own proposals.
export function requestsPage(
  role: { legal: boolean; counsel: boolean },
  rows: readonly UpdateRequestRow[],
  orders: readonly OrderRow[],
  form: Record<string, string>,
  errors: FieldErrors,
  notice: string | null,
  now: Date,
): BlockingRequestsPage {
  const toConfirm = orders
    .filter((o) => o.status === 'submitted')
    .map((o) => ({
      id: o.id,
      reference: o.reference,
      court: o.court,
      caseNumber: o.caseNumber,
      orderDate: o.orderDate,
      createdAt: o.createdAt,
      confirmBy: confirmBy(o),
      late: confirmBy(o) < now,
    }))
    .sort((a, b) => a.confirmBy.getTime() - b.confirmBy.getTime());
  return {
    title: role.legal ? 'Update review queue' : 'Update requests',
    legal: role.legal,
    counsel: role.counsel,
    toConfirm,
    pending: rows.filter((r) => r.status === 'pending').map((r) => requestLine(r, now)),
    decided: rows.filter((r) => r.status !== 'pending').map((r) => requestLine(r, now)),
    bases: UPDATE_BASES,
    grounds: REFUSAL_GROUNDS,
    form: formEcho(DECISION_FIELDS, form),
    errors,
    summary: errorSummary(errors),
    notice,
  };
}

export const PROTECTED_FIELDS = ['value', 'note'] as const;

// blocking-protected.hbs
export interface BlockingProtectedPage {
  title: string;
  legal: boolean;
  entries: Array<{ kind: string; value: string; asn: string | null; note: string; source: string }>;
  overrides: Array<{
    value: string;
    orderReference: string;
    overrideJustification: string | null;
    overrideBy: string | null;
  }>;
  form: FormEcho<(typeof PROTECTED_FIELDS)[number]>;
  errors: FieldErrors;
  summary: Summary;
  notice: string | null;
}

export function protectedPage(
  legal: boolean,
  entries: readonly ProtectedRow[],
  overrides: readonly OverriddenTargetRow[],
  form: Record<string, string>,
  errors: FieldErrors,
  notice: string | null,
): BlockingProtectedPage {
  return {
    title: 'Protected list',
    legal,
    entries: entries.map((e) => ({
      kind: e.kind,
      value: e.value,
      asn: e.asn,
      note: e.note,
      source: e.source,
    })),
    overrides: overrides.map((t) => ({
      value: t.value,
      orderReference: t.orderReference,
      overrideJustification: t.overrideJustification,
      overrideBy: t.overrideBy,
    })),
    form: formEcho(PROTECTED_FIELDS, form),
    errors,
    summary: errorSummary(errors),
    notice,
  };
}
