import { parse as parseCsv } from 'csv-parse/sync';
import { dhcpSessionKey, normaliseHexId, normaliseMac } from './identifier.util';
import { canonicalPrefix } from './ip-prefix.util';
import {
  LeaseIdentifiers,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  skip,
  LineChunks,
} from './lease-event';

interface Layout {
  family: 4 | 6;
  columns: Map<string, number>;
}

// The schema-1.0 headers (Kea before 0.9.2) have no `state` column: every row is assigned.
const V4_REQUIRED = ['address', 'hwaddr', 'client_id', 'valid_lifetime', 'expire'];
const V6_REQUIRED = ['address', 'duid', 'valid_lifetime', 'expire', 'lease_type', 'prefix_len'];
// Kea writes an all-zero DUID (`00:00:00`) where it has none, and refuses it as a client
// identifier itself: it names no device.
const PLACEHOLDER_ID = /^00(:00)*$/;
const INFINITE_LIFETIME = 0xffffffff;

export function parseCsvLine(line: string): string[] | null {
  // Almost every lease line has no quotes; csv-parse costs ~20x a split for those.
  if (!line.includes('"')) return line.split(',');
  try {
    const rows = parseCsv(line, { relax_column_count: true, relax_quotes: true });
    return rows.length === 1 ? rows[0] : null;
  } catch {
    return null;
  }
}

function layoutFrom(fields: string[]): Layout | string {
  const columns = new Map(fields.map((name, i) => [name.trim(), i]));
  const family = columns.has('duid') ? 6 : 4;
  const missing = (family === 4 ? V4_REQUIRED : V6_REQUIRED).filter((c) => !columns.has(c));
  if (missing.length > 0) return `Kea v${family} header lacks ${missing.join(', ')}`;
  return { family, columns };
}

// 1 to 12 decimal digits (surrounding blanks allowed), read without a regular expression.
function integer(text: string): number | null {
  const t = text.trim();
  if (t.length === 0 || t.length > 12) return null;
  let n = 0;
  for (let i = 0; i < t.length; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n;
}

function field(fields: string[], index: number | undefined): string {
  if (index === undefined) return '';
  const v = fields[index];
  return v === undefined ? '' : v.trim();
}

// Kea's store-extended-info keeps option 82 in user_context as hex TLVs (sub-option 1 circuit-id,
// 2 remote-id); commas inside the CSV field are escaped as &#x2c.
function relayIds(userContext: string): LeaseIdentifiers {
  if (!userContext.includes('relay-agent-info')) return {};
  let context: unknown;
  try {
    context = JSON.parse(userContext.replace(/&#x2c/g, ','));
  } catch {
    return {};
  }
  const isc = (context as { ISC?: { 'relay-agent-info'?: unknown } } | null)?.ISC;
  const info = isc?.['relay-agent-info'];
  const sub =
    typeof info === 'string'
      ? info
      : (info as { 'sub-options'?: unknown } | undefined)?.['sub-options'];
  if (typeof sub !== 'string') return {};
  const hex = normaliseHexId(sub);
  if (hex === null) return {};
  const bytes = hex.split(':').map((h) => parseInt(h, 16));
  const ids: LeaseIdentifiers = {};
  for (let i = 0; i + 1 < bytes.length;) {
    const [code, len] = [bytes[i], bytes[i + 1]];
    const value = bytes.slice(i + 2, i + 2 + len);
    if (value.length !== len || len === 0) break;
    const text = value.map((b) => b.toString(16).padStart(2, '0')).join(':');
    if (code === 1) ids.circuitId = text;
    if (code === 2) ids.remoteId = text;
    i += 2 + len;
  }
  return ids;
}

// Kea memfile lease CSV (v4 or v6, detected from the header, columns looked up by name). A header
// line may reappear mid-stream (concatenated files) and switches the layout. Declined leases
// (state 1) are skipped; states 2 (expired-reclaimed) and 3 (released) give endIsActual true with
// `expire` as the end: Kea keeps cltt + valid_lifetime on reclamation, and on release with lease
// affinity it sets valid_lifetime to 0 so `expire` is the release time.
export const parseKeaCsv: LeaseParser = async function* (
  lines: LineChunks,
  _opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let layout: Layout | null = null;
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const fields = parseCsvLine(line);
      if (fields === null) {
        yield problem(lineNumber, 'malformed CSV', line);
        continue;
      }
      if (fields[0]?.trim() === 'address') {
        const next = layoutFrom(fields);
        if (typeof next === 'string') {
          layout = null;
          yield problem(lineNumber, next, line);
        } else {
          layout = next;
        }
        continue;
      }
      if (layout === null) {
        yield problem(lineNumber, 'no valid Kea CSV header before this row', line);
        continue;
      }
      yield keaRow(fields, layout, lineNumber, line);
    }
  }
};

type Field = (name: string) => string;

// One data row of a Kea CSV in the current layout: a binding, a skipped declined lease, or the
// problem that names what is wrong with it.
function keaRow(fields: string[], layout: Layout, lineNumber: number, line: string): ParseResult {
  const { columns, family } = layout;
  const get: Field = (name) => field(fields, columns.get(name));
  const state = get('state') === '' ? 0 : integer(get('state'));
  if (state === 1) return skip(lineNumber, 'declined lease (state 1)');
  if (state === null || state > 3)
    return problem(lineNumber, `unknown state "${get('state')}"`, line);
  const expire = integer(get('expire'));
  const valid = integer(get('valid_lifetime'));
  if (expire === null || valid === null) {
    return problem(lineNumber, 'invalid expire or valid_lifetime', line);
  }
  const length = family === 6 ? v6Length(get) : undefined;
  if (typeof length === 'string') return problem(lineNumber, length, line);
  const prefix = canonicalPrefix(get('address'), length);
  if (prefix === null || prefix.family !== family) {
    return problem(lineNumber, `invalid IPv${family} address "${get('address')}"`, line);
  }
  const ids = rowIdentifiers(get, family);
  if (typeof ids === 'string') return problem(lineNumber, ids, line);
  if (family === 4) Object.assign(ids, relayIds(get('user_context')));
  const cltt = new Date((expire - valid) * 1000);
  return {
    type: 'binding',
    family,
    prefix: prefix.prefix,
    identifiers: ids,
    action: 'snapshot',
    start: cltt,
    end: valid === INFINITE_LIFETIME ? null : new Date(expire * 1000),
    endIsActual: state !== 0 && valid !== INFINITE_LIFETIME,
    observedAt: cltt,
    sessionKey: dhcpSessionKey(prefix.prefix, ids),
    lineNumber,
    raw: line,
  };
}

// The prefix length of a v6 lease by its type (2: a delegated prefix), or what is wrong.
function v6Length(get: Field): number | string {
  const type = get('lease_type');
  if (type === '2') {
    const len = integer(get('prefix_len'));
    return len === null ? `invalid prefix_len "${get('prefix_len')}"` : len;
  }
  if (type === '0' || type === '1') return 128;
  return `unknown lease_type "${type}"`;
}

const V4_ID_COLUMNS = [
  ['hwaddr', 'mac'],
  ['client_id', 'clientId'],
] as const;
const V6_ID_COLUMNS = [
  ['duid', 'duid'],
  ['hwaddr', 'mac'],
] as const;

// The row's device identifiers, or what is wrong with one of them.
function rowIdentifiers(get: Field, family: 4 | 6): LeaseIdentifiers | string {
  const ids: LeaseIdentifiers = {};
  // Hardware addresses that are not 6-byte MACs (InfiniBand, other hwtypes) are left out
  // when the row has its client-id or DUID to name the device.
  const otherId = get(family === 4 ? 'client_id' : 'duid') !== '';
  let bad: string | null = null;
  for (const [column, key] of family === 4 ? V4_ID_COLUMNS : V6_ID_COLUMNS) {
    const value = get(column);
    if (value === '') continue;
    const normalised = key === 'mac' ? normaliseMac(value) : normaliseHexId(value);
    if (normalised === null) {
      if (key !== 'mac' || !otherId) bad = `invalid ${column} "${value}"`;
    } else if (key !== 'duid' || !PLACEHOLDER_ID.test(normalised)) {
      ids[key] = normalised;
    }
  }
  return bad ?? ids;
}
