import { DateTime, IANAZone } from 'luxon';

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond?: number;
}

export type TimeResult = { date: Date } | { error: string };

const HOUR_MS = 3_600_000;

// Offsets in minutes east of UTC. Several abbreviations are used by more than one zone, so each
// lists every offset it may stand for; the configured zone then decides.
const ABBREVIATION_OFFSETS: Record<string, number[]> = {
  UTC: [0],
  UT: [0],
  GMT: [0],
  Z: [0],
  WET: [0],
  WEST: [60],
  BST: [60, 660],
  IST: [60, 120, 330],
  CET: [60],
  CEST: [120],
  MET: [60],
  MEST: [120],
  EET: [120],
  EEST: [180],
  MSK: [180],
  SAST: [120],
  EST: [-300, 600],
  EDT: [-240],
  CST: [-360, 480, -300],
  CDT: [-300, -240],
  MST: [-420],
  MDT: [-360],
  PST: [-480, 480],
  PDT: [-420],
  AKST: [-540],
  AKDT: [-480],
  HST: [-600],
  AST: [-240, 180],
  ADT: [-180],
  NST: [-210],
  NDT: [-150],
  JST: [540],
  KST: [540],
  HKT: [480],
  SGT: [480],
  AEST: [600],
  AEDT: [660],
  ACST: [570],
  ACDT: [630],
  AWST: [480],
  NZST: [720],
  NZDT: [780],
  WIB: [420],
  PKT: [300],
  IDT: [180],
  EAT: [180],
  WAT: [60],
  CAT: [120],
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function monthFromName(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

// luxon's check builds an Intl.DateTimeFormat on every call (most of the time of a BSD-stamped
// line, measured): the answer per zone name is kept.
const zoneValidity = new Map<string, boolean>();

export function isValidZone(timeZone: string): boolean {
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(timeZone);
    if (zoneValidity.size < 1000) zoneValidity.set(timeZone, valid);
  }
  return valid;
}

// '+02', '+0200', '+02:00', 'UTC+2', 'GMT-03:30' -> minutes; null when not numeric.
function numericOffset(abbreviation: string): number | null {
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(abbreviation);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
  return m[1] === '-' ? -minutes : minutes;
}

const intlNameCache = new Map<string, Intl.DateTimeFormat>();

// What the platform's time zone data calls the zone at that instant, in two common locales.
function platformNames(timeZone: string, instant: number): string[] {
  return ['en-US', 'en-GB'].map((locale) => {
    const key = `${locale}|${timeZone}`;
    let format = intlNameCache.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      intlNameCache.set(key, format);
    }
    return format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? '';
  });
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `UTC${sign}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

// Resolves a wall-clock time in `timeZone`. The abbreviation, when given, only confirms or picks
// between the zone's own offsets (DST fall-back hour); it never replaces the configured zone.
export function resolveLocalTime(
  wall: WallTime,
  timeZone: string,
  abbreviation?: string,
): TimeResult {
  if (!isValidZone(timeZone)) return { error: `unknown time zone ${timeZone}` };
  const zone = IANAZone.create(timeZone);
  const ms = wall.millisecond ?? 0;
  const local = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    ms,
  );
  const check = new Date(local);
  if (
    Number.isNaN(local) ||
    check.getUTCFullYear() !== wall.year ||
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    check.getUTCMinutes() !== wall.minute ||
    check.getUTCSeconds() !== wall.second
  ) {
    return { error: 'invalid date or time' };
  }
  const offsets = new Set([
    zone.offset(local - 24 * HOUR_MS),
    zone.offset(local),
    zone.offset(local + 24 * HOUR_MS),
  ]);
  const candidates = [...offsets]
    .filter((offset) => zone.offset(local - offset * 60_000) === offset)
    .map((offset) => ({ offset, instant: local - offset * 60_000 }));
  if (candidates.length === 0) {
    return { error: `local time does not exist in ${timeZone} (DST gap)` };
  }
  if (abbreviation === undefined || abbreviation === '') {
    if (candidates.length > 1) {
      return {
        error: `ambiguous local time in ${timeZone} (DST fall-back) and no zone abbreviation`,
      };
    }
    return { date: new Date(candidates[0].instant) };
  }
  const numeric = numericOffset(abbreviation);
  const allowed =
    numeric !== null ? [numeric] : (ABBREVIATION_OFFSETS[abbreviation.toUpperCase()] ?? null);
  const matching = candidates.filter((c) =>
    allowed !== null
      ? allowed.includes(c.offset)
      : platformNames(timeZone, c.instant).includes(abbreviation),
  );
  if (matching.length === 1) return { date: new Date(matching[0].instant) };
  if (matching.length === 0 && allowed === null && candidates.length === 1) {
    // Unknown abbreviation: nothing to contradict, the configured zone decides.
    return { date: new Date(candidates[0].instant) };
  }
  if (matching.length === 0) {
    const actual = candidates.map((c) => formatOffset(c.offset)).join(' or ');
    return { error: `zone abbreviation ${abbreviation} contradicts ${timeZone} (${actual})` };
  }
  return { error: `ambiguous local time in ${timeZone} and abbreviation ${abbreviation}` };
}

// resolveLocalTime without an abbreviation, for logs that stamp every line in the source's zone:
// the zone's offset is kept per local hour of the calendar. An hour is kept only when its first
// and last second both resolve to one and the same offset, so no zone transition lies inside it
// (zones change offset at most once in a few hours, never there and back within one hour);
// any other hour (a DST gap or fall-back hour, a transition at :30) is resolved line by line
// as before. The result is the same as resolveLocalTime's, without its four to six zone
// look-ups per line.
const UNIFORM_HOURS_PER_ZONE = 20_000;
const uniformHourOffsets = new Map<string, Map<number, number | null>>();

export function resolveLocalWallTime(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): TimeResult {
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Date.UTC rolls over out-of-range fields (31 February, 24:00, two-digit years): those are
  // decided by the full check.
  const hourKey = ((year * 100 + month) * 100 + day) * 100 + hour;
  if (
    Number.isNaN(local) ||
    year < 1000 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    new Date(local).getUTCDate() !== day
  ) {
    return resolveLocalTime({ year, month, day, hour, minute, second, millisecond }, timeZone);
  }
  let hours = uniformHourOffsets.get(timeZone);
  if (!hours) {
    if (!isValidZone(timeZone)) return { error: `unknown time zone ${timeZone}` };
    hours = new Map();
    uniformHourOffsets.set(timeZone, hours);
  }
  let offset = hours.get(hourKey);
  if (offset === undefined) {
    const wall = { year, month, day, hour, minute: 0, second: 0, millisecond: 0 };
    const first = resolveLocalTime(wall, timeZone);
    const last = resolveLocalTime({ ...wall, minute: 59, second: 59, millisecond: 999 }, timeZone);
    const hourStart = local - (minute * 60 + second) * 1000 - millisecond;
    offset =
      'date' in first &&
      'date' in last &&
      hourStart - first.date.getTime() === hourStart + 3_599_999 - last.date.getTime()
        ? hourStart - first.date.getTime()
        : null;
    if (hours.size >= UNIFORM_HOURS_PER_ZONE) hours.clear();
    hours.set(hourKey, offset);
  }
  if (offset === null) {
    return resolveLocalTime({ year, month, day, hour, minute, second, millisecond }, timeZone);
  }
  return { date: new Date(local - offset) };
}

// ISO 8601 with an explicit zone ('Z' or offset); null when absent or invalid.
export function parseIsoWithZone(text: string): Date | null {
  const value = text.trim();
  if (!/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(value) || !/^\d{4}-\d{2}-\d{2}T/i.test(value)) return null;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toJSDate() : null;
}

const digit = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1000;
};
const two = (text: string, i: number): number => digit(text, i) * 10 + digit(text, i + 1);

// The stamps syslog daemons and routers write, read by hand: `YYYY-MM-DDTHH:MM:SS`, an optional
// fraction of 1 to 9 digits, then `Z`, `±HH:MM` or nothing (then read in `timeZone`; a space
// may stand for the T). Undefined for anything else, and for any field out of range, which
// the general path below decides (and words its error) as before. Milliseconds are truncated,
// as luxon does.
function parseIsoCommon(text: string, timeZone: string): TimeResult | undefined {
  const n = text.length;
  if (n < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = two(text, 0) * 100 + two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const minute = two(text, 14);
  const second = two(text, 17);
  if (year < 1000 || month < 1 || day < 1 || hour < 0 || minute < 0 || second < 0) {
    return undefined;
  }
  if (month > 12 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let i = 19;
  let millisecond = 0;
  if (i < n && text.charCodeAt(i) === 46) {
    const from = ++i;
    while (i < n && digit(text, i) >= 0) i++;
    const len = i - from;
    if (len < 1 || len > 9) return undefined;
    millisecond =
      len >= 3
        ? digit(text, from) * 100 + digit(text, from + 1) * 10 + digit(text, from + 2)
        : len === 2
          ? digit(text, from) * 100 + digit(text, from + 1) * 10
          : digit(text, from) * 100;
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // 31 April and the like roll over: the general path refuses them.
  if (new Date(local).getUTCDate() !== day) return undefined;
  if (i === n) {
    if (sep !== 84 && sep !== 32) return undefined;
    return resolveLocalWallTime(timeZone, year, month, day, hour, minute, second, millisecond);
  }
  if (sep !== 84) return undefined;
  const z = text.charCodeAt(i);
  if (z === 90 && i + 1 === n) return { date: new Date(local) };
  if ((z === 43 || z === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh = two(text, i + 1);
    const om = two(text, i + 4);
    if (oh < 0 || om < 0 || oh > 18 || om > 59) return undefined;
    const offset = (oh * 60 + om) * 60_000;
    return { date: new Date(z === 43 ? local - offset : local + offset) };
  }
  return undefined;
}

// ISO 8601 date-time; without an explicit zone it is read in `timeZone`.
export function parseIsoLocal(text: string, timeZone: string): TimeResult {
  const common = parseIsoCommon(text, timeZone);
  if (common !== undefined) return common;
  const withZone = parseIsoWithZone(text);
  if (withZone) return { date: withZone };
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?$/.exec(
    text.trim(),
  );
  if (!m) return { error: `invalid timestamp ${text}` };
  return resolveLocalTime(
    {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6]),
      millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    },
    timeZone,
  );
}

// Whole seconds since the epoch; rejects anything that is not a plain non-negative integer.
export function fromEpochSeconds(text: string): Date | null {
  const value = text.trim();
  if (!/^\d{1,12}$/.test(value)) return null;
  return new Date(Number(value) * 1000);
}
