import { dhcpSessionKey, normaliseHexId, normaliseMac } from './identifier.util';
import { canonicalPrefix } from './ip-prefix.util';
import {
  BindingAction,
  LeaseIdentifiers,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  LineChunks,
} from './lease-event';
import { parseIsoWithZone, resolveLocalTime, TimeResult } from './local-time.util';

const LINE = /^(.+?) (Address|Prefix): (\S+) has been (assigned|renewed|released)\b(.*)$/;
const LOCAL_TIME =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([A-Za-z][A-Za-z0-9+:-]*|[+-][\d:]+)$/;
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;
const LIFETIME = /^ for (?:(\d+) days? )?(\d+) hrs? (\d+) mins? (\d+) secs?/;
const HEX = '([0-9A-Fa-f]{1,2}(?::[0-9A-Fa-f]{1,2})*)';
const ID_PATTERNS: [keyof LeaseIdentifiers, RegExp][] = [
  ['mac', new RegExp(`hardware address: (?:hwtype=\\d+ )?${HEX}`)],
  ['clientId', new RegExp(`client-id: ${HEX}`)],
  ['duid', new RegExp(`DUID: ${HEX}`)],
  ['circuitId', new RegExp(`circuit-id: ${HEX}`)],
  ['remoteId', new RegExp(`remote-id: ${HEX}`)],
];
const ACTIONS: Record<string, BindingAction> = {
  assigned: 'assign',
  renewed: 'renew',
  released: 'release',
};

function identifiersOf(rest: string): LeaseIdentifiers {
  const ids: LeaseIdentifiers = {};
  for (const [key, pattern] of ID_PATTERNS) {
    const m = pattern.exec(rest);
    if (!m) continue;
    const value = key === 'mac' ? normaliseMac(m[1]) : normaliseHexId(m[1]);
    if (value !== null) ids[key] = value;
  }
  return ids;
}

// Kea's default `%Y-%m-%d %H:%M:%S %Z` is local time plus an abbreviation; a custom timestamp
// format may instead give ISO 8601 with an offset, which is unambiguous and taken as written.
function legalTime(text: string, timeZone: string): TimeResult {
  if (ISO_WITH_OFFSET.test(text)) {
    const date = parseIsoWithZone(text.replace(' ', 'T'));
    return date ? { date } : { error: `invalid timestamp "${text}"` };
  }
  const m = LOCAL_TIME.exec(text);
  if (!m) return { error: `invalid timestamp "${text}"` };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const millisecond = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  return resolveLocalTime({ year, month, day, hour, minute, second, millisecond }, timeZone, m[8]);
}

// Kea legal_log (forensic) lines. The local timestamp is resolved in opts.timeZone; the zone
// abbreviation Kea writes only confirms it, or picks the offset in the DST fall-back hour.
// assign/renew: end = event time + lifetime (scheduled); release: start = end = event time.
export const parseKeaLegal: LeaseParser = async function* (
  lines: LineChunks,
  opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  let lineNumber = 0;
  for await (const chunk of lines) {
    for (const line of chunk) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const m = LINE.exec(line.trimEnd());
      if (!m) {
        yield problem(lineNumber, 'not a Kea legal log lease line', line);
        continue;
      }
      const time = legalTime(m[1], opts.timeZone);
      if ('error' in time) {
        yield problem(lineNumber, time.error, line);
        continue;
      }
      const [kind, addressText, verb, rest] = [m[2], m[3], m[4], m[5]];
      const prefix = canonicalPrefix(addressText);
      if (prefix === null || (kind === 'Prefix') !== addressText.includes('/')) {
        yield problem(lineNumber, `invalid ${kind.toLowerCase()} "${addressText}"`, line);
        continue;
      }
      const action = ACTIONS[verb];
      const at = time.date;
      let end: Date | null = at;
      if (action !== 'release') {
        const life = LIFETIME.exec(rest);
        end = life
          ? new Date(
              at.getTime() +
                ((Number(life[1] ?? '0') * 24 + Number(life[2])) * 3600 +
                  Number(life[3]) * 60 +
                  Number(life[4])) *
                  1000,
            )
          : null;
      }
      const identifiers = identifiersOf(rest);
      yield {
        type: 'binding',
        family: prefix.family,
        prefix: prefix.prefix,
        identifiers,
        action,
        start: at,
        end,
        endIsActual: action === 'release',
        observedAt: at,
        sessionKey: dhcpSessionKey(prefix.prefix, identifiers),
        lineNumber,
        raw: line,
      };
    }
  }
};
