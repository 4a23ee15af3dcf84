import * as ipaddr from 'ipaddr.js';

// Address arithmetic for classifying a probe: our address space and the CGNAT pools' public
// prefixes. The fast path reads canonical dotted quads as integers and checks them against
// integer prefixes, so the usual probe never goes through ipaddr's general parser (its
// property tests: attribution.service.spec.ts, "dottedQuad").

// DHCPv6 prefix delegations are /48 to /64; a notice's /128 is tried against each length.
const V6_PREFIX_LENGTHS = [40, 44, 48, 52, 56, 60, 62, 64];

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

// An IPv4 prefix as integers: the address shifted right by `shift` equals `network`.
export interface V4Range {
  network: number;
  shift: number;
}

// The address as an unsigned 32-bit number when `ip` is a canonical dotted quad (four decimal
// octets, no leading zeros), else -1; such a string is already ipaddr's canonical form.
export function dottedQuad(ip: string): number {
  const len = ip.length;
  if (len < 7 || len > 15) return -1;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = ip.charCodeAt(i);
    if (c === 0x2e) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + c - 0x30;
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

// The IPv4 prefixes among `ranges`, as integers.
export function v4Ranges(ranges: Cidr[]): V4Range[] {
  const out: V4Range[] = [];
  for (const [base, bits] of ranges) {
    if (base.kind() !== 'ipv4') continue;
    const shift = 32 - bits;
    // Shifting by 32 is shifting by 0 in JS: a /0 is written as "everything".
    out.push(
      shift >= 32
        ? { network: 0, shift: -1 }
        : { network: dottedQuad(base.toString()) >>> shift, shift },
    );
  }
  return out;
}

export function inV4(ranges: V4Range[], v4: number): boolean {
  for (const r of ranges) {
    if (r.shift < 0 || v4 >>> r.shift === r.network) return true;
  }
  return false;
}

// Whether a parsed address lies in one of the prefixes (same family only).
export function inRanges(addr: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly Cidr[]): boolean {
  return ranges.some((r) => r[0].kind() === addr.kind() && addr.match(r));
}

// IPv4: the address itself. IPv6: the /128 and every delegation length that could hold it.
export function candidateKeys(address: string): string[] {
  // Addresses arrive canonical (ipaddr's toString): an IPv4 one is its own only key.
  if (!address.includes(':')) return [address];
  const addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv4') return [addr.toString()];
  const out = [addr.toString()];
  for (const len of V6_PREFIX_LENGTHS) {
    out.push(
      `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${len}`).toString()}/${len}`,
    );
  }
  return out;
}
