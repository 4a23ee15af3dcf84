import { DhcpdBlock, readDhcpdBlocks } from './dhcpd-block.reader';
import {
  bytesToHex,
  dhcpSessionKey,
  dhcpValueToBytes,
  dhcpValueToHex,
  normaliseMac,
} from './identifier.util';
import { canonicalPrefix } from './ip-prefix.util';
import {
  BindingEvent,
  LeaseIdentifiers,
  LeaseParser,
  ParseResult,
  ParserOptions,
  problem,
  LineChunks,
} from './lease-event';

type DhcpdTime = { date: Date } | { never: true } | { error: string };

const ENDED_STATES = new Set(['free', 'released', 'expired', 'abandoned', 'backup']);
const KNOWN_STATES = new Set([...ENDED_STATES, 'active', 'reset', 'bootp']);

// `w yyyy/mm/dd hh:mm:ss` (UTC), the same with ` UTC` (OpenBSD), `epoch N` or `never`.
export function parseDhcpdTime(text: string): DhcpdTime {
  const fast = fastDhcpdTime(text);
  if (fast !== null) return { date: new Date(fast) };
  const value = text.trim();
  if (value === 'never') return { never: true };
  const epoch = /^epoch\s+(\d{1,12})$/.exec(value);
  if (epoch) return { date: new Date(Number(epoch[1]) * 1000) };
  const m = /^(?:\d\s+)?(\d{4})\/(\d{1,2})\/(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\s+UTC)?$/.exec(
    value,
  );
  if (!m) return { error: `invalid time "${value}"` };
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { error: `invalid time "${value}"` };
  }
  return { date };
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The form dhcpd writes nearly always, `w yyyy/mm/dd hh:mm:ss`, read by character codes
// (epoch ms, or null for anything else, which the regular expression then judges): the
// expression, its match array and the Number conversions were a fifth of parsing a record.
function fastDhcpdTime(t: string): number | null {
  if (t.length !== 21 || t.charCodeAt(1) !== 32 || t.charCodeAt(6) !== 47) return null;
  if (t.charCodeAt(9) !== 47 || t.charCodeAt(12) !== 32) return null;
  if (t.charCodeAt(15) !== 58 || t.charCodeAt(18) !== 58) return null;
  const d = (i: number) => {
    const c = t.charCodeAt(i) - 48;
    return c >= 0 && c <= 9 ? c : -1000;
  };
  if (d(0) < 0) return null;
  const year = d(2) * 1000 + d(3) * 100 + d(4) * 10 + d(5);
  const month = d(7) * 10 + d(8);
  const day = d(10) * 10 + d(11);
  const hour = d(13) * 10 + d(14);
  const minute = d(16) * 10 + d(17);
  const second = d(19) * 10 + d(20);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1])) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

// First statement whose keyword matches, with the keyword removed.
function statement(block: DhcpdBlock, keyword: string): string | undefined {
  const k = keyword.length;
  for (const s of block.statements) {
    if (s.length < k || s.charCodeAt(0) !== keyword.charCodeAt(0)) continue;
    if (s.length === k) {
      if (s === keyword) return '';
    } else if (s.charCodeAt(k) === 32 && s.startsWith(keyword)) {
      return s.slice(k + 1).trim();
    }
  }
  return undefined;
}

function timeOf(block: DhcpdBlock, keyword: string): Date | null | string {
  const text = statement(block, keyword);
  if (text === undefined) return null;
  const parsed = parseDhcpdTime(text);
  if ('error' in parsed) return `${keyword}: ${parsed.error}`;
  return 'never' in parsed ? null : parsed.date;
}

function bindingState(block: DhcpdBlock): string | undefined {
  // `next binding state` and `rewind binding state` are futures, not the current state.
  const state = statement(block, 'binding state');
  if (state !== undefined) return state;
  // OpenBSD dhcpd writes no binding state: a lease is active unless marked `abandoned;`.
  return block.statements.includes('abandoned') ? 'abandoned' : 'active';
}

const RELAY_OPTIONS = [
  ['option agent.circuit-id', 'circuitId'],
  ['option agent.remote-id', 'remoteId'],
] as const;

function v4Identifiers(block: DhcpdBlock): LeaseIdentifiers | string {
  const ids: LeaseIdentifiers = {};
  const hardware = statement(block, 'hardware');
  if (hardware !== undefined) {
    const [type, address] = hardware.split(/\s+/);
    if (type === 'ethernet') {
      const mac = normaliseMac(address ?? '');
      if (mac === null) return `invalid hardware ethernet "${address ?? ''}"`;
      ids.mac = mac;
    }
  }
  const uid = statement(block, 'uid');
  if (uid !== undefined) {
    const hex = dhcpValueToHex(uid);
    if (hex === null) return `invalid uid ${uid}`;
    ids.clientId = hex;
  }
  for (const [keyword, key] of RELAY_OPTIONS) {
    const value = statement(block, keyword);
    if (value === undefined) continue;
    const hex = dhcpValueToHex(value);
    if (hex === null) return `invalid ${keyword.slice(7)} ${value}`;
    ids[key] = hex;
  }
  return ids;
}

// One event, a problem, or null (a pool entry nobody holds); not a generator, since a
// delegated generator costs an await per record in the async parser.
function leaseV4(
  block: DhcpdBlock,
  address: string,
  lineNumber: number,
  raw: string,
): ParseResult | null {
  const prefix = canonicalPrefix(address);
  if (prefix === null || prefix.family !== 4) {
    return problem(lineNumber, `invalid lease address "${address}"`, raw);
  }
  const state = bindingState(block);
  if (state === undefined || !KNOWN_STATES.has(state)) {
    return problem(lineNumber, `unknown binding state "${state ?? ''}"`, raw);
  }
  const starts = timeOf(block, 'starts');
  const ends = timeOf(block, 'ends');
  const cltt = timeOf(block, 'cltt');
  for (const t of [starts, ends, cltt]) {
    if (typeof t === 'string') {
      return problem(lineNumber, t, raw);
    }
  }
  const ids = v4Identifiers(block);
  if (typeof ids === 'string') {
    return problem(lineNumber, ids, raw);
  }
  const ended = ENDED_STATES.has(state);
  // Pool entries nobody has held yet carry no identifier: nothing to attribute.
  if (ended && Object.keys(ids).length === 0) return null;
  if (!(starts instanceof Date)) {
    return problem(lineNumber, 'missing starts', raw);
  }
  const event: BindingEvent = {
    type: 'binding',
    family: 4,
    prefix: prefix.prefix,
    identifiers: ids,
    action: 'snapshot',
    start: starts,
    end: ends instanceof Date ? ends : null,
    endIsActual: ended && ends instanceof Date,
    observedAt: cltt instanceof Date ? cltt : starts,
    sessionKey: dhcpSessionKey(prefix.prefix, ids),
    lineNumber,
    raw,
  };
  return event;
}

function* leaseV6(
  block: DhcpdBlock,
  kind: string,
  idText: string,
  lineNumber: number,
  raw: string,
): Generator<ParseResult> {
  const bytes = dhcpValueToBytes(idText);
  // The key is IAID (4 bytes) followed by the client DUID.
  if (bytes === null || bytes.length < 5) {
    yield problem(lineNumber, `invalid ${kind} IAID+DUID ${idText}`, raw);
    return;
  }
  const duid = bytesToHex(bytes.slice(4));
  const cltt = timeOf(block, 'cltt');
  if (typeof cltt === 'string') {
    yield problem(lineNumber, cltt, raw);
    return;
  }
  if (cltt === null) {
    yield problem(lineNumber, `${kind} without cltt`, raw);
    return;
  }
  for (const child of block.children) {
    const m = /^(iaaddr|iaprefix)\s+(\S+)$/.exec(child.header);
    if (!m) continue;
    const prefix = canonicalPrefix(m[2]);
    if (prefix === null || prefix.family !== 6 || (m[1] === 'iaprefix') !== m[2].includes('/')) {
      yield problem(lineNumber, `invalid ${m[1]} "${m[2]}"`, raw);
      continue;
    }
    const state = bindingState(child);
    if (state === undefined || !KNOWN_STATES.has(state)) {
      yield problem(lineNumber, `${m[2]}: unknown binding state "${state ?? ''}"`, raw);
      continue;
    }
    const ends = timeOf(child, 'ends');
    if (typeof ends === 'string') {
      yield problem(lineNumber, `${m[2]}: ${ends}`, raw);
      continue;
    }
    yield {
      type: 'binding',
      family: 6,
      prefix: prefix.prefix,
      identifiers: { duid },
      action: 'snapshot',
      start: cltt,
      end: ends,
      endIsActual: ENDED_STATES.has(state) && ends !== null,
      observedAt: cltt,
      sessionKey: dhcpSessionKey(prefix.prefix, { duid }),
      lineNumber,
      raw,
    };
  }
}

// ISC dhcpd.leases / dhcpd6.leases state file: one 'snapshot' event per lease (per iaaddr or
// iaprefix for DHCPv6). Times are UTC unless written as `epoch N`; opts is unused.
export const parseIscDhcpd: LeaseParser = async function* (
  lines: LineChunks,
  _opts: ParserOptions,
): AsyncGenerator<ParseResult> {
  for await (const items of readDhcpdBlocks(lines)) {
    for (const item of items) {
      if (item.kind === 'error') {
        yield problem(item.lineNumber, item.reason, item.raw);
        continue;
      }
      const { block, lineNumber, raw } = item;
      const h = block.header;
      // `lease 192.0.2.1` as dhcpd writes it, else the general form.
      const v4 =
        h.startsWith('lease ') && h.indexOf(' ', 6) < 0 && h.length > 6
          ? h.slice(6)
          : /^lease\s+(\S+)$/.exec(h)?.[1];
      if (v4 !== undefined) {
        const result = leaseV4(block, v4, lineNumber, raw);
        if (result !== null) yield result;
        continue;
      }
      const v6 = /^(ia-na|ia-ta|ia-pd)\s+(.+)$/.exec(block.header);
      if (v6) {
        yield* leaseV6(block, v6[1], v6[2], lineNumber, raw);
      }
      // failover peer, host, class and other blocks carry no bindings.
    }
  }
};
