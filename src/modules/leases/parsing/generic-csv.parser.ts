// Generic lease CSV, for sources without a dedicated parser (README.md has the long form):
//   ip,prefix_len,start,end,identifier_type,identifier[,session_id]
//   192.0.2.40,32,2026-10-07T08:00:00Z,2026-10-07T12:00:00Z,mac,00:1a:2b:3c:4d:5e,
// - header required; columns found by name; blank lines and `#` lines ignored.
// - prefix_len empty = single address; start/end ISO 8601 with explicit zone (`Z`, `+hh:mm`):
//   a zone-less time is a problem, never guessed; empty end = still open (end null), a given end
//   is actual (endIsActual true) and may not precede start.
// - identifier_type: mac, client_id, duid, circuit_id, remote_id, username; session_id becomes
//   sessionKey. One 'snapshot' binding per row, observedAt = start.
import { normaliseHexId, normaliseMac } from './identifier.util';
import { canonicalPrefix } from './ip-prefix.util';
import { parseCsvLine } from './kea-csv.parser';
import {
  LeaseIdentifiers,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  LineChunks,
} from './lease-event';
import { parseIsoWithZone } from './local-time.util';

const REQUIRED = ['ip', 'prefix_len', 'start', 'end', 'identifier_type', 'identifier'];
const IDENTIFIER_TYPES: Record<string, keyof LeaseIdentifiers> = {
  mac: 'mac',
  client_id: 'clientId',
  duid: 'duid',
  circuit_id: 'circuitId',
  remote_id: 'remoteId',
  username: 'username',
};

function timestamp(name: string, text: string): Date | string {
  const date = parseIsoWithZone(text);
  if (date) return date;
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}([.,]\d+)?)?$/.test(text.trim())
    ? `${name} has no time zone`
    : `invalid ${name} "${text}"`;
}

function identifierValue(type: keyof LeaseIdentifiers, text: string): string | null {
  if (type === 'username') return text.trim() === '' ? null : text.trim();
  return type === 'mac' ? normaliseMac(text) : normaliseHexId(text);
}

// Operator-supplied CSV (see README.md): one binding per row, ISO 8601 times with explicit zone.
export const parseGenericCsv: LeaseParser = async function* (
  lines: LineChunks,
  _opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let columns: Map<string, number> | null = null;
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (line.trim() === '' || line.startsWith('#')) continue;
      const fields = parseCsvLine(line);
      if (fields === null) {
        yield problem(lineNumber, 'malformed CSV', line);
        continue;
      }
      if (columns === null) {
        const header = new Map(fields.map((name, i) => [name.trim().toLowerCase(), i]));
        const missing = REQUIRED.filter((c) => !header.has(c));
        if (missing.length > 0) {
          yield problem(lineNumber, `header lacks ${missing.join(', ')}`, line);
          continue;
        }
        columns = header;
        continue;
      }
      const map = columns;
      const get = (name: string): string => {
        const index = map.get(name);
        return index === undefined ? '' : (fields[index] ?? '').trim();
      };
      const lengthText = get('prefix_len');
      if (lengthText !== '' && !/^\d{1,3}$/.test(lengthText)) {
        yield problem(lineNumber, `invalid prefix_len "${lengthText}"`, line);
        continue;
      }
      const prefix = canonicalPrefix(get('ip'), lengthText === '' ? undefined : Number(lengthText));
      if (prefix === null) {
        yield problem(lineNumber, `invalid ip/prefix_len "${get('ip')}/${lengthText}"`, line);
        continue;
      }
      const start = timestamp('start', get('start'));
      const end = get('end') === '' ? null : timestamp('end', get('end'));
      if (typeof start === 'string' || typeof end === 'string') {
        yield problem(lineNumber, typeof start === 'string' ? start : (end as string), line);
        continue;
      }
      if (end !== null && end < start) {
        yield problem(lineNumber, 'end is before start', line);
        continue;
      }
      const type = IDENTIFIER_TYPES[get('identifier_type').toLowerCase()];
      if (type === undefined) {
        yield problem(lineNumber, `unknown identifier_type "${get('identifier_type')}"`, line);
        continue;
      }
      const value = identifierValue(type, get('identifier'));
      if (value === null) {
        yield problem(lineNumber, `invalid ${get('identifier_type')} "${get('identifier')}"`, line);
        continue;
      }
      const sessionKey = get('session_id');
      yield {
        type: 'binding',
        family: prefix.family,
        prefix: prefix.prefix,
        identifiers: { [type]: value },
        action: 'snapshot',
        start,
        end,
        endIsActual: end !== null,
        observedAt: start,
        ...(sessionKey !== '' ? { sessionKey } : {}),
        lineNumber,
        raw: line,
      };
    }
  }
};
