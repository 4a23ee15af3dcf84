import { LeaseIdentifiers } from './lease-event';

// Normalisation of client identifiers so that the same device compares equal across sources.

const HEX_PAIRS = /^[0-9a-f]{2}(:[0-9a-f]{2})*$/;

export function bytesToHex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

// Accepts 'AA:BB:CC:DD:EE:FF', 'aa-bb-..', 'aabb.ccdd.eeff', 'aabbccddeeff'.
const CANONICAL_MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function normaliseMac(text: string): string | null {
  // Most sources already write the canonical form.
  if (CANONICAL_MAC.test(text)) return text;
  const value = text.trim().toLowerCase();
  let hex: string;
  if (/^[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(\1[0-9a-f]{1,2}){4}$/.test(value)) {
    hex = value
      .split(/[:-]/)
      .map((p) => p.padStart(2, '0'))
      .join('');
  } else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/.test(value)) {
    hex = value.replace(/\./g, '');
  } else if (/^[0-9a-f]{12}$/.test(value)) {
    hex = value;
  } else {
    return null;
  }
  return hex.match(/../g)?.join(':') ?? null;
}

// Hex identifiers as written by dhcpd/Kea ('1:0:c' pads to '01:00:0c') or as plain hex ('0x0102').
export function normaliseHexId(text: string): string | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2})*$/.test(value)) {
    return value
      .split(/[:-]/)
      .map((p) => p.padStart(2, '0'))
      .join(':');
  }
  const plain = value.startsWith('0x') ? value.slice(2) : value;
  if (plain.length > 0 && plain.length % 2 === 0 && /^[0-9a-f]+$/.test(plain)) {
    return plain.match(/../g)?.join(':') ?? null;
  }
  return null;
}

export function isHexId(text: string): boolean {
  return HEX_PAIRS.test(text);
}

// dhcpd writes binary strings with C escapes: \ooo octal, \" and \\; other chars are literal bytes.
export function unescapeDhcpString(body: string): number[] | null {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code > 0xff) return null;
      bytes.push(code);
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8) & 0xff);
      i += octal[0].length;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) return null;
    const named: Record<string, number> = { n: 10, r: 13, t: 9 };
    bytes.push(named[next] ?? next.charCodeAt(0));
    i += 1;
  }
  return bytes;
}

// A dhcpd value is either a quoted escaped string or colon-separated hex.
export function dhcpValueToHex(value: string): string | null {
  const text = value.trim();
  if (text.startsWith('"') && text.endsWith('"') && text.length >= 2) {
    const bytes = unescapeDhcpString(text.slice(1, -1));
    return bytes === null || bytes.length === 0 ? null : bytesToHex(bytes);
  }
  return normaliseHexId(text);
}

export function dhcpValueToBytes(value: string): number[] | null {
  const hex = dhcpValueToHex(value);
  return hex === null ? null : hex.split(':').map((h) => parseInt(h, 16));
}

// Ties the records of one DHCP binding together across snapshots and log lines. The primary id is
// the one every record of the binding carries: the DUID (v6), else the MAC; client-id and relay
// options come last as they appear only on some messages (same order as the importer's
// primaryIdentifier).
export function dhcpSessionKey(prefix: string, ids: LeaseIdentifiers): string | undefined {
  const primary =
    ids.duid ?? ids.mac ?? ids.clientId ?? ids.circuitId ?? ids.remoteId ?? ids.username;
  return primary === undefined ? undefined : `${prefix}|${primary}`;
}
