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
