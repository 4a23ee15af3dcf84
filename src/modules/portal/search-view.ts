import {
  CHALLENGE_STATUSES,
  MESSAGE_STATUSES,
  ParsedCaseSearch,
  SEARCH_PARAMS,
  SortKey,
} from '../search/case-search.query';
import { CaseFacets, CaseSearchPage, FacetCount } from '../search/case-search.repository';
import { ITEM_STATUS_LABELS, NOTICE_STATUS_LABELS } from './notice-words';

export const SEARCH_PATH = '/portal/desk/search';

const SORTABLE: Array<{ key: SortKey; label: string }> = [
  { key: 'reference', label: 'Notice' },
  { key: 'sender', label: 'Sender' },
  { key: 'received', label: 'Received' },
  { key: 'ip', label: 'Address' },
  { key: 'port', label: 'Port' },
  { key: 'observed', label: 'Seen' },
  { key: 'status', label: 'Status' },
];

export const MESSAGE_STATUS_LABELS: Record<string, string> = {
  pending: 'Waiting to be sent',
  queued: 'Queued for sending',
  sending: 'Being sent',
  sent: 'Sent',
  failed: 'Failed, will retry',
  dead: 'Dead letter',
  cancelled: 'Cancelled',
};

export const CHALLENGE_STATUS_LABELS: Record<string, string> = {
  open: 'Open',
  upheld: 'Upheld',
  rejected: 'Rejected',
};

// A query string of the search's own parameters, with some changed (null removes one).
export function searchHref(
  echo: Record<string, string>,
  change: Record<string, string | null> = {},
  path = SEARCH_PATH,
): string {
  const params = new URLSearchParams();
  for (const k of [...SEARCH_PARAMS, 'page']) {
    const v = k in change ? change[k] : echo[k];
    if (v !== null && v !== undefined && v !== '') params.set(k, v);
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function facetLinks(
  echo: Record<string, string>,
  param: string,
  counts: FacetCount[],
  label: (v: string) => string,
): Array<{ label: string; count: number; href: string; current: boolean }> {
  return counts
    .filter((c): c is FacetCount & { value: string } => c.value !== null)
    .slice(0, 12)
    .map((c) => ({
      label: c.label ?? label(c.value),
      count: c.count,
      current: echo[param] === c.value,
      href: searchHref(echo, { [param]: echo[param] === c.value ? null : c.value, page: null }),
    }));
}

export function facetsView(echo: Record<string, string>, f: CaseFacets | null) {
  if (!f) return null;
  return [
    {
      title: 'Item status',
      links: facetLinks(echo, 'status', f.status, (v) => ITEM_STATUS_LABELS[v] ?? v),
    },
    { title: 'Reason', links: facetLinks(echo, 'reason', f.reason, (v) => v) },
    { title: 'Sender', links: facetLinks(echo, 'sender', f.sender, (v) => v) },
    {
      title: 'Message',
      links: facetLinks(echo, 'message', f.message, (v) => MESSAGE_STATUS_LABELS[v] ?? v),
    },
  ].filter((g) => g.links.length > 0);
}

// Each sortable column's header link: a click sorts by it, a second click reverses it.
export function sortHeaders(parsed: ParsedCaseSearch) {
  const { sort, descending } = parsed.query;
  return SORTABLE.map((c) => {
    const current = c.key === sort;
    const nextDir = current ? (descending ? 'asc' : 'desc') : c.key === 'received' ? 'desc' : 'asc';
    return {
      label: c.label,
      current,
      ariaSort: current ? (descending ? 'descending' : 'ascending') : 'none',
      arrow: current ? (descending ? '↓' : '↑') : '',
      href: searchHref(parsed.echo, { sort: c.key, dir: nextDir, page: null }),
    };
  });
}

export function resultRows(page: CaseSearchPage) {
  return page.rows.map((r) => ({
    ...r,
    row: r.position + 1,
    statusLabel: ITEM_STATUS_LABELS[r.status] ?? r.status,
    noticeStatusLabel: NOTICE_STATUS_LABELS[r.noticeStatus] ?? r.noticeStatus,
    messageLabel: r.messageStatus
      ? (MESSAGE_STATUS_LABELS[r.messageStatus] ?? r.messageStatus)
      : null,
    challengeLabel: r.challengeStatus
      ? (CHALLENGE_STATUS_LABELS[r.challengeStatus] ?? r.challengeStatus)
      : null,
  }));
}

export function choiceLists(echo: Record<string, string>) {
  const opts = (labels: Record<string, string>, list: readonly string[], param: string) =>
    list.map((value) => ({
      value,
      label: labels[value] ?? value,
      selected: echo[param] === value,
    }));
  return {
    statuses: opts(ITEM_STATUS_LABELS, Object.keys(ITEM_STATUS_LABELS), 'status'),
    messages: opts(MESSAGE_STATUS_LABELS, MESSAGE_STATUSES, 'message'),
    challenges: opts(CHALLENGE_STATUS_LABELS, CHALLENGE_STATUSES, 'challenge'),
    assigned: opts({ me: 'Assigned to me', none: 'Unassigned' }, ['me', 'none'], 'assigned'),
  };
}

export interface PageNumberLink {
  label: string;
  href: string | null;
  current: boolean;
  gap: boolean;
}

// Numbered page links: first, last and two either side of the current page, gaps marked.
export function pageNumberLinks(
  page: number,
  total: number,
  size: number,
  href: (p: number) => string,
): { links: PageNumberLink[]; prevHref: string | null; nextHref: string | null; pages: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const shown = new Set<number>([1, pages]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const links: PageNumberLink[] = [];
  let last = 0;
  for (const p of sorted) {
    if (p - last > 1) links.push({ label: '…', href: null, current: false, gap: true });
    links.push({ label: String(p), href: href(p), current: p === page, gap: false });
    last = p;
  }
  return {
    links,
    pages,
    prevHref: page > 1 ? href(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? href(page + 1) : null,
  };
}
