import {
  LeaseParser,
  ParseResult,
  ParserOptions,
  PortBlockEvent,
  problem,
  LineChunks,
} from './lease-event';
import { TimeResult } from './local-time.util';
import { portBlockResult } from './port-block.util';
import { leadingSyslogTime } from './syslog-time.util';

const ACTIONS: Record<string, PortBlockEvent['action']> = { '106': 'alloc', '107': 'release' };

// CEF header fields are `|`-separated with `\|` and `\\` escapes; the 8th part is the extension.
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

// Extension values run until the next ` key=`; `\=`, `\\` and `\n` are escapes.
export function cefExtension(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const keys = [...text.matchAll(/(?:^|\s)([A-Za-z0-9_.]+)=/g)];
  keys.forEach((m, i) => {
    const from = (m.index ?? 0) + m[0].length;
    const to = i + 1 < keys.length ? (keys[i + 1].index ?? text.length) : text.length;
    const value = text
      .slice(from, to)
      .trim()
      .replace(/\\([=\\])/g, '$1')
      .replace(/\\n/g, '\n');
    out.set(m[1], value);
  });
  return out;
}

function receiptTime(rt: string | undefined, line: string, timeZone: string): TimeResult | null {
  if (rt === undefined) return leadingSyslogTime(line, timeZone);
  // rt is epoch milliseconds on A10 (CEF also allows seconds-free dates, which A10 does not use).
  if (/^\d{10,15}$/.test(rt)) return { date: new Date(Number(rt)) };
  return { error: `invalid rt "${rt}"` };
}

// A10 Thunder CGN CEF logs: 106 port batch allocated, 107 freed. Other CEF events are skipped.
export const parseCgnatA10: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      const start = line.indexOf('CEF:');
      if (start < 0) continue;
      const parts = splitCef(line.slice(start));
      if (parts.length < 8) {
        yield problem(lineNumber, 'CEF header has fewer than 7 fields', line);
        continue;
      }
      if (parts[1] !== 'A10') continue;
      const signature = /(?:^|\s)(\d+)$/.exec(parts[4].trim());
      const action = signature ? ACTIONS[signature[1]] : undefined;
      if (action === undefined) continue;
      const ext = cefExtension(parts[7]);
      const time = receiptTime(ext.get('rt'), line, opts.timeZone);
      if (time === null || 'error' in time) {
        yield problem(lineNumber, time?.error ?? 'no rt and no syslog timestamp', line);
        continue;
      }
      yield portBlockResult(
        {
          action,
          insideIp: ext.get('src'),
          publicIp: ext.get('sourceTranslatedAddress'),
          portLow: ext.get('sourceTranslatedPort'),
          portHigh: ext.get('cn3'),
          at: time.date,
        },
        lineNumber,
        line,
      );
    }
  }
};
