import { dhcpSessionKey, normaliseHexId, normaliseMac } from './identifier.util';
import { canonicalPrefix } from './ip-prefix.util';
import {
  BindingAction,
  LeaseIdentifiers,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  skip,
  LineChunks,
} from './lease-event';
import { parseIsoWithZone, resolveLocalTime, TimeResult } from './local-time.util';

const LINE = /^(.+?) (Address|Prefix): (\S+) has been (assigned|renewed|released)\b(.*)$/;
const LOCAL_TIME =
  /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([A-Za-z][A-Za-z0-9+:-]*|[+-][\d:]+)$/;
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;
// `lease4-add` / `lease6-add` through the API: "Administrator added a lease of address: X to
// a device with ... for 1 days 0 hrs 0 mins 0 secs".
const ADMIN_ADD = /^(.+?) Administrator added a lease of (address|prefix): (\S+) (.*)$/;
// Other lines Kea writes about leases it did not hand out itself: the HA partner's updates
// (the partner logs its own) and administrators' updates and deletions.
const NOT_A_BINDING = /^(.+?) (HA partner|Administrator) (added|updated|deleted)\b/;
// Kea's own "1 days 2 hrs 3 mins 4 secs" (any part may be absent in custom formats), or a
// custom format's "for N seconds".
const LIFETIME =
  / for (?:(\d+) seconds?\b|(?=\d+ (?:days?|hrs?|mins?|secs?)\b)(?:(\d+) days?)? ?(?:(\d+) hrs?)? ?(?:(\d+) mins?)? ?(?:(\d+) secs?)?)/;
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

// The parts of a lease line: Kea's own "Address: X has been assigned ...", or an
// administrator's lease4-add/lease6-add, which is an assignment too.
function leaseLine(
  text: string,
): { stamp: string; kind: string; addressText: string; verb: string; rest: string } | null {
  const m = LINE.exec(text);
  if (m) return { stamp: m[1], kind: m[2], addressText: m[3], verb: m[4], rest: m[5] };
  const admin = ADMIN_ADD.exec(text);
  if (!admin) return null;
  return {
    stamp: admin[1],
    kind: admin[2] === 'prefix' ? 'Prefix' : 'Address',
    addressText: admin[3],
    verb: 'assigned',
    rest: ` ${admin[4]}`,
  };
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
      const text = line.trimEnd();
      const m = leaseLine(text);
      if (!m) {
        if (NOT_A_BINDING.test(text)) {
          yield skip(lineNumber, 'a lease change by the HA partner or an administrator');
        } else {
          yield problem(lineNumber, 'not a Kea legal log lease line', line);
        }
        continue;
      }
      const time = legalTime(m.stamp, opts.timeZone);
      if ('error' in time) {
        yield problem(lineNumber, time.error, line);
        continue;
      }
      const { kind, addressText, verb, rest } = m;
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
        const n = (i: number) => Number(life?.[i] ?? '0');
        end = life
          ? new Date(
              at.getTime() +
                (life[1] !== undefined ? n(1) : ((n(2) * 24 + n(3)) * 60 + n(4)) * 60 + n(5)) *
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
