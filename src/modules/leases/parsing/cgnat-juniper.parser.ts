import { canonicalIp } from './ip-prefix.util';
import {
  LeaseParser,
  ParseResult,
  ParserOptions,
  PortBlockEvent,
  problem,
  skip,
  LineChunks,
} from './lease-event';
import { TimeResult } from './local-time.util';
import { portBlockEvent, portBlockResult } from './port-block.util';
import { leadingSyslogTime } from './syslog-time.util';

const TAG_TEXT = 'RT_SRC_NAT_PBA_';
const SD_ELEMENT = /\[junos@[^\s\]]+((?:\s+[\w.-]+="(?:[^"\\]|\\.)*")*)\s*\]/;
const SD_PARAM = /([\w.-]+)="((?:[^"\\]|\\.)*)"/g;
const BARE_INSIDE = /\binternal-ip="/;
const CLASSIC =
  /RT_SRC_NAT_PBA_\w+:\s+Subscriber\s+(\S+)\s+\S+\s+port block\s+\[(\d+),\s*(\d+)\]\s+from\s+([0-9A-Fa-f.:]+)(?:\s+in source pool\s+([^\s,]+))?/;

// [\w]
const isWordChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
// [\w.-]
const isNameChar = (c: number) => isWordChar(c) || c === 0x2e || c === 0x2d;
const isSpace = (c: number) => c === 0x20 || c === 0x09;

// The first `\bRT_SRC_NAT_PBA_(ALLOC|INTERIM|RELEASE)\b` of a line, without a regular
// expression: its action, or null; `tagEnd` is where it ends.
interface Tag {
  action: PortBlockEvent['action'];
  name: 'ALLOC' | 'INTERIM' | 'RELEASE';
}
const TAGS: readonly Tag[] = [
  { action: 'alloc', name: 'ALLOC' },
  { action: 'interim', name: 'INTERIM' },
  { action: 'release', name: 'RELEASE' },
];
let tagEnd = 0;

function findTag(line: string): Tag | null {
  for (let at = line.indexOf(TAG_TEXT); at >= 0; at = line.indexOf(TAG_TEXT, at + 1)) {
    if (at > 0 && isWordChar(line.charCodeAt(at - 1))) continue;
    const from = at + TAG_TEXT.length;
    for (const tag of TAGS) {
      const end = from + tag.name.length;
      if (
        line.startsWith(tag.name, from) &&
        (end >= line.length || !isWordChar(line.charCodeAt(end)))
      ) {
        tagEnd = end;
        return tag;
      }
    }
  }
  return null;
}

// What a structured message says, as the log writes it. Parameters the parser does not use
// (logical-system-name, service-set-name, …) are passed over without being copied.
class Params {
  insideIp: string | undefined;
  publicIp: string | undefined;
  portLow: string | undefined;
  portHigh: string | undefined;
  pool: string | undefined;
  epoch: string | undefined;

  reset(): this {
    this.insideIp = this.publicIp = this.portLow = this.portHigh = undefined;
    this.pool = this.epoch = undefined;
    return this;
  }

  // The last occurrence of a name wins, as with a Map.
  set(line: string, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number) {
    switch (nameEnd - nameStart) {
      case 11:
        if (line.startsWith('internal-ip', nameStart))
          this.insideIp = line.slice(valueStart, valueEnd);
        break;
      case 12:
        if (line.startsWith('reflexive-ip', nameStart))
          this.publicIp = line.slice(valueStart, valueEnd);
        break;
      case 13:
        if (line.startsWith('nat-pool-name', nameStart))
          this.pool = line.slice(valueStart, valueEnd);
        else if (line.startsWith('epoch-time-64', nameStart))
          this.epoch = line.slice(valueStart, valueEnd);
        break;
      case 14:
        if (line.startsWith('block-port-low', nameStart))
          this.portLow = line.slice(valueStart, valueEnd);
        break;
      case 15:
        if (line.startsWith('block-port-high', nameStart))
          this.portHigh = line.slice(valueStart, valueEnd);
        break;
    }
  }

  fromMap(map: Map<string, string>): this {
    this.insideIp = map.get('internal-ip');
    this.publicIp = map.get('reflexive-ip');
    this.portLow = map.get('block-port-low');
    this.portHigh = map.get('block-port-high');
    this.pool = map.get('nat-pool-name');
    this.epoch = map.get('epoch-time-64');
    return this;
  }
}

// The parameters of the structured form: inside the `[junos@2636...]` element, or, where a
// collector dropped the SD-ID (or the brackets), as bare `name="value"` pairs after the tag.
// Lines without a backslash (no escapes) are scanned by hand; the regular expressions decide
// every other line, and any element the scanner does not find well formed, exactly as before.
function structuredParams(line: string, tagEnd: number, into: Params): Params | null {
  const escaped = line.includes('\\');
  const open = line.indexOf('[junos@');
  if (!escaped && open >= 0 && scanElement(line, open, into.reset())) return into;
  if (!escaped && open < 0) {
    // SD_ELEMENT needs `[junos@`: bare pairs after the tag.
    if (!BARE_INSIDE.test(line.slice(tagEnd))) return null;
    scanBarePairs(line, tagEnd, into.reset());
    return into;
  }
  const element = SD_ELEMENT.exec(line);
  const text = element ? element[1] : line.slice(tagEnd);
  if (!element && !BARE_INSIDE.test(text)) return null;
  const params = new Map<string, string>();
  // Values rarely hold an escape: the replace is only paid for those that do.
  for (const m of text.matchAll(SD_PARAM)) {
    params.set(m[1], m[2].includes('\\') ? m[2].replace(/\\(["\\\]])/g, '$1') : m[2]);
  }
  return into.fromMap(params);
}

// The common case of SD_ELEMENT: the first `[junos@…]` element, well formed, in a line without
// backslashes. False for anything else (which then goes the regex way).
function scanElement(line: string, open: number, into: Params): boolean {
  const n = line.length;
  let i = open + 7;
  const idStart = i;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c) || c === 0x5d) break;
    // Other whitespace (which \s would match) or anything unusual: the regex decides.
    if (c < 0x20 || c >= 0x7f) return false;
  }
  if (i === idStart) return false;
  for (;;) {
    const before = i;
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return false;
    if (line.charCodeAt(i) === 0x5d) return true;
    // A parameter must follow whitespace.
    if (i === before) return false;
    const nameStart = i;
    while (i < n && isNameChar(line.charCodeAt(i))) i++;
    if (i === nameStart || line.charCodeAt(i) !== 0x3d || line.charCodeAt(i + 1) !== 0x22) {
      return false;
    }
    const valueStart = i + 2;
    const close = line.indexOf('"', valueStart);
    if (close < 0) return false;
    into.set(line, nameStart, i, valueStart, close);
    i = close + 1;
  }
}

// `text.matchAll(SD_PARAM)` over the line after the tag, for a line without backslashes: each
// run of [\w.-] directly followed by `="` names a value that ends at the next quote.
function scanBarePairs(line: string, from: number, into: Params): void {
  const n = line.length;
  let i = from;
  while (i < n) {
    if (!isNameChar(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && isNameChar(line.charCodeAt(i))) i++;
    if (line.charCodeAt(i) !== 0x3d || line.charCodeAt(i + 1) !== 0x22) continue;
    const valueStart = i + 2;
    const close = line.indexOf('"', valueStart);
    if (close < 0) return;
    into.set(line, nameStart, i, valueStart, close);
    i = close + 1;
  }
}

const hexDigit = (c: number): number =>
  c >= 0x30 && c <= 0x39
    ? c - 0x30
    : c >= 0x61 && c <= 0x66
      ? c - 0x57
      : c >= 0x41 && c <= 0x46
        ? c - 0x37
        : -1;

// epoch-time-64 is hex, with or without `0x`; values too large for seconds are taken as
// milliseconds.
export function epochTime64(hex: string): TimeResult {
  const from =
    hex.length > 1 && hex.charCodeAt(0) === 0x30 && (hex.charCodeAt(1) | 0x20) === 0x78 ? 2 : 0;
  const digits = hex.length - from;
  let value = 0;
  for (let i = from; i < hex.length; i++) {
    const d = hexDigit(hex.charCodeAt(i));
    if (d < 0) return { error: `invalid epoch-time-64 "${hex}"` };
    value = value * 16 + d;
  }
  if (digits < 1 || digits > 16) return { error: `invalid epoch-time-64 "${hex}"` };
  // Past 13 digits the sum may round differently from parseInt: parseInt decides.
  if (digits > 13) value = Number.parseInt(hex.slice(from), 16);
  const date = new Date(value > 100_000_000_000 ? value : value * 1000);
  return Number.isNaN(date.getTime()) ? { error: `epoch-time-64 out of range "${hex}"` } : { date };
}

// A port as parsePort reads it (1 to 5 digits, at most 65535), or -1.
function simplePort(text: string | undefined): number {
  if (text === undefined || text.length === 0 || text.length > 5) return -1;
  let v = 0;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v <= 65535 ? v : -1;
}

// One event from the fields, validated as portBlockResult does; its problems (and anything
// unusual, such as a port with blanks around it) are worded by portBlockResult itself.
function structuredResult(
  action: PortBlockEvent['action'],
  p: Params,
  at: Date,
  lineNumber: number,
  raw: string,
): ParseResult {
  const portLow = simplePort(p.portLow);
  const portHigh = simplePort(p.portHigh);
  const publicIp = p.publicIp === undefined ? null : canonicalIp(p.publicIp);
  const insideIp = p.insideIp === undefined ? null : canonicalIp(p.insideIp);
  if (portLow < 0 || portHigh < 0 || portLow > portHigh || publicIp === null || insideIp === null) {
    return portBlockResult(
      {
        action,
        insideIp: p.insideIp,
        publicIp: p.publicIp,
        portLow: p.portLow,
        portHigh: p.portHigh,
        pool: p.pool,
        at,
      },
      lineNumber,
      raw,
    );
  }
  return portBlockEvent(
    action,
    publicIp,
    portLow,
    portHigh,
    insideIp,
    p.pool,
    undefined,
    at,
    lineNumber,
    raw,
  );
}

// Juniper port block allocation logs (MX/SRX), RFC 5424 structured (with or without the SD-ID)
// or classic text, after an RFC 5424, ISO or BSD (year given or inferred) stamp. Lines without
// an RT_SRC_NAT_PBA_* tag are other syslog traffic and are counted as skipped.
export const parseCgnatJuniper: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  const params = new Params();
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      const tag = findTag(line);
      if (!tag) {
        yield skip(lineNumber, 'not a port block message');
        continue;
      }
      const p = structuredParams(line, tagEnd, params);
      if (p) {
        const time =
          p.epoch !== undefined
            ? epochTime64(p.epoch)
            : leadingSyslogTime(line, opts.timeZone, opts.year);
        if (time === null || 'error' in time) {
          yield problem(lineNumber, time?.error ?? 'no timestamp', line);
          continue;
        }
        yield structuredResult(tag.action, p, time.date, lineNumber, line);
        continue;
      }
      const m = CLASSIC.exec(line);
      if (!m) {
        yield problem(lineNumber, `unrecognised RT_SRC_NAT_PBA_${tag.name} message`, line);
        continue;
      }
      const time = leadingSyslogTime(line, opts.timeZone, opts.year);
      if (time === null || 'error' in time) {
        yield problem(lineNumber, time?.error ?? 'no timestamp', line);
        continue;
      }
      yield portBlockResult(
        {
          action: tag.action,
          insideIp: m[1],
          portLow: m[2],
          portHigh: m[3],
          publicIp: m[4],
          pool: m[5],
          at: time.date,
        },
        lineNumber,
        line,
      );
    }
  }
};
