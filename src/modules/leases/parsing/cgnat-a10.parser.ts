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
function splitCef(text: string): string[] {
  // Most headers have no escapes: seven indexOf calls instead of a loop that builds strings.
  const fast: string[] = [];
  let from = 0;
  for (let k = 0; k < 7; k++) {
    const bar = text.indexOf('|', from);
    if (bar < 0) break;
    fast.push(text.slice(from, bar));
    from = bar + 1;
  }
  if (fast.length === 7 && !text.slice(0, from).includes('\\')) {
    fast.push(text.slice(from));
    return fast;
  }
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

// Extension values run until the next ` key=`; `\=`, `\\` and `\n` are escapes.
export function cefExtension(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keys = [...text.matchAll(/(?:^|\s)([A-Za-z0-9_.]+)=/g)];
  keys.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < keys.length ? (keys[i + 1].index ?? text.length) : text.length;
    const value = text.slice(from, to).trim();
    out.set(
      m[1],
      value.includes('\\') ? value.replace(/\\([=\\])/g, '$1').replace(/\\n/g, '\n') : value,
    );
  });
  return out;
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
      const parts = splitCef(line.slice(start));
      if (parts.length < 8) {
        yield problem(lineNumber, 'CEF header has fewer than 7 fields', line);
        continue;
      }
      const signature = /(?:^|\s)(\d+)$/.exec(parts[4].trim());
      const action = signature ? ACTIONS[signature[1]] : undefined;
      if (parts[1] !== 'A10' || action === undefined) {
        yield skip(lineNumber, 'not a port batch event');
        continue;
      }
      const ext = cefExtension(parts[7]);
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
