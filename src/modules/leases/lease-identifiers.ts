import type { LeaseIdentifiers } from './parsing/lease-event';

export type IdentifierType = 'username' | 'circuit_id' | 'remote_id' | 'duid' | 'client_id' | 'mac';
export const IDENTIFIER_TYPES: readonly IdentifierType[] = [
  'username',
  'duid',
  'mac',
  'client_id',
  'circuit_id',
  'remote_id',
];

const FIELD: Record<IdentifierType, keyof LeaseIdentifiers> = {
  username: 'username',
  circuit_id: 'circuitId',
  remote_id: 'remoteId',
  duid: 'duid',
  client_id: 'clientId',
  mac: 'mac',
};

// The identifier present in every record of a binding names it: a RADIUS login, a DHCPv6
// DUID, else the MAC (relay options such as circuit-id appear only on some DHCP messages).
// All identifiers are kept, and any one may map to an account.
export function primaryIdentifier(
  ids: LeaseIdentifiers,
): { type: IdentifierType; value: string } | null {
  for (const type of IDENTIFIER_TYPES) {
    const value = ids[FIELD[type]];
    if (value) return { type, value };
  }
  return null;
}

// identifierKeys as a PostgreSQL array literal for COPY text, built in one pass (a filter, a
// map and a quoting check per element were a tenth of preparing a dhcpd record).
export function identifierKeysLiteral(ids: LeaseIdentifiers): string {
  let out = '{';
  for (const t of IDENTIFIER_TYPES) {
    const v = ids[FIELD[t]];
    if (!v) continue;
    const key = `${t}:${v}`;
    const quoted =
      key.includes('"') || key.includes('\\') ? key.replace(/["\\]/g, (c) => `\\${c}`) : key;
    out += out.length === 1 ? `"${quoted}"` : `,"${quoted}"`;
  }
  return `${out}}`;
}

export function identifierKeys(ids: LeaseIdentifiers): string[] {
  return IDENTIFIER_TYPES.filter((t) => ids[FIELD[t]]).map((t) => `${t}:${ids[FIELD[t]]}`);
}

// Normalises an identifier as the parsers do, for customer exports typed by hand.
export function normaliseIdentifier(type: IdentifierType, value: string): string {
  const v = value.trim();
  if (type === 'username') return v;
  const hex = v.toLowerCase().replace(/[^0-9a-f]/g, '');
  if ((type === 'mac' || /^[0-9a-f:.-]+$/i.test(v)) && hex.length % 2 === 0 && hex.length > 0) {
    return hex.match(/../g)!.join(':');
  }
  return v;
}
