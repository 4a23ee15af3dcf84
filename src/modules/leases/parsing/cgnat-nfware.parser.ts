import { LeaseParser, ParseResult, ParserOptions, problem, skip, LineChunks } from './lease-event';
import { portBlockResult } from './port-block.util';
import { leadingSyslogTime } from './syslog-time.util';

const RECORD = /\b([AD]) VRF (\d+) INT (\S+) EXT (\S+):(\d+)-(\d+)\s*$/;
// A port range after EXT: a block record (a mapping of one address or one port has none).
const BLOCK_LIKE = /\bEXT \S+:\d+\s*-/;

// NFWare vCGNAT port block log: `<ISO time> ... A|D VRF n INT inside EXT public:low-high`.
// The VRF number is not kept: PortBlockEvent has no field for it. Other lines, and
// address, port and session mappings (no port range), are counted as skipped.
export const parseCgnatNfware: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (!/\b[AD] VRF \d/.test(line)) {
        yield skip(lineNumber, 'not an NFWare record');
        continue;
      }
      const m = RECORD.exec(line);
      if (!m && !BLOCK_LIKE.test(line)) {
        // Address, port and session mappings carry no port block.
        yield skip(lineNumber, 'NFWare mapping without a port block');
        continue;
      }
      if (!m) {
        yield problem(lineNumber, 'unrecognised NFWare block record', line);
        continue;
      }
      const time = leadingSyslogTime(line, opts.timeZone, opts.year);
      if (time === null || 'error' in time) {
        yield problem(lineNumber, time?.error ?? 'no timestamp', line);
        continue;
      }
      yield portBlockResult(
        {
          action: m[1] === 'A' ? 'alloc' : 'release',
          insideIp: m[3],
          publicIp: m[4],
          portLow: m[5],
          portHigh: m[6],
          at: time.date,
        },
        lineNumber,
        line,
      );
    }
  }
};
