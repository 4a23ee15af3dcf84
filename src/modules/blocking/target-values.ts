import * as ipaddr from 'ipaddr.js';
import { domainToASCII } from 'node:url';
import { TargetKind } from './blocking.types';

// What a target or a protected entry names, normalised once so that the same name or range is
// always stored, compared and exported as the same text.
export type ParsedValue =
  | { kind: 'fqdn'; value: string }
  | {
      kind: 'ip' | 'cidr';
      value: string;
      family: 4 | 6;
      prefix: number;
      start: bigint;
      end: bigint;
    };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PLAIN_NAME = /^[a-z0-9.-]+$/;
const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

// ipaddr.js's validity checks cost ~50 µs a value (they parse through exceptions); the
// export and the screening check 100,000 values, so dotted quads take this direct path.
function quad(text: string): number | null {
  const m = DOTTED_QUAD.exec(text);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i];
    if (part.length > 1 && part[0] === '0') return null;
    const v = Number(part);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function ipv4Range(addr: number, prefix: number): ParsedValue {
  const size = 2 ** (32 - prefix);
  const network = addr - (addr % size);
  const text = [network >>> 24, (network >>> 16) & 255, (network >>> 8) & 255, network & 255].join(
    '.',
  );
  const kind: TargetKind = prefix === 32 ? 'ip' : 'cidr';
  return {
    kind,
    value: kind === 'ip' ? text : `${text}/${prefix}`,
    family: 4,
    prefix,
    start: BigInt(network),
    end: BigInt(network + size - 1),
  };
}

export function parseTargetValue(raw: string): ParsedValue | { error: string } {
  const text = raw.trim();
  if (!text) return { error: 'empty value' };
  if (text.includes('/')) return parseCidr(text);
  const v4 = quad(text);
  if (v4 !== null) return ipv4Range(v4, 32);
  if (text.includes(':') && ipaddr.IPv6.isValid(text)) return parseCidr(`${text}/128`);
  return parseFqdn(text);
}

export function parseFqdn(raw: string): ParsedValue | { error: string } {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (PLAIN_NAME.test(trimmed)) return checkLabels(raw, trimmed);
  if (trimmed.includes('*'))
    return { error: `"${raw}": wildcards are not targets (a name blocks its subdomains)` };
  return checkLabels(raw, domainToASCII(trimmed.toLowerCase()));
}

function checkLabels(raw: string, ascii: string): ParsedValue | { error: string } {
  if (!ascii || ascii.length > 253) return { error: `"${raw}" is not a valid domain name` };
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!)) {
    return { error: `"${raw}" is not a fully qualified domain name` };
  }
  return { kind: 'fqdn', value: ascii };
}

function parseCidr(text: string): ParsedValue | { error: string } {
  const [addrText, prefixText] = text.split('/');
  if (!/^\d{1,3}$/.test(prefixText ?? '')) return { error: `"${text}" has no valid prefix length` };
  const prefix = Number(prefixText);
  const v4Fast = quad(addrText);
  if (v4Fast !== null && prefix <= 32) return ipv4Range(v4Fast, prefix);
  const v4 = v4Fast !== null;
  if (!v4 && !(addrText.includes(':') && ipaddr.IPv6.isValid(addrText))) {
    return { error: `"${text}" is not an IPv4 or IPv6 address or range` };
  }
  const bits = v4 ? 32 : 128;
  if (prefix > bits) return { error: `"${text}": prefix longer than /${bits}` };
  const network = v4
    ? ipaddr.IPv4.networkAddressFromCIDR(text)
    : ipaddr.IPv6.networkAddressFromCIDR(text);
  const start = toBigInt(network.toByteArray());
  const end = start + (1n << BigInt(bits - prefix)) - 1n;
  const kind: TargetKind = prefix === bits ? 'ip' : 'cidr';
  const address = network.toString();
  return {
    kind,
    value: kind === 'ip' ? address : `${address}/${prefix}`,
    family: v4 ? 4 : 6,
    prefix,
    start,
    end,
  };
}

function toBigInt(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

// The name and each of its parents up to (not including) the top-level label.
export function selfAndParents(fqdn: string): string[] {
  const out: string[] = [];
  let name = fqdn;
  for (;;) {
    out.push(name);
    const dot = name.indexOf('.');
    if (dot < 0) break;
    name = name.slice(dot + 1);
    if (!name.includes('.')) break;
  }
  return out;
}
