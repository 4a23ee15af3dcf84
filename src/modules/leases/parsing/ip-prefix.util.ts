import * as ipaddr from 'ipaddr.js';

export interface CanonicalPrefix {
  family: 4 | 6;
  prefix: string;
  // Address alone in canonical form (RFC 5952 for IPv6), host bits kept.
  address: string;
}

// Strict dotted quad: ipaddr.js would otherwise accept '10.1' or '0x0a.0.0.1'.
const DOTTED_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const value = text.trim();
  if (value.includes(':')) {
    if (!ipaddr.IPv6.isValid(value)) return null;
    const v6 = ipaddr.IPv6.parse(value);
    return v6.zoneId === undefined ? v6 : null;
  }
  return DOTTED_QUAD.test(value) ? ipaddr.IPv4.parse(value) : null;
}

export function canonicalIp(text: string): string | null {
  // A strict dotted quad (no leading zeros) is already canonical: ipaddr's parse and print
  // cost more than the rest of a CGNAT line's parsing.
  if (DOTTED_QUAD.test(text)) return text;
  const ip = parseIp(text);
  return ip === null ? null : ip.toString();
}

// Accepts 'addr', 'addr/len' or addr plus a separate length; clears host bits so that equal
// networks compare equal as strings.
export function canonicalPrefix(text: string, length?: number): CanonicalPrefix | null {
  // Nearly every lease names one IPv4 host: a strict dotted quad is already canonical, and a
  // /32 has no host bits to clear (ipaddr's parse, mask and print cost more than the rest of
  // a record's parsing).
  if ((length === undefined || length === 32) && DOTTED_QUAD.test(text)) {
    return { family: 4, prefix: `${text}/32`, address: text };
  }
  let addressText = text.trim();
  let len = length;
  const slash = addressText.indexOf('/');
  if (slash >= 0) {
    const lenText = addressText.slice(slash + 1);
    if (!/^\d{1,3}$/.test(lenText)) return null;
    len = Number(lenText);
    addressText = addressText.slice(0, slash);
  }
  const ip = parseIp(addressText);
  if (ip === null) return null;
  const family = ip.kind() === 'ipv4' ? 4 : 6;
  const max = family === 4 ? 32 : 128;
  const bits = len ?? max;
  if (!Number.isInteger(bits) || bits < 0 || bits > max) return null;
  const network =
    ip instanceof ipaddr.IPv4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${ip.toString()}/${bits}`);
  return { family, prefix: `${network.toString()}/${bits}`, address: ip.toString() };
}

export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text.trim())) return null;
  const port = Number(text);
  return port <= 65535 ? port : null;
}
