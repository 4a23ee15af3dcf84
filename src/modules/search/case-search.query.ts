import * as ipaddr from 'ipaddr.js';

// What the desk's case search (issue #19) accepts, parsed once at the edge: every value is
// checked here, so the repository builds SQL only from known columns and typed parameters.
export const ITEM_STATUSES = [
  'accepted',
  'queued',
  'refused',
  'duplicate',
  'attributed',
  'forwarded',
  'not_forwarded',
] as const;
export const MESSAGE_STATUSES = [
  'pending',
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'cancelled',
] as const;
export const CHALLENGE_STATUSES = ['open', 'upheld', 'rejected'] as const;
export const SORT_KEYS = [
  'received',
  'observed',
  'reference',
  'sender',
  'ip',
  'port',
  'status',
] as const;
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

export type SortKey = (typeof SORT_KEYS)[number];

export interface CaseSearchFilters {
  text?: string;
  // A CIDR; a single address is its /32 or /128.
  prefix?: string;
  port?: number;
  // Observed (infringement) time, [from, to).
  seenFrom?: Date;
  seenTo?: Date;
  // Received days (UTC), [from, to).
  receivedFrom?: Date;
  receivedTo?: Date;
  reference?: string;
  caseId?: string;
  subscriberRef?: string;
  senderId?: string;
  itemStatus?: string;
  reasonCode?: string;
  messageStatus?: string;
  challengeStatus?: string;
  // The desk's queues: notices assigned to this user, or to nobody.
  assignedTo?: string;
  unassigned?: boolean;
}

export interface CaseSearchQuery {
  filters: CaseSearchFilters;
  sort: SortKey;
  descending: boolean;
  page: number;
  pageSize: number;
}

export interface ParsedCaseSearch {
  query: CaseSearchQuery;
  // Field name -> message, shown beside the field.
  errors: Record<string, string>;
  // The parameters as typed, to fill the form in again and to build links.
  echo: Record<string, string>;
}

// Query-string names, in the order links are built.
export const SEARCH_PARAMS = [
  'q',
  'ip',
  'port',
  'seenFrom',
  'seenTo',
  'from',
  'to',
  'reference',
  'caseId',
  'subscriber',
  'sender',
  'status',
  'reason',
  'message',
  'challenge',
  'assigned',
  'sort',
  'dir',
  'size',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;
const MAX_TEXT = 200;

function text(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : '';
}

function day(value: string): Date | null {
  const d = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(d.getTime()) &&
    d.toISOString().slice(0, 10) === value
    ? d
    : null;
}

// A date-time input's value (YYYY-MM-DDTHH:MM[:SS]) read as UTC, or a whole day.
function instant(value: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m || !day(m[1])) return null;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? '0')];
  if (h > 23 || min > 59 || s > 59) return null;
  return new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? '00'}Z`);
}

// An address or a prefix as a CIDR the database compares with `<<=`.
export function parsePrefix(value: string): string | null {
  try {
    if (value.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(value);
      // The network address, so 198.51.100.7/24 searches 198.51.100.0/24.
      const network =
        addr.kind() === 'ipv4'
          ? ipaddr.IPv4.networkAddressFromCIDR(value)
          : ipaddr.IPv6.networkAddressFromCIDR(value);
      return `${network.toString()}/${bits}`;
    }
    const addr = ipaddr.process(value);
    return `${addr.toString()}/${addr.kind() === 'ipv4' ? 32 : 128}`;
  } catch {
    return null;
  }
}

function oneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

// The filters and field errors being read from one search's parameters.
interface Reading {
  echo: Record<string, string>;
  f: CaseSearchFilters;
  errors: Record<string, string>;
}

// `userId` is the signed-in person, for "assigned to me".
export function parseCaseSearch(raw: Record<string, unknown>, userId?: string): ParsedCaseSearch {
  const r: Reading = { echo: echoOf(raw), f: {}, errors: {} };
  readWhatAndWhere(r);
  readTimes(r);
  readIdentifiers(r);
  readStatuses(r, userId);
  const paging = readPaging(raw, r.echo);
  return { query: { filters: r.f, ...paging }, errors: r.errors, echo: r.echo };
}

// The known parameters as typed (trimmed), the empty ones left out.
function echoOf(raw: Record<string, unknown>): Record<string, string> {
  const echo: Record<string, string> = {};
  for (const k of SEARCH_PARAMS) {
    const v = text(raw[k]);
    if (v !== '') echo[k] = v;
  }
  return echo;
}

// True (with the field's error) when a free-text value is too long to search for.
function tooLong({ echo, errors }: Reading, k: string): boolean {
  if ((echo[k] ?? '').length > MAX_TEXT) {
    errors[k] = `Enter at most ${MAX_TEXT} characters`;
    return true;
  }
  return false;
}

// Title or file name, address or prefix, port.
function readWhatAndWhere(r: Reading): void {
  const { echo, f, errors } = r;
  if (echo.q && !tooLong(r, 'q')) {
    if (echo.q.length < 3) errors.q = 'Enter at least 3 characters of a title or file name';
    else f.text = echo.q;
  }
  if (echo.ip) {
    const prefix = parsePrefix(echo.ip);
    if (prefix) f.prefix = prefix;
    else
      errors.ip = 'Enter an IP address (198.51.100.7) or a prefix (198.51.100.0/24, 2001:db8::/32)';
  }
  if (echo.port) {
    const port = /^\d{1,5}$/.test(echo.port) ? Number(echo.port) : NaN;
    if (Number.isInteger(port) && port <= 65535) f.port = port;
    else errors.port = 'Enter a port number from 0 to 65535';
  }
}

// When it was seen (UTC instants) and when it was received (UTC days).
function readTimes({ echo, f, errors }: Reading): void {
  if (echo.seenFrom) {
    const d = instant(echo.seenFrom);
    if (d) f.seenFrom = d;
    else errors.seenFrom = 'Enter a date and time in UTC, like 2026-10-04T21:00';
  }
  if (echo.seenTo) {
    const d = instant(echo.seenTo);
    // A bare day includes the whole day.
    if (d) f.seenTo = /^\d{4}-\d{2}-\d{2}$/.test(echo.seenTo) ? new Date(d.getTime() + DAY_MS) : d;
    else errors.seenTo = 'Enter a date and time in UTC, like 2026-10-04T22:00';
  }
  if (f.seenFrom && f.seenTo && f.seenTo <= f.seenFrom) {
    errors.seenTo = 'The end must be after the start';
  }
  if (echo.from) {
    const d = day(echo.from);
    if (d) f.receivedFrom = d;
    else errors.from = 'Enter a real date, like 2026-10-04';
  }
  if (echo.to) {
    const d = day(echo.to);
    if (d) f.receivedTo = new Date(d.getTime() + DAY_MS);
    else errors.to = 'Enter a real date, like 2026-10-04';
  }
  if (f.receivedFrom && f.receivedTo && f.receivedTo <= f.receivedFrom) {
    errors.to = 'The end date must be on or after the start date';
  }
}

// Reference, case id, subscriber reference, sender.
function readIdentifiers(r: Reading): void {
  const { echo, f, errors } = r;
  if (echo.reference && !tooLong(r, 'reference')) f.reference = echo.reference;
  if (echo.caseId && !tooLong(r, 'caseId')) f.caseId = echo.caseId;
  if (echo.subscriber) {
    if (/^SUB-[A-Za-z0-9-]{1,60}$/.test(echo.subscriber)) f.subscriberRef = echo.subscriber;
    else errors.subscriber = 'Enter a subscriber reference, like SUB-7K2M9Q';
  }
  if (echo.sender) {
    if (UUID.test(echo.sender)) f.senderId = echo.sender;
    else errors.sender = 'Choose a sender from the list';
  }
}

// Item, message and challenge status, reason code, and the desk's queues.
function readStatuses({ echo, f, errors }: Reading, userId: string | undefined): void {
  if (echo.status) {
    if (oneOf(ITEM_STATUSES, echo.status)) f.itemStatus = echo.status;
    else errors.status = 'Choose an item status from the list';
  }
  if (echo.reason) {
    if (/^[A-Za-z0-9_.:-]{1,60}$/.test(echo.reason)) f.reasonCode = echo.reason;
    else errors.reason = 'Enter a reason code, like timestamp_zone or no_lease';
  }
  if (echo.message) {
    if (oneOf(MESSAGE_STATUSES, echo.message)) f.messageStatus = echo.message;
    else errors.message = 'Choose a message status from the list';
  }
  if (echo.challenge) {
    if (oneOf(CHALLENGE_STATUSES, echo.challenge)) f.challengeStatus = echo.challenge;
    else errors.challenge = 'Choose a challenge status from the list';
  }
  if (echo.assigned) {
    if (echo.assigned === 'me' && userId) f.assignedTo = userId;
    else if (echo.assigned === 'none') f.unassigned = true;
    else errors.assigned = 'Choose "assigned to me" or "unassigned"';
  }
}

// Sort, direction, page size and page; an unknown sort, direction or size is dropped from the
// echo (so links do not repeat it) and the default used.
function readPaging(
  raw: Record<string, unknown>,
  echo: Record<string, string>,
): Omit<CaseSearchQuery, 'filters'> {
  const sort: SortKey = echo.sort && oneOf(SORT_KEYS, echo.sort) ? echo.sort : 'received';
  if (echo.sort && !oneOf(SORT_KEYS, echo.sort)) delete echo.sort;
  const descending = echo.dir !== 'asc';
  if (echo.dir && echo.dir !== 'asc' && echo.dir !== 'desc') delete echo.dir;
  const size = Number(echo.size);
  const pageSize = (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
  if (echo.size && pageSize !== size) delete echo.size;
  const page = typeof raw.page === 'string' && /^\d{1,6}$/.test(raw.page) ? Number(raw.page) : 1;
  return { sort, descending, page: Math.max(1, page), pageSize };
}

// True when the search narrows anything down (the page then shows results, not just the form).
export function hasFilters(f: CaseSearchFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}
