import {
  LeaseParser,
  ParseResult,
  ParserOptions,
  PortBlockEvent,
  problem,
  skip,
  LineChunks,
} from './lease-event';
import { monthFromName, resolveLocalTime, TimeResult } from './local-time.util';
import { portBlockResult } from './port-block.util';
import { leadingSyslogTime, SyslogYear } from './syslog-time.util';

const ACTIONS: Record<string, PortBlockEvent['action']> = { '106': 'alloc', '107': 'release' };

// CEF header fields are `|`-separated with `\|` and `\\` escapes; the 8th part is the extension.
// Headers without escapes never come here (cefHead finds their parts by position).
function splitCef(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (parts.length < 7 && ch === '\\' && i + 1 < text.length) {
      current += text[++i];
    } else if (parts.length < 7 && ch === '|') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

// The header parts a port batch is told by (vendor, signature) and the extension. Most headers
// have no escapes: their parts are found by position and only these three are copied.
function cefHead(
  line: string,
  start: number,
): { vendor: string; signature: string; extension: string } | null {
  const bars: number[] = [];
  let from = start;
  for (let k = 0; k < 7; k++) {
    const bar = line.indexOf('|', from);
    if (bar < 0) break;
    bars.push(bar);
    from = bar + 1;
  }
  const backslash = line.indexOf('\\', start);
  if (bars.length === 7 && (backslash < 0 || backslash >= from)) {
    return {
      vendor: line.slice(bars[0] + 1, bars[1]),
      signature: line.slice(bars[3] + 1, bars[4]),
      extension: line.slice(from),
    };
  }
  const parts = splitCef(line.slice(start));
  return parts.length < 8 ? null : { vendor: parts[1], signature: parts[4], extension: parts[7] };
}

// The number that ends a signature (`CGN 106`, `106`), after white space or alone; '' if none.
export function trailingNumber(signature: string): string {
  let end = signature.length;
  while (end > 0 && isSpaceAt(signature, end - 1)) end--;
  let k = end;
  while (k > 0) {
    const c = signature.charCodeAt(k - 1);
    if (c < 48 || c > 57) break;
    k--;
  }
  if (k === end) return '';
  let lead = k;
  while (lead > 0 && isSpaceAt(signature, lead - 1)) lead--;
  // Digits after something other than white space (`CGN-106`) are no signature number.
  if (k > 0 && lead === k) return '';
  return signature.slice(k, end);
}

// Extension values run until the next ` key=` (a key is letters, digits, `_` and `.`, at the
// start or after whitespace); `\=`, `\\` and `\n` are escapes. One pass over the `=` signs: on
// a port block log this runs for every line, and a regular expression's match objects cost
// more than the rest of the line's parsing.
// `keep`: only these keys are read (the others still end the value before them).
export function cefExtension(text: string, keep?: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  let key: string | null = null;
  let valueFrom = 0;
  for (let eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
    let k = eq;
    while (k > 0 && isKeyChar(text.charCodeAt(k - 1))) k--;
    if (k === eq || (k > 0 && !isSpaceAt(text, k - 1))) continue;
    if (key !== null) setValue(out, key, text.slice(valueFrom, k > 0 ? k - 1 : 0));
    key = text.slice(k, eq);
    if (keep && !keep.has(key)) key = null;
    valueFrom = eq + 1;
  }
  if (key !== null) setValue(out, key, text.slice(valueFrom));
  return out;
}

function setValue(out: Map<string, string>, key: string, raw: string): void {
  const value = raw.trim();
  out.set(
    key,
    value.includes('\\') ? value.replace(/\\([=\\])/g, '$1').replace(/\\n/g, '\n') : value,
  );
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46
  );
}

// What `\s` matches in a regular expression (a space, a tab, or any other white space).
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 32 || c === 9) return true;
  if (c > 32 && c < 127) return false;
  return /\s/.test(text[i]);
}

// CEF's other `rt` form: `MMM dd yyyy HH:mm:ss[.SSS]`, read in the source's zone.
const CEF_DATE = /^([A-Z][a-z]{2}) (\d{1,2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;

// The event time: `rt` (epoch ms, or a CEF date), else the time the collector wrote at the
// start of the line (RFC 5424, ISO 8601, or a BSD stamp whose year is given or inferred).
function receiptTime(
  rt: string | undefined,
  line: string,
  timeZone: string,
  year: SyslogYear | undefined,
): TimeResult {
  if (rt === undefined) {
    return (
      leadingSyslogTime(line, timeZone, year) ?? {
        error: 'no rt and no line time from the collector: the event has no time',
      }
    );
  }
  if (/^\d{10,15}$/.test(rt)) return { date: new Date(Number(rt)) };
  const d = CEF_DATE.exec(rt);
  const month = d ? monthFromName(d[1]) : null;
  if (d && month !== null) {
    return resolveLocalTime(
      {
        year: Number(d[3]),
        month,
        day: Number(d[2]),
        hour: Number(d[4]),
        minute: Number(d[5]),
        second: Number(d[6]),
        millisecond: d[7] ? Number(d[7].padEnd(3, '0')) : 0,
      },
      timeZone,
    );
  }
  return { error: `invalid rt "${rt}"` };
}

// The extension keys a port batch event is read from.
const PORT_BATCH_KEYS: ReadonlySet<string> = new Set([
  'rt',
  'src',
  'sourceTranslatedAddress',
  'sourceTranslatedPort',
  'cn3',
  'proto',
  'transportProtocol',
]);

// A10 Thunder CGN CEF logs: 106 port batch allocated, 107 freed, per protocol when `proto`
// names one. Other CEF events are skipped.
export const parseCgnatA10: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      const start = line.indexOf('CEF:');
      if (start < 0) {
        yield skip(lineNumber, 'not a CEF event');
        continue;
      }
      const head = cefHead(line, start);
      if (head === null) {
        yield problem(lineNumber, 'CEF header has fewer than 7 fields', line);
        continue;
      }
      const action = ACTIONS[trailingNumber(head.signature)];
      if (head.vendor !== 'A10' || action === undefined) {
        yield skip(lineNumber, 'not a port batch event');
        continue;
      }
      const ext = cefExtension(head.extension, PORT_BATCH_KEYS);
      const time = receiptTime(ext.get('rt'), line, opts.timeZone, opts.year);
      if ('error' in time) {
        yield problem(lineNumber, time.error, line);
        continue;
      }
      yield portBlockResult(
        {
          action,
          insideIp: ext.get('src'),
          publicIp: ext.get('sourceTranslatedAddress'),
          portLow: ext.get('sourceTranslatedPort'),
          portHigh: ext.get('cn3'),
          // Per-protocol port batches name their protocol (CEF's transport protocol key).
          protocol: ext.get('proto') ?? ext.get('transportProtocol'),
          at: time.date,
        },
        lineNumber,
        line,
      );
    }
  }
};
