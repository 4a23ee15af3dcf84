import { normaliseMac } from './identifier.util';
import { canonicalIp, canonicalPrefix } from './ip-prefix.util';
import {
  BindingAction,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  skip,
  LineChunks,
} from './lease-event';
import { monthFromName, resolveLocalTime, TimeResult } from './local-time.util';

interface DetailRecord {
  lineNumber: number;
  lines: string[];
  header: string;
  attributes: Map<string, string[]>;
}

const HEADER = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
// FreeRADIUS prints dates as `Mar 10 2020 14:36:18 CET` in the server's zone.
const EVENT_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?: (\S+))?$/;
const ATTRIBUTE = /^\s+([A-Za-z0-9][\w.:-]*)\s*=\s*(.*)$/;
const STATUS: Record<string, BindingAction | 'accounting-on' | 'accounting-off'> = {
  start: 'start',
  '1': 'start',
  stop: 'stop',
  '2': 'stop',
  'interim-update': 'interim',
  alive: 'interim',
  '3': 'interim',
  'accounting-on': 'accounting-on',
  '7': 'accounting-on',
  'accounting-off': 'accounting-off',
  '8': 'accounting-off',
};
// One binding per address attribute, with the length to use when the value has none.
const ADDRESS_ATTRIBUTES: [string, number | undefined][] = [
  ['Framed-IP-Address', 32],
  ['Framed-IPv6-Address', 128],
  ['Framed-IPv6-Prefix', undefined],
  ['Delegated-IPv6-Prefix', undefined],
];

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    return v.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
  return v;
}

function wallTime(
  monthName: string,
  day: string,
  year: string,
  hms: string[],
  timeZone: string,
  abbreviation?: string,
): TimeResult {
  const month = monthFromName(monthName);
  if (month === null) return { error: `invalid month ${monthName}` };
  const [hour, minute, second] = hms.map(Number);
  return resolveLocalTime(
    { year: Number(year), month, day: Number(day), hour, minute, second },
    timeZone,
    abbreviation,
  );
}

function seconds(record: DetailRecord, name: string): number | null | string {
  const value = record.attributes.get(name)?.[0];
  if (value === undefined) return null;
  return /^\d{1,10}$/.test(value) ? Number(value) : `invalid ${name} "${value}"`;
}

// Server receive times (Timestamp, header) are corrected by Acct-Delay-Time; Event-Timestamp is
// the NAS's own event time (RFC 2869 5.3) and is used as written.
function eventTime(record: DetailRecord, timeZone: string): TimeResult {
  const delay = seconds(record, 'Acct-Delay-Time');
  if (typeof delay === 'string') return { error: delay };
  const lessDelay = (date: Date): TimeResult => ({
    date: new Date(date.getTime() - (delay ?? 0) * 1000),
  });
  const stamp = record.attributes.get('Timestamp')?.[0];
  if (stamp !== undefined) {
    if (!/^\d{1,12}$/.test(stamp)) return { error: `invalid Timestamp "${stamp}"` };
    return lessDelay(new Date(Number(stamp) * 1000));
  }
  const event = record.attributes.get('Event-Timestamp')?.[0];
  if (event !== undefined) {
    if (/^\d{1,12}$/.test(event)) return { date: new Date(Number(event) * 1000) };
    const m = EVENT_TIME.exec(event);
    if (!m) return { error: `invalid Event-Timestamp "${event}"` };
    const t = wallTime(m[1], m[2], m[3], m.slice(4, 7), timeZone, m[7]);
    return 'error' in t ? { error: `Event-Timestamp: ${t.error}` } : t;
  }
  const h = HEADER.exec(record.header.trim());
  if (!h) return { error: 'invalid detail header and no Timestamp' };
  const t = wallTime(h[1], h[2], h[6], h.slice(3, 6), timeZone);
  return 'error' in t ? { error: `header: ${t.error}` } : lessDelay(t.date);
}

function* fromRecord(record: DetailRecord, opts: ParserOptions): Generator<ParseResult> {
  const raw = record.lines.join('\n');
  const { lineNumber } = record;
  const attr = (name: string): string | undefined => record.attributes.get(name)?.[0];
  const statusText = attr('Acct-Status-Type');
  const status = statusText === undefined ? undefined : STATUS[statusText.toLowerCase()];
  if (status === undefined) {
    yield problem(lineNumber, `missing or unsupported Acct-Status-Type "${statusText ?? ''}"`, raw);
    return;
  }
  const time = eventTime(record, opts.timeZone);
  if ('error' in time) {
    yield problem(lineNumber, time.error, raw);
    return;
  }
  const at = time.date;
  const nasText = attr('NAS-IP-Address') ?? attr('NAS-IPv6-Address');
  const nas = nasText === undefined ? undefined : canonicalIp(nasText);
  if (nas === null) {
    yield problem(lineNumber, `invalid NAS address "${nasText ?? ''}"`, raw);
    return;
  }
  if (status === 'accounting-on' || status === 'accounting-off') {
    if (nas === undefined) {
      yield problem(lineNumber, `${statusText ?? ''} without NAS-IP-Address`, raw);
      return;
    }
    yield { type: 'nas_reset', nas, at, kind: status, lineNumber, raw };
    return;
  }
  const sessionTime = seconds(record, 'Acct-Session-Time');
  if (typeof sessionTime === 'string') {
    yield problem(lineNumber, sessionTime, raw);
    return;
  }
  const sessionId = attr('Acct-Session-Id');
  const sessionKey =
    attr('Acct-Unique-Session-Id') ??
    (nas !== undefined && sessionId !== undefined ? `${nas}|${sessionId}` : undefined);
  const username = attr('User-Name');
  const mac = normaliseMac(attr('Calling-Station-Id') ?? '');
  const start = status === 'start' ? at : new Date(at.getTime() - (sessionTime ?? 0) * 1000);
  let found = 0;
  for (const [name, length] of ADDRESS_ATTRIBUTES) {
    for (const value of record.attributes.get(name) ?? []) {
      found += 1;
      const prefix = canonicalPrefix(value, value.includes('/') ? undefined : length);
      if (prefix === null || (length === 32) !== (prefix.family === 4)) {
        yield problem(lineNumber, `invalid ${name} "${value}"`, raw);
        continue;
      }
      yield {
        type: 'binding',
        family: prefix.family,
        prefix: prefix.prefix,
        identifiers: {
          ...(username !== undefined && username !== '' ? { username } : {}),
          ...(mac !== null ? { mac } : {}),
        },
        action: status,
        start,
        end: status === 'stop' ? at : null,
        endIsActual: status === 'stop',
        observedAt: at,
        ...(sessionKey !== undefined ? { sessionKey } : {}),
        ...(nas !== undefined ? { nas } : {}),
        lineNumber,
        raw,
      };
    }
  }
  // 802.1X and other accounting without any address carries no binding: skipped, not an error.
  if (found === 0) yield skip(lineNumber, 'no Framed-IP-Address or IPv6 prefix (no binding)');
}

// FreeRADIUS `detail` accounting files: a header line (server local time, no zone; read in
// opts.timeZone), indented `Attr = value` lines, records separated by blank lines.
export const parseRadiusDetail: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let record: DetailRecord | null = null;
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (line.trim() === '') {
        if (record) yield* fromRecord(record, opts);
        record = null;
        continue;
      }
      if (!/^\s/.test(line)) {
        // A header without a blank line before it still starts a new record.
        if (record) yield* fromRecord(record, opts);
        record = { lineNumber, lines: [line], header: line, attributes: new Map() };
        continue;
      }
      const m = ATTRIBUTE.exec(line);
      if (!record) {
        yield problem(lineNumber, 'attribute line outside a record', line);
        continue;
      }
      record.lines.push(line);
      if (!m) {
        yield problem(lineNumber, 'not an `Attr = value` line', line);
        continue;
      }
      const values = record.attributes.get(m[1]) ?? [];
      values.push(unquote(m[2]));
      record.attributes.set(m[1], values);
    }
  }
  if (record) yield* fromRecord(record, opts);
};
