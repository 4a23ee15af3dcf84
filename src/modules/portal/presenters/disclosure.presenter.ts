import type { QueueEntry, RequestDetail, Urgency } from '../../disclosure/disclosure-query.service';
import { FIELD_LABELS, KIND_LABELS } from '../../disclosure/disclosure-words';
import {
  DISCLOSABLE_FIELDS,
  DisclosureRequestRow,
  ORDER_REQUIRED_KINDS,
  REFUSAL_GROUNDS,
  REQUEST_KINDS,
  TransitionRow,
} from '../../disclosure/disclosure.types';
import {
  DisclosureRequestResponseDto,
  LegalRequestDetailDto,
  LegalRequestResponseDto,
} from '../../disclosure/dto/disclosure.dto';
import { PORTAL_BASE } from '../navigation';
import { offsetOf, PAGE_SIZE, pageLinks } from '../pagination';
import { errorSummary, FieldErrors } from '../portal-form';

export const DISCLOSURE_PAGE = `${PORTAL_BASE}/disclosure-requests`;

export const statusLabel = (s: string): string => s.replace(/_/g, ' ');

// Urgency in words, so it does not rest on colour alone (DR-6).
export const URGENCY_LABELS: Record<Urgency, string> = {
  overdue: 'Overdue',
  near_due: 'Due soon',
  normal: '',
};

const GROUND_LABELS: Record<string, string> = {
  jurisdiction: 'Jurisdiction',
  joinder: 'Improper joinder',
  deadline: 'Deadline',
  cost: 'Cost',
  match_confidence: 'Match confidence too low',
  other: 'Other',
};

// A form's ticked checkboxes: one value or several under the same name.
const tickedIn = (v: unknown): Set<string> =>
  new Set(Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

// Counsel's own requests (all of them, newest first), one page of them.
export function disclosureRequestsPage(all: DisclosureRequestRow[], page: number) {
  const rows = all.slice(offsetOf(page), offsetOf(page) + PAGE_SIZE).map((r) => ({
    ...DisclosureRequestResponseDto.from(r),
    kindLabel: KIND_LABELS[r.kind],
    statusLabel: statusLabel(r.status),
  }));
  return {
    title: 'Disclosure requests',
    requests: rows,
    pagination: pageLinks(DISCLOSURE_PAGE, page, all.length),
  };
}

// One of counsel's requests with its status history; `created` after the form's redirect.
export function disclosureRequestPage(
  request: DisclosureRequestRow,
  transitions: TransitionRow[],
  created: boolean,
) {
  const dto = DisclosureRequestResponseDto.from(request);
  return {
    title: `Disclosure request ${dto.reference}`,
    notice: created ? `Request ${dto.reference} was received with its order.` : undefined,
    request: {
      ...dto,
      kindLabel: KIND_LABELS[dto.kind],
      statusLabel: statusLabel(dto.status),
      allowedFieldLabels: dto.allowedFields.map((f) => FIELD_LABELS[f] ?? f),
      refusalGrounds: request.refusal_grounds,
    },
    // Requesters see what happened and when, not which member of staff did it.
    history: transitions.map((t) => ({
      from: t.from_status ? statusLabel(t.from_status) : null,
      to: statusLabel(t.to_status),
      at: t.at,
      reason: t.reason,
      grounds: t.grounds,
    })),
    // A download writes an audit entry, so it is a form (POST with the CSRF token), not a link.
    packageAction: dto.packageAvailable ? `${DISCLOSURE_PAGE}/${dto.id}/package` : null,
  };
}

// The new request form, values as typed (the order document is never echoed).
export function disclosureRequestFormPage(body: Record<string, unknown>, errors: FieldErrors) {
  const str = (k: string): string => {
    const v = body[k];
    return typeof v === 'string' ? v : '';
  };
  const ticked = tickedIn(body.allowedFields);
  return {
    title: 'New disclosure request',
    errors,
    summary: errorSummary(errors),
    kinds: REQUEST_KINDS.map((k) => ({
      value: k,
      label: KIND_LABELS[k],
      selected: str('kind') === k,
    })),
    fields: DISCLOSABLE_FIELDS.map((f) => ({
      value: f,
      label: FIELD_LABELS[f],
      checked: ticked.has(f),
    })),
    form: {
      issuingBody: str('issuingBody'),
      caseNumber: str('caseNumber'),
      noticeReferences: str('noticeReferences'),
      objectionWindowDays: str('objectionWindowDays') || '14',
      respondBy: str('respondBy'),
    },
  };
}

// Legal's review queue: open requests in the service's order, urgency in words.
export function legalQueuePage(queue: QueueEntry[], now: Date) {
  const requests = queue.map((e) => {
    const dto = LegalRequestResponseDto.fromLegal(e.request, now, e.urgency);
    return {
      ...dto,
      kindLabel: KIND_LABELS[dto.kind],
      statusLabel: statusLabel(dto.status),
      urgencyLabel: URGENCY_LABELS[dto.urgency],
    };
  });
  return { title: 'Disclosure review', requests };
}

// What the review page shows besides the request: a step's outcome and the decision form.
export interface LegalRequestExtra {
  notice?: string;
  failure?: string;
  errors?: FieldErrors;
  decisionForm?: Record<string, unknown>;
}

// One request for review: covered items with evidence, transitions, the steps it allows.
export function legalRequestPage(found: RequestDetail, now: Date, extra: LegalRequestExtra) {
  const detail = LegalRequestDetailDto.from(found, now);
  const r = detail.request;
  const errors = extra.errors ?? {};
  const body = extra.decisionForm ?? {};
  const ticked = tickedIn(body.grounds);
  return {
    title: `Review ${r.reference}`,
    notice: extra.notice,
    failure: extra.failure,
    errors,
    summary: errorSummary(errors),
    request: {
      ...r,
      kindLabel: KIND_LABELS[r.kind],
      statusLabel: statusLabel(r.status),
      urgencyLabel: URGENCY_LABELS[r.urgency],
      allowedFieldLabels: r.allowedFields.map((f) => FIELD_LABELS[f] ?? f),
    },
    items: detail.items.map((i) => ({
      ...i,
      evidenceText: i.evidence.map((e) => JSON.stringify(e)),
    })),
    transitions: detail.transitions.map((t) => ({
      ...t,
      from: t.from ? statusLabel(t.from) : null,
      to: statusLabel(t.to),
    })),
    documentFrozen: r.status !== 'received',
    orderRequired: ORDER_REQUIRED_KINDS.includes(r.kind),
    canStartReview: r.status === 'received',
    canDecide: r.status === 'under_review',
    canProduce: r.status === 'approved' || r.status === 'waiting_window',
    grounds: REFUSAL_GROUNDS.map((g) => ({
      value: g,
      label: GROUND_LABELS[g],
      checked: ticked.has(g),
    })),
    decisionForm: {
      decision: typeof body.decision === 'string' ? body.decision : '',
      reason: typeof body.reason === 'string' ? body.reason : '',
    },
  };
}
