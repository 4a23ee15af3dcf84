// Encodes values for COPY ... FROM STDIN in PostgreSQL's text format.
export function copyValue(
  v: string | number | boolean | Date | null | undefined | string[],
): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return copyTime(v);
  if (Array.isArray(v)) return copyValue(`{${v.map(arrayElement).join(',')}}`);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return copyText(v);
}

// A replace per special character present is several times faster than one replace with a
// callback (multi-line records such as dhcpd.leases blocks have a newline every ~40
// characters, and usually nothing else to escape).
export function copyText(v: string): string {
  if (!SPECIAL.test(v)) return v;
  let out = v;
  if (out.includes('\\')) out = out.replaceAll('\\', '\\\\');
  if (out.includes('\t')) out = out.replaceAll('\t', '\\t');
  if (out.includes('\n')) out = out.replaceAll('\n', '\\n');
  if (out.includes('\r')) out = out.replaceAll('\r', '\\r');
  return out;
}

const SPECIAL = /[\\\t\n\r]/;

function arrayElement(s: string): string {
  return ARRAY_SPECIAL.test(s) ? `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"` : `"${s}"`;
}

const ARRAY_SPECIAL = /["\\]/;

export function copyRow(values: Array<Parameters<typeof copyValue>[0]>): string {
  let row = copyValue(values[0]);
  for (let i = 1; i < values.length; i++) row += `\t${copyValue(values[i])}`;
  return `${row}\n`;
}

// A time as toISOString() writes it (UTC, milliseconds, `Z`), several times faster: the day is
// formatted once per day met (a log's records mostly share a few days) and the time of day from
// two tables. toISOString() cost more than the rest of a port block row. Years outside
// 0000-9999 and invalid dates go to toISOString() itself (it throws on the latter).
export function copyTime(d: Date): string {
  const ms = d.getTime();
  if (!(ms >= MIN_MS && ms < MAX_MS)) return d.toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== dayKey) {
    dayKey = day;
    dayText = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${dayText}${TWO[h]}:${TWO[m]}:${TWO[sec]}.${THREE[rest - sec * 1000]}Z`;
}

const DAY_MS = 86_400_000;
// 0000-01-01T00:00:00.000Z and 10000-01-01T00:00:00.000Z.
const MIN_MS = -62_167_219_200_000;
const MAX_MS = 253_402_300_800_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
let dayKey = Number.NaN;
let dayText = '';
