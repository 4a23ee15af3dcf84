// Encodes values for COPY ... FROM STDIN in PostgreSQL's text format.
export function copyValue(
  v: string | number | boolean | Date | null | undefined | string[],
): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return copyValue(`{${v.map(arrayElement).join(',')}}`);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function arrayElement(s: string): string {
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function copyRow(values: Array<Parameters<typeof copyValue>[0]>): string {
  return `${values.map(copyValue).join('\t')}\n`;
}
