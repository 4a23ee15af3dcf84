import * as ipaddr from 'ipaddr.js';

export interface NatPool {
  id: number;
  name: string;
  publicPrefix: string;
  insidePrefix: string | null;
  portMin: number;
  portMax: number;
  blockSize: number;
  deterministic: boolean;
  quarantineSeconds: number;
}

export function parseCidr(cidr: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  return ipaddr.parseCIDR(cidr);
}

export function contains(cidr: string, ip: string): boolean {
  try {
    const addr = ipaddr.parse(ip);
    const range = parseCidr(cidr);
    return addr.kind() === range[0].kind() && addr.match(range);
  } catch {
    return false;
  }
}

// True when every address of `inner` lies in `outer` (both CIDR; different families never).
export function prefixWithin(inner: string, outer: string): boolean {
  const [innerBase, innerBits] = parseCidr(inner);
  const [outerBase, outerBits] = parseCidr(outer);
  return (
    innerBase.kind() === outerBase.kind() &&
    innerBits >= outerBits &&
    innerBase.match([outerBase, outerBits] as [typeof innerBase, number])
  );
}

function v4ToInt(ip: string): number {
  return ipaddr.IPv4.parse(ip).octets.reduce((n, o) => n * 256 + o, 0);
}

function intToV4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

// Deterministic CGNAT (RFC 7422): inside address i owns block (i mod B) of public address
// (i div B), where B = blocks per public address; so the mapping is computed, not logged.
export function deterministicInside(pool: NatPool, publicIp: string, port: number): string | null {
  if (!pool.insidePrefix || port < pool.portMin || port > pool.portMax) return null;
  const [pubBase, pubLen] = parseCidr(pool.publicPrefix);
  const [inBase, inLen] = parseCidr(pool.insidePrefix);
  if (pubBase.kind() !== 'ipv4' || inBase.kind() !== 'ipv4') return null;
  const blocksPerIp = Math.floor((pool.portMax - pool.portMin + 1) / pool.blockSize);
  const publicIndex = v4ToInt(publicIp) - v4ToInt(pubBase.toString());
  if (publicIndex < 0 || publicIndex >= 2 ** (32 - pubLen)) return null;
  const block = Math.floor((port - pool.portMin) / pool.blockSize);
  if (block >= blocksPerIp) return null;
  const index = publicIndex * blocksPerIp + block;
  if (index >= 2 ** (32 - inLen)) return null;
  return intToV4(v4ToInt(inBase.toString()) + index);
}

// The other direction, for tests and documentation: which public address and ports an
// inside address gets.
export function deterministicOutside(
  pool: NatPool,
  insideIp: string,
): { publicIp: string; portLow: number; portHigh: number } | null {
  if (!pool.insidePrefix) return null;
  const [pubBase] = parseCidr(pool.publicPrefix);
  const [inBase] = parseCidr(pool.insidePrefix);
  const blocksPerIp = Math.floor((pool.portMax - pool.portMin + 1) / pool.blockSize);
  const index = v4ToInt(insideIp) - v4ToInt(inBase.toString());
  if (index < 0) return null;
  const portLow = pool.portMin + (index % blocksPerIp) * pool.blockSize;
  return {
    publicIp: intToV4(v4ToInt(pubBase.toString()) + Math.floor(index / blocksPerIp)),
    portLow,
    portHigh: portLow + pool.blockSize - 1,
  };
}
