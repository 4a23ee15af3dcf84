import * as ipaddr from 'ipaddr.js';
import type { ParsedItem, ParseWarning } from './parsed-notice';
import { parseNoticeTimestamp } from './timestamp';

/**
 * Canonical IP text: IPv4 dotted quad, IPv6 in RFC 5952 form, IPv4-mapped IPv6 folded to IPv4.
 * Null for anything else, including the shorthand forms ("10.1") ipaddr.js would otherwise accept.
 */
export function canonicalIp(raw: string | null): string | null {
  if (raw === null) return null;
  const s = raw.trim().replace(/^\[(.*)\]$/, '$1');
  if (s === '' || s.length > 64) return null;
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(s)) return ipaddr.IPv4.parse(s).toString();
    if (s.includes(':') && ipaddr.IPv6.isValid(s) && !s.includes('%')) {
      return ipaddr.process(s).toString();
    }
  } catch {
    return null;
  }
  return null;
}

export function parsePort(raw: string | null): number | null {
  if (raw === null) return null;
  const s = raw.trim();
  if (!/^\d{1,5}$/.test(s)) return null;
  const port = Number(s);
  return port >= 1 && port <= 65535 ? port : null;
}

export function parseCount(raw: string | null): number | null {
  if (raw === null || !/^\s*\d{1,9}\s*$/.test(raw)) return null;
  return Number(raw.trim());
}

/** Fills ip/port on an item, warning when a value is present but unusable. */
export function applyAddress(
  item: ParsedItem,
  rawIp: string | null,
  rawPort: string | null,
  warnings: ParseWarning[],
): void {
  item.ip = canonicalIp(rawIp);
  if (rawIp !== null && item.ip === null) {
    warnings.push({ code: 'invalid_ip', message: `"${rawIp.slice(0, 60)}" is not an IP address` });
  }
  item.port = parsePort(rawPort);
  if (rawPort !== null && item.port === null) {
    warnings.push({ code: 'invalid_port', message: `"${rawPort.slice(0, 20)}" is not a port` });
  }
}

/** Fills observedAt from the raw text; refusals stay on the item (VA-3), repairs become warnings. */
export function applyTimestamp(
  item: ParsedItem,
  raw: string | null,
  warnings: ParseWarning[],
): void {
  item.observedAtRaw = raw;
  if (raw === null) {
    item.timestampProblem = 'missing';
    return;
  }
  const ts = parseNoticeTimestamp(raw);
  item.observedAt = ts.at;
  if (ts.problem) {
    item.timestampProblem = ts.problem;
    warnings.push({ code: `timestamp_${ts.problem}`, message: ts.reason ?? ts.problem });
  }
  if (ts.repaired) {
    warnings.push({ code: 'timestamp_repaired', message: `timestamp "${raw}" read as ISO 8601` });
  }
}
