import { isIP } from 'class-validator';
import type { NoticeSubmissionDto } from '../intake/dto/notice-submission.dto';
import { parseNoticeTimestamp } from '../intake/parsing';
import type { NoticeForm } from './dto/portal-forms.dto';
import type { FieldErrors } from './portal-form';

// Counsel's notice form without JavaScript: a fixed number of item rows, and an "add more
// rows" button that posts the form back to be shown with more rows, values kept.
export const INITIAL_ROWS = 5;
export const ADD_ROWS = 5;
export const MAX_FORM_ROWS = 100;

export const ROW_FIELDS = ['ip', 'port', 'at', 'protocol', 'fileName', 'hash', 'title'] as const;
export type RowField = (typeof ROW_FIELDS)[number];
export type RowValues = Record<RowField, string>;

export const ROW_LABELS: Record<RowField, string> = {
  ip: 'IP address',
  port: 'source port',
  at: 'time',
  protocol: 'protocol',
  fileName: 'file name',
  hash: 'infohash',
  title: 'work',
};

// Input names and ids: `ip-1`, `at-2`... (1-based, as the rows are numbered on the page).
export const rowFieldName = (field: RowField, row: number) => `${field}-${row}`;

export const FIXED_FIELDS = [
  'caseId',
  'owner',
  'title',
  'claimantName',
  'claimantAddress',
  'claimantEmail',
  'claimantPhone',
  'goodFaith',
  'accuracy',
] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

// How many rows the posted form had (a hidden field), bounded.
export function rowCountOf(body: Record<string, unknown>): number {
  const n = Number(str(body.rows));
  if (!Number.isInteger(n) || n < 1) return INITIAL_ROWS;
  return Math.min(n, MAX_FORM_ROWS);
}

export function blankRows(n: number): RowValues[] {
  return Array.from({ length: n }, () => blankRow());
}

function blankRow(): RowValues {
  return { ip: '', port: '', at: '', protocol: 'BitTorrent', fileName: '', hash: '', title: '' };
}

export function rowsOf(body: Record<string, unknown>, count: number): RowValues[] {
  return Array.from({ length: count }, (_, k) => {
    const row = blankRow();
    for (const f of ROW_FIELDS) row[f] = str(body[rowFieldName(f, k + 1)]).slice(0, 2000);
    return row;
  });
}

// The fixed fields only, for validateForm (which refuses fields its class does not declare).
export function fixedFieldsOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of FIXED_FIELDS) if (f in body) out[f] = body[f];
  return out;
}

const isBlank = (r: RowValues) => ROW_FIELDS.every((f) => f === 'protocol' || r[f].trim() === '');

const HASH = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

export interface ValidItem {
  ip: string;
  port?: number;
  observedAt: string;
  protocol: string;
  fileName?: string;
  hash?: string;
  hashType?: string;
  title?: string;
}

// Each filled row checked as the intake would (VA-3: seconds and an explicit zone), with the
// row and field named in the message so it can sit beside the field.
export function validateRows(rows: RowValues[]): { items: ValidItem[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const items: ValidItem[] = [];
  const fail = (row: number, f: RowField, message: string) => {
    errors[rowFieldName(f, row)] ??= `Row ${row}, ${ROW_LABELS[f]}: ${message}`;
  };
  rows.forEach((r, k) => {
    const row = k + 1;
    if (isBlank(r)) return;
    const ip = r.ip.trim();
    if (!isIP(ip)) fail(row, 'ip', 'enter an IPv4 or IPv6 address, like 198.51.100.10');
    const portText = r.port.trim();
    const port = Number(portText);
    if (portText !== '' && (!/^\d{1,5}$/.test(portText) || port > 65535)) {
      fail(row, 'port', 'enter a whole number from 0 to 65535');
    }
    const atText = r.at.trim();
    const ts = parseNoticeTimestamp(atText);
    if (atText === '') {
      fail(row, 'at', 'enter when it was seen, like 2026-10-04T21:13:07Z');
    } else if (ts.problem === 'no_zone') {
      fail(row, 'at', `${ts.reason}: add the zone, like 2026-10-04T21:13:07Z or +02:00`);
    } else if (ts.problem === 'no_seconds') {
      fail(row, 'at', `${ts.reason}: give the time to the second`);
    } else if (ts.problem) {
      fail(row, 'at', `${ts.reason ?? 'not a time'}; write it like 2026-10-04T21:13:07Z`);
    }
    const protocol = r.protocol.trim();
    if (protocol === '' || protocol.length > 100) {
      fail(row, 'protocol', 'name the protocol, like BitTorrent (at most 100 characters)');
    }
    const hash = r.hash.trim();
    if (hash !== '' && !HASH.test(hash)) {
      fail(row, 'hash', 'an infohash is 40 hexadecimal characters (v1) or 64 (v2)');
    }
    const fileName = r.fileName.trim();
    if (fileName.length > 1000) fail(row, 'fileName', 'at most 1,000 characters');
    const title = r.title.trim();
    if (title.length > 1000) fail(row, 'title', 'at most 1,000 characters');
    items.push({
      ip,
      ...(portText !== '' ? { port } : {}),
      observedAt: atText,
      protocol,
      ...(fileName ? { fileName } : {}),
      ...(hash
        ? { hash: hash.toLowerCase(), hashType: hash.length === 40 ? 'SHA1' : 'SHA256' }
        : {}),
      ...(title ? { title } : {}),
    });
  });
  if (items.length === 0 && Object.keys(errors).length === 0) {
    errors[rowFieldName('ip', 1)] =
      'Row 1, IP address: list at least one item (address, port and time)';
  }
  return { items, errors };
}

// The form as our own JSON notice schema: the portal submits through the API's path.
export function toSubmission(form: NoticeForm, items: ValidItem[]): NoticeSubmissionDto {
  return {
    caseId: form.caseId.trim(),
    owner: form.owner.trim(),
    title: form.title.trim(),
    claimant: {
      name: form.claimantName.trim(),
      address: form.claimantAddress.trim(),
      ...(form.claimantEmail ? { email: form.claimantEmail.trim() } : {}),
      ...(form.claimantPhone ? { phone: form.claimantPhone.trim() } : {}),
    },
    items,
    goodFaithStatement: true,
    accuracyStatement: true,
  };
}

// What an uploaded or pasted notice is, from its name, declared type and first bytes.
export function mediaTypeOfUpload(
  name: string | null,
  declared: string | null,
  body: Buffer,
): string {
  const lower = (name ?? '').toLowerCase();
  if (lower.endsWith('.eml') || declared === 'message/rfc822') return 'message/rfc822';
  if (lower.endsWith('.xml') || declared === 'application/xml' || declared === 'text/xml') {
    return 'application/xml';
  }
  if (lower.endsWith('.json') || declared === 'application/json') return 'application/json';
  const head = body
    .subarray(0, 512)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (head.startsWith('<')) return 'application/xml';
  if (head.startsWith('{')) return 'application/json';
  return 'message/rfc822';
}
