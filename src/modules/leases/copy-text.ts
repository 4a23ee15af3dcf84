// Encodes values for COPY ... FROM STDIN in PostgreSQL's text format.
export function copyValue(
  v: string | number | boolean | Date | null | undefined | string[],
): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
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

// A PostgreSQL array literal of these texts, for one parameter ($n::text[], ::inet[]): built in
// one join, where pg's serialiser runs two replaces and a type check per element.
export function textArrayLiteral(values: readonly string[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = ARRAY_SPECIAL.test(v) ? `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

// Epoch milliseconds as ISO 8601 UTC text (what Date#toISOString gives for years 0-9999), the
// date part formatted once per day: a batch's records mostly share a few days.
export function isoOfMs(ms: number): string {
  const day = Math.floor(ms / 86_400_000);
  if (day !== isoDay) {
    isoDay = day;
    isoPrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  let r = ms - day * 86_400_000;
  const h = Math.floor(r / 3_600_000);
  r -= h * 3_600_000;
  const m = Math.floor(r / 60_000);
  r -= m * 60_000;
  const s = Math.floor(r / 1000);
  const f = Math.round(r - s * 1000);
  return `${isoPrefix}${PAD2[h]}:${PAD2[m]}:${PAD2[s]}.${PAD3[f]}Z`;
}

let isoDay = Number.NaN;
let isoPrefix = '';
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
