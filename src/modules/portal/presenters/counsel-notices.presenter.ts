import type { Organisation } from '../../accounts/entities/organisation.entity';
import type { NoticePageDto, NoticeReceiptDto } from '../../intake/dto/receipt.dto';
import {
  FIXED_FIELDS,
  MAX_FORM_ROWS,
  ROW_FIELDS,
  ROW_LABELS,
  rowFieldName,
  RowValues,
} from '../notice-form';
import {
  itemCountsInWords,
  itemOutcome,
  NOTICE_STATUS_LABELS,
  refusalInWords,
} from '../notice-words';
import { pageLinks, PAGE_SIZE } from '../pagination';
import { PORTAL_BASE } from '../navigation';
import { errorSummary, FieldErrors } from '../portal-form';
import type { ErrorSummary } from './page-contexts';

export const NOTICES_PAGE = `${PORTAL_BASE}/notices`;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// The organisation's notices, filtered as typed; the filters kept in the page links.
export function noticesPage(
  query: Record<string, unknown>,
  result: NoticePageDto,
  page: number,
  errors: FieldErrors,
) {
  const echo = {
    status: str(query.status),
    from: str(query.from),
    to: str(query.to),
    q: str(query.q),
  };
  const kept = Object.fromEntries(Object.entries(echo).filter(([, v]) => v !== ''));
  return {
    title: 'My notices',
    filters: echo,
    filtered: Object.keys(kept).length > 0,
    errors,
    summary: errorSummary(errors),
    rows: result.notices.map((n) => ({
      ...n,
      statusLabel: NOTICE_STATUS_LABELS[n.status] ?? n.status,
      items: itemCountsInWords(n.itemCounts),
      refusal: refusalInWords(n.refusalCode),
    })),
    pagination: pageLinks(NOTICES_PAGE, page, result.total, PAGE_SIZE, kept),
  };
}

// What the notice form shows: the values as typed, its rows and both forms' errors.
export interface NoticeFormState {
  form: Record<string, string>;
  rows: RowValues[];
  errors?: FieldErrors;
  focusRow?: number;
  upload?: { errors: FieldErrors; summary: ErrorSummary; paste: string };
}

// The notice form; `organisation` is the complainant's, `owners` its registered owners.
export function noticeFormPage(
  organisation: Pick<Organisation, 'name' | 'owners'>,
  data: NoticeFormState,
) {
  const owners = [organisation.name, ...(organisation.owners ?? []).map((o) => o.ownerName).sort()];
  const errors = data.errors ?? {};
  return {
    title: 'Submit a notice',
    organisation: organisation.name,
    // Every fixed field, blank when not given (the view reads each one).
    form: { ...Object.fromEntries(FIXED_FIELDS.map((f) => [f, ''])), ...data.form },
    owners: owners.map((name) => ({ name, selected: name === (data.form.owner ?? '') })),
    rowCount: data.rows.length,
    canAddRows: data.rows.length < MAX_FORM_ROWS,
    rows: data.rows.map((r, k) => ({
      number: k + 1,
      focus: data.focusRow === k + 1,
      fields: ROW_FIELDS.map((f) => {
        const name = rowFieldName(f, k + 1);
        return { field: f, label: ROW_LABELS[f], name, value: r[f], error: errors[name] };
      }),
    })),
    errors,
    summary: errorSummary(errors),
    upload: data.upload ?? { errors: {}, summary: [], paste: '' },
  };
}

// The line shown once after a submission: a refused notice never reads as "received".
export function submittedBanner(status: string): string {
  if (status === 'refused') {
    return 'Your notice was refused. This page is its receipt; it says why, item by item.';
  }
  if (status === 'rejected') return 'Your notice was rejected. This page is its receipt.';
  return 'Your notice was received. This page is its receipt; it shows each item’s outcome as it progresses.';
}

// A notice's receipt: each item's outcome in words; `submitted`/`repeat` from the redirect.
export function noticeReceiptPage(
  receipt: NoticeReceiptDto,
  submitted: string | undefined,
  repeat: string | undefined,
) {
  const counts: Record<string, number> = {};
  for (const i of receipt.items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return {
    title: `Notice ${receipt.reference}`,
    receipt,
    statusLabel: NOTICE_STATUS_LABELS[receipt.status] ?? receipt.status,
    refusal: refusalInWords(receipt.refusalCode, receipt.refusalReason),
    counts: itemCountsInWords(counts),
    items: receipt.items.map((i) => ({ ...i, row: i.position + 1, outcome: itemOutcome(i) })),
    notice:
      repeat === '1'
        ? 'This notice repeats one received earlier: here is the receipt of the first.'
        : submitted === '1'
          ? submittedBanner(receipt.status)
          : undefined,
  };
}
