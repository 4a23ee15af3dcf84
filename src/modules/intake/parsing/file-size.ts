export interface FileSizeResult {
  bytes: number | null;
  /** 'file_size_text' when units or separators were read, 'file_size_large' above 2^31. */
  warnings: Array<'file_size_text' | 'file_size_large' | 'file_size_invalid'>;
}

const TWO_POW_31 = 2 ** 31;

// Unit sizes are binary: torrent clients and the vendors copying from them label MiB as "MB".
const UNITS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

function finish(bytes: number, text: boolean): FileSizeResult {
  const warnings: FileSizeResult['warnings'] = [];
  if (!Number.isSafeInteger(bytes) || bytes < 0)
    return { bytes: null, warnings: ['file_size_invalid'] };
  if (text) warnings.push('file_size_text');
  // Kept exactly: a JS number holds integers up to 2^53; only old 32-bit consumers truncate.
  if (bytes > TWO_POW_31) warnings.push('file_size_large');
  return { bytes, warnings };
}

/** Reads FileSize: plain bytes, "176,000,000", "176 MB", "1.2 GB". Never throws. */
export function parseFileSize(raw: string | null): FileSizeResult {
  if (raw === null) return { bytes: null, warnings: [] };
  const s = raw.trim();
  if (s === '') return { bytes: null, warnings: [] };
  if (/^\d{1,16}$/.test(s)) return finish(Number(s), false);
  // Thousands separators: "176,000,000", "176.000.000", "176 000 000".
  const grouped = /^\d{1,3}(?:([,. ])\d{3})+$/.exec(s);
  if (grouped && (grouped[1] !== '.' || (s.match(/\./g) ?? []).length > 1)) {
    return finish(Number(s.replace(/[,. ]/g, '')), true);
  }
  const unit = /^(\d{1,12}(?:[.,]\d{1,6})?)\s*([a-z]+)\.?$/i.exec(s);
  if (unit) {
    const factor = UNITS[unit[2].toLowerCase()];
    if (factor === undefined) return { bytes: null, warnings: ['file_size_invalid'] };
    const value = Number(unit[1].replace(',', '.'));
    return finish(Math.round(value * factor), true);
  }
  return { bytes: null, warnings: ['file_size_invalid'] };
}
