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
import { portBlockResult } from './port-block.util';
import { leadingSyslogTime } from './syslog-time.util';

const TAG = /\bRT_SRC_NAT_PBA_(ALLOC|INTERIM|RELEASE)\b/;
const SD_ELEMENT = /\[junos@[^\s\]]+((?:\s+[\w.-]+="(?:[^"\\]|\\.)*")*)\s*\]/;
const SD_PARAM = /([\w.-]+)="((?:[^"\\]|\\.)*)"/g;
const CLASSIC =
  /RT_SRC_NAT_PBA_\w+:\s+Subscriber\s+(\S+)\s+\S+\s+port block\s+\[(\d+),\s*(\d+)\]\s+from\s+([0-9A-Fa-f.:]+)(?:\s+in source pool\s+([^\s,]+))?/;
const ACTIONS: Record<string, PortBlockEvent['action']> = {
  ALLOC: 'alloc',
  INTERIM: 'interim',
  RELEASE: 'release',
};

// The parameters of the structured form: inside the `[junos@2636...]` element, or, where a
// collector dropped the SD-ID (or the brackets), as bare `name="value"` pairs after the tag.
function structuredParams(line: string, tagEnd: number): Map<string, string> | null {
  const fast = scanElement(line);
  if (fast) return fast;
  const element = SD_ELEMENT.exec(line);
  const text = element ? element[1] : line.slice(tagEnd);
  if (!element && !/\binternal-ip="/.test(text)) return null;
  const params = new Map<string, string>();
  // Values rarely hold an escape: the replace is only paid for those that do.
  for (const m of text.matchAll(SD_PARAM)) {
    params.set(m[1], m[2].includes('\\') ? m[2].replace(/\\(["\\\]])/g, '$1') : m[2]);
  }
  return params;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09;
// [\w.-]
const isNameChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x5f ||
  c === 0x2e ||
  c === 0x2d;

// The common case of SD_ELEMENT without its regular expressions (which cost more than the rest
// of a line's parsing): the first `[junos@…]` element, well formed, in a line without
// backslashes (so without escapes). Anything else returns null and goes the regex way, which
// decides every unusual line exactly as before.
function scanElement(line: string): Map<string, string> | null {
  if (line.includes('\\')) return null;
  const open = line.indexOf('[junos@');
  if (open < 0) return null;
  const n = line.length;
  let i = open + 7;
  const idStart = i;
  for (; i < n; i++) {
    const c = line.charCodeAt(i);
    if (isSpace(c) || c === 0x5d) break;
    // Other whitespace (which \s would match) or anything unusual: the regex decides.
    if (c < 0x20 || c >= 0x7f) return null;
  }
  if (i === idStart) return null;
  const params = new Map<string, string>();
  for (;;) {
    const before = i;
    while (i < n && isSpace(line.charCodeAt(i))) i++;
    if (i >= n) return null;
    if (line.charCodeAt(i) === 0x5d) return params;
    // A parameter must follow whitespace.
    if (i === before) return null;
    const nameStart = i;
    while (i < n && isNameChar(line.charCodeAt(i))) i++;
    if (i === nameStart || line.charCodeAt(i) !== 0x3d || line.charCodeAt(i + 1) !== 0x22) {
      return null;
    }
    const name = line.slice(nameStart, i);
    const valueStart = i + 2;
    const close = line.indexOf('"', valueStart);
    if (close < 0) return null;
    params.set(name, line.slice(valueStart, close));
    i = close + 1;
  }
}

// epoch-time-64 is hex, with or without `0x`; values too large for seconds are taken as
// milliseconds.
function epochTime64(hex: string): TimeResult {
  const m = /^(?:0x)?([0-9a-f]{1,16})$/i.exec(hex);
  if (!m) return { error: `invalid epoch-time-64 "${hex}"` };
  const value = Number.parseInt(m[1], 16);
  const date = new Date(value > 100_000_000_000 ? value : value * 1000);
  return Number.isNaN(date.getTime()) ? { error: `epoch-time-64 out of range "${hex}"` } : { date };
}

// Juniper port block allocation logs (MX/SRX), RFC 5424 structured (with or without the SD-ID)
// or classic text, after an RFC 5424, ISO or BSD (year given or inferred) stamp. Lines without
// an RT_SRC_NAT_PBA_* tag are other syslog traffic and are counted as skipped.
export const parseCgnatJuniper: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      const tag = TAG.exec(line);
      if (!tag) {
        yield skip(lineNumber, 'not a port block message');
        continue;
      }
      const action = ACTIONS[tag[1]];
      const params = structuredParams(line, tag.index + tag[0].length);
      let fields: Omit<Parameters<typeof portBlockResult>[0], 'at'>;
      let time: TimeResult | null;
      if (params) {
        fields = {
          action,
          insideIp: params.get('internal-ip'),
          publicIp: params.get('reflexive-ip'),
          portLow: params.get('block-port-low'),
          portHigh: params.get('block-port-high'),
          pool: params.get('nat-pool-name'),
        };
        const epoch = params.get('epoch-time-64');
        time =
          epoch !== undefined
            ? epochTime64(epoch)
            : leadingSyslogTime(line, opts.timeZone, opts.year);
      } else {
        const m = CLASSIC.exec(line);
        if (!m) {
          yield problem(lineNumber, `unrecognised RT_SRC_NAT_PBA_${tag[1]} message`, line);
          continue;
        }
        fields = {
          action,
          insideIp: m[1],
          portLow: m[2],
          portHigh: m[3],
          publicIp: m[4],
          pool: m[5],
        };
        time = leadingSyslogTime(line, opts.timeZone, opts.year);
      }
      if (time === null || 'error' in time) {
        yield problem(lineNumber, time?.error ?? 'no timestamp', line);
        continue;
      }
      yield portBlockResult({ ...fields, at: time.date }, lineNumber, line);
    }
  }
};
