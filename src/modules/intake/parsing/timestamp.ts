import { IANAZone } from 'luxon';
import type { TimestampProblem } from './parsed-notice';

export interface NoticeTimestamp {
  at: Date | null;
  problem?: TimestampProblem;
  /** True when the text was mended (e.g. `T05-00-00` read as `T05:00:00`): warn, do not refuse. */
  repaired?: boolean;
  /** Why a timestamp was refused, in words for the sender. */
  reason?: string;
  /** IANA zone used for a named zone. */
  zone?: string;
}

interface ZoneRule {
  iana: string;
  // The offset the abbreviation itself states; absent for generic names ("Eastern Time").
  offsetMinutes?: number;
}

// Named zones seen in notices. Each maps to an IANA zone and the date's own DST rule decides the
// offset; a stated abbreviation (EST vs EDT) picks the side of a DST fall-back overlap. An
// abbreviation that contradicts the rule ("EST" in July, "CET" in August) is refused as no_zone:
// it may be a fixed-offset clock or a mislabelled local one, an hour apart, and VA-3 forbids
// guessing (a wrong hour attributes the act to another subscriber).
// Deliberately absent because they are ambiguous worldwide: CST (US Central / China), IST
// (India / Ireland / Israel), BST (British Summer / Bangladesh), AST. They are refused as no_zone.
const NAMED_ZONES: Record<string, ZoneRule> = {
  z: { iana: 'UTC', offsetMinutes: 0 },
  utc: { iana: 'UTC', offsetMinutes: 0 },
  gmt: { iana: 'UTC', offsetMinutes: 0 },
  ut: { iana: 'UTC', offsetMinutes: 0 },
  'coordinated universal time': { iana: 'UTC', offsetMinutes: 0 },
  'greenwich mean time': { iana: 'UTC', offsetMinutes: 0 },
  est: { iana: 'America/New_York', offsetMinutes: -300 },
  edt: { iana: 'America/New_York', offsetMinutes: -240 },
  et: { iana: 'America/New_York' },
  'eastern time': { iana: 'America/New_York' },
  'eastern standard time': { iana: 'America/New_York', offsetMinutes: -300 },
  'eastern daylight time': { iana: 'America/New_York', offsetMinutes: -240 },
  'north american eastern time': { iana: 'America/New_York' },
  'us/eastern': { iana: 'America/New_York' },
  cdt: { iana: 'America/Chicago', offsetMinutes: -300 },
  'central time': { iana: 'America/Chicago' },
  'central standard time': { iana: 'America/Chicago', offsetMinutes: -360 },
  'central daylight time': { iana: 'America/Chicago', offsetMinutes: -300 },
  'north american central time': { iana: 'America/Chicago' },
  mst: { iana: 'America/Denver', offsetMinutes: -420 },
  mdt: { iana: 'America/Denver', offsetMinutes: -360 },
  'mountain time': { iana: 'America/Denver' },
  'north american mountain time': { iana: 'America/Denver' },
  pst: { iana: 'America/Los_Angeles', offsetMinutes: -480 },
  pdt: { iana: 'America/Los_Angeles', offsetMinutes: -420 },
  pt: { iana: 'America/Los_Angeles' },
  'pacific time': { iana: 'America/Los_Angeles' },
  'pacific standard time': { iana: 'America/Los_Angeles', offsetMinutes: -480 },
  'pacific daylight time': { iana: 'America/Los_Angeles', offsetMinutes: -420 },
  'north american pacific time': { iana: 'America/Los_Angeles' },
  cet: { iana: 'Europe/Paris', offsetMinutes: 60 },
  cest: { iana: 'Europe/Paris', offsetMinutes: 120 },
  'central european time': { iana: 'Europe/Paris' },
  'central european summer time': { iana: 'Europe/Paris', offsetMinutes: 120 },
  wet: { iana: 'Europe/Lisbon', offsetMinutes: 0 },
  west: { iana: 'Europe/Lisbon', offsetMinutes: 60 },
  eet: { iana: 'Europe/Athens', offsetMinutes: 120 },
  eest: { iana: 'Europe/Athens', offsetMinutes: 180 },
  aest: { iana: 'Australia/Sydney', offsetMinutes: 600 },
  aedt: { iana: 'Australia/Sydney', offsetMinutes: 660 },
  nzst: { iana: 'Pacific/Auckland', offsetMinutes: 720 },
  nzdt: { iana: 'Pacific/Auckland', offsetMinutes: 780 },
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const DAY_RE = '(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';
// Built once (issue #15: not on every timestamp read). None has the g or y flag, so exec keeps
// no state between calls.
const DAY_MONTH_YEAR = new RegExp(
  `^${DAY_RE}(\\d{1,2})\\s+${MONTH_RE}\\s+(\\d{4})(?:\\s+|$)(.*)$`,
  'i',
);
const MONTH_DAY_YEAR = new RegExp(
  `^${DAY_RE}${MONTH_RE}\\s+(\\d{1,2}),?\\s+(\\d{4})(?:,?\\s+|$)(.*)$`,
  'i',
);
// ctime / `date` output: "Sun Nov 15 13:58:27 UTC 2015"
const CTIME = new RegExp(
  `^${DAY_RE}${MONTH_RE}\\s+(\\d{1,2})\\s+(\\d{1,2}:\\d{2}(?::\\d{2})?)\\s+(.*?)\\s*(\\d{4})$`,
  'i',
);

// 'iso' and 'rfc' dates are 24-hour by their standards; 'human' forms may be a 12-hour clock.
type DateStyle = 'iso' | 'rfc' | 'human';

interface DatePart {
  y: number;
  mo: number;
  d: number;
  style: DateStyle;
  rest: string;
  year2?: string;
}

type Failure = { problem: TimestampProblem; reason: string };

function fail(problem: TimestampProblem, reason: string): NoticeTimestamp {
  return { at: null, problem, reason };
}

function parseDatePart(s: string): DatePart | Failure | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:t|\s+|$)(.*)$/i.exec(s);
  if (m) return { y: +m[1], mo: +m[2], d: +m[3], style: 'iso', rest: m[4] };
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+|$)(.*)$/.exec(s);
  if (m) return { y: +m[1], mo: +m[2], d: +m[3], style: 'human', rest: m[4] };
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:\s+|t|$)(.*)$/i.exec(s);
  if (m) {
    const a = +m[1];
    const b = +m[3];
    // DD/MM vs MM/DD: decidable only when one side is above 12 or both are equal.
    if (a <= 12 && b <= 12 && a !== b) {
      return {
        problem: 'unparseable',
        reason: `date "${m[1]}${m[2]}${m[3]}${m[2]}${m[4]}" is ambiguous between day/month and month/day`,
      };
    }
    const [mo, d] = a > 12 ? [b, a] : [a, b];
    return { y: +m[4], mo, d, style: 'human', rest: m[5] };
  }
  m = DAY_MONTH_YEAR.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    return { y: +m[3], mo, d: +m[1], style: 'rfc', rest: m[4] };
  }
  m = MONTH_DAY_YEAR.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    return { y: +m[3], mo, d: +m[2], style: 'human', rest: m[4] };
  }
  // ctime / `date` output: "Sun Nov 15 13:58:27 UTC 2015"
  m = CTIME.exec(s);
  if (m) {
    const mo = MONTHS.indexOf(m[1].toLowerCase()) + 1;
    return { y: +m[5], mo, d: +m[2], style: 'rfc', rest: `${m[3]} ${m[4]}` };
  }
  return null;
}

type ZoneParse =
  | { kind: 'none' }
  | { kind: 'fixed'; offsetMinutes: number }
  | { kind: 'named'; rule: ZoneRule }
  | { kind: 'unknown'; name: string };

function parseZone(raw: string): ZoneParse {
  let z = raw.trim();
  if (z === '') return { kind: 'none' };
  // "+0000 (UTC)": RFC 5322 comment after a numeric offset.
  z = z.replace(/^([+-]\d{2}:?\d{2})\s*\(.*\)$/, '$1').replace(/^\((.*)\)$/, '$1');
  const num = /^(?:(?:utc|gmt|ut)\s*)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (num) {
    const h = +num[2];
    const mi = num[3] ? +num[3] : 0;
    if (h > 14 || mi > 59) return { kind: 'unknown', name: z };
    return { kind: 'fixed', offsetMinutes: (num[1] === '-' ? -1 : 1) * (h * 60 + mi) };
  }
  const key = z.toLowerCase().replace(/\.$/, '').replace(/\s+/g, ' ');
  const rule = NAMED_ZONES[key];
  if (rule) {
    return rule.offsetMinutes === 0 ? { kind: 'fixed', offsetMinutes: 0 } : { kind: 'named', rule };
  }
  if (/^[A-Za-z]+\/[A-Za-z_+-]+(?:\/[A-Za-z_+-]+)?$/.test(z) && IANAZone.isValidZone(z)) {
    return { kind: 'named', rule: { iana: z } };
  }
  return { kind: 'unknown', name: z };
}

function resolveInZone(localMs: number, rule: ZoneRule): { at: number } | Failure {
  const zone = IANAZone.create(rule.iana);
  if (!zone.isValid) return { problem: 'no_zone', reason: `unknown zone ${rule.iana}` };
  const day = 86_400_000;
  const offsets = new Set([
    zone.offset(localMs - day),
    zone.offset(localMs),
    zone.offset(localMs + day),
  ]);
  // An offset is valid for this wall-clock time when the resulting instant really has it.
  const valid = [...offsets].filter((o) => zone.offset(localMs - o * 60_000) === o);
  const stated = rule.offsetMinutes;
  if (stated !== undefined) {
    if (valid.includes(stated)) return { at: localMs - stated * 60_000 };
    // Inside a spring-forward gap the stated offset is the only reading that exists.
    if (valid.length === 0) return { at: localMs - stated * 60_000 };
    return {
      problem: 'no_zone',
      reason: `the zone name contradicts ${rule.iana}'s daylight-saving rule on that date; give a numeric UTC offset`,
    };
  }
  if (valid.length === 1) return { at: localMs - valid[0] * 60_000 };
  if (valid.length === 0) {
    return {
      problem: 'unparseable',
      reason: `local time does not exist in ${rule.iana} (DST gap)`,
    };
  }
  return {
    problem: 'unparseable',
    reason: `local time occurs twice in ${rule.iana} (DST fall-back) and no offset is given`,
  };
}

/**
 * Parses a notice timestamp to a UTC instant. VA-3: a time without seconds, without an explicit
 * zone, or on a 12-hour clock without AM/PM is refused (at: null + problem), never guessed.
 * Never throws.
 */
export function parseNoticeTimestamp(raw: string): NoticeTimestamp {
  if (typeof raw !== 'string') return fail('missing', 'no timestamp given');
  let s = raw.trim().replace(/\s+/g, ' ');
  if (s === '') return fail('missing', 'no timestamp given');
  if (s.length > 120) return fail('unparseable', 'timestamp text too long');
  let repaired = false;
  // Seen from one vendor: 2015-05-06T05-00-00UTC (dashes in the time of day).
  const dashed = /^(\d{4}-\d{2}-\d{2})t(\d{2})-(\d{2})-(\d{2})(.*)$/i.exec(s);
  if (dashed) {
    s = `${dashed[1]}T${dashed[2]}:${dashed[3]}:${dashed[4]}${dashed[5]}`;
    repaired = true;
  }
  // A numeric date and time with nothing after it (IRMA-style "03/02/2020 00:01:38"): the zone
  // is what is missing first, whatever the day/month order.
  if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?$/.test(s)) {
    return fail('no_zone', `time "${s}" has no time zone`);
  }
  const date = parseDatePart(s);
  if (date === null) return fail('unparseable', `unrecognised timestamp "${s}"`);
  if ('problem' in date) return fail(date.problem, date.reason);
  const { y, mo, d } = date;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(.*)$/.exec(date.rest.trim());
  if (!t) return fail('unparseable', `no time of day in "${s}"`);
  let hour = +t[1];
  const minute = +t[2];
  const second = t[3] === undefined ? null : +t[3];
  const fraction = t[4] ?? '';
  let rest = t[5].trim();
  const ampm = /^(a\.?m\.?|p\.?m\.?)(?=$|\s|[+-]|z$)/i.exec(rest);
  if (ampm) rest = rest.slice(ampm[0].length).trim();

  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1970 || y > 2200) {
    return fail('unparseable', `date out of range in "${s}"`);
  }
  const dayCheck = new Date(Date.UTC(y, mo - 1, d));
  if (dayCheck.getUTCDate() !== d) return fail('unparseable', `no such day in "${s}"`);
  if (minute > 59 || (second !== null && second > 59)) {
    return fail('unparseable', `time out of range in "${s}"`);
  }
  if (ampm) {
    if (hour < 1 || hour > 12) return fail('unparseable', `hour ${hour} with AM/PM in "${s}"`);
    const pm = ampm[1].toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) {
    return fail('unparseable', `hour out of range in "${s}"`);
  }
  if (second === null) return fail('no_seconds', `time "${s}" has no seconds`);
  if (!ampm && date.style === 'human' && hour >= 1 && hour <= 12) {
    return fail('ambiguous_12h', `"${s}" may be a 12-hour clock time without AM/PM`);
  }
  const zone = parseZone(rest);
  if (zone.kind === 'none') return fail('no_zone', `time "${s}" has no time zone`);
  if (zone.kind === 'unknown') return fail('no_zone', `unknown time zone "${zone.name}"`);

  const ms = fraction === '' ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const localMs = Date.UTC(y, mo - 1, d, hour, minute, second) + ms;
  const out: NoticeTimestamp = { at: null };
  if (zone.kind === 'fixed') {
    out.at = new Date(localMs - zone.offsetMinutes * 60_000);
  } else {
    const r = resolveInZone(localMs, zone.rule);
    if ('problem' in r) return fail(r.problem, r.reason);
    out.at = new Date(r.at);
    out.zone = zone.rule.iana;
  }
  if (Number.isNaN(out.at.getTime())) return fail('unparseable', `invalid instant "${s}"`);
  if (repaired) out.repaired = true;
  return out;
}
