import { LeaseParser, ParseResult, ParserOptions, problem, skip, LineChunks } from './lease-event';
import { portBlockResult } from './port-block.util';
import { leadingSyslogTime } from './syslog-time.util';

const BLOCK = /\bUSER (\S+?):?\s.*?\b(NEW|DESTROY) BLOCK \((.*)\)\s*$/;
const POOL = /pool "([^"]*)"/;
const PUBLIC = /ip public ([0-9A-Fa-f.:]+?)(?:,|\s|$)/;
const PORTS = /port (\d+)\s*-\s*(\d+)/;

// 6WIND vRouter CG-NAT block logs; lines without NEW/DESTROY BLOCK are counted as skipped.
// Its syslog stamps are BSD (no year) by default: the year is given or inferred (opts.year).
export const parseCgnat6wind: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (!/\b(NEW|DESTROY) BLOCK\b/.test(line)) {
        yield skip(lineNumber, 'not a block message');
        continue;
      }
      const m = BLOCK.exec(line);
      if (!m) {
        yield problem(lineNumber, 'unrecognised 6WIND block message', line);
        continue;
      }
      const time = leadingSyslogTime(line, opts.timeZone, opts.year);
      if (time === null || 'error' in time) {
        yield problem(lineNumber, time?.error ?? 'no timestamp', line);
        continue;
      }
      const detail = m[3];
      const ports = PORTS.exec(detail);
      yield portBlockResult(
        {
          action: m[2] === 'NEW' ? 'alloc' : 'release',
          insideIp: m[1],
          publicIp: PUBLIC.exec(detail)?.[1],
          portLow: ports?.[1],
          portHigh: ports?.[2],
          pool: POOL.exec(detail)?.[1],
          at: time.date,
        },
        lineNumber,
        line,
      );
    }
  }
};
