import { LeaseFormat } from './lease-event';

// Ordered: the first rule any line satisfies wins, so the more specific markers come first.
const RULES: [LeaseFormat, RegExp][] = [
  ['cgnat-juniper', /\bRT_SRC_NAT_PBA_(ALLOC|INTERIM|RELEASE)\b/],
  ['cgnat-a10', /CEF:\d+\|A10\|/],
  ['cgnat-6wind', /\bUSER \S+.*\b(NEW|DESTROY) BLOCK \(/],
  ['cgnat-nfware', /\b[AD] VRF \d+ INT \S+ EXT \S+:\d+-\d+\s*$/],
  ['kea-csv', /^address,(hwaddr,client_id|duid),/],
  [
    'generic-csv',
    /^\s*ip\s*,\s*prefix_len\s*,\s*start\s*,\s*end\s*,\s*identifier_type\s*,\s*identifier\b/i,
  ],
  [
    'kea-legal',
    /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}\S*( \S+)? (Address|Prefix): \S+ has been /,
  ],
  [
    'isc-dhcpd',
    /^(lease \S+ \{|ia-(na|ta|pd) ".*" \{|authoring-byte-order |server-duid |# The format of this file is documented in the dhcpd\.leases)/,
  ],
  ['radius-detail', /^\s+Acct-Status-Type = /],
];

// Guesses the format from the first lines of a file (a few dozen are plenty); null when none fits.
export function detectFormat(firstLines: string[]): LeaseFormat | null {
  for (const [format, pattern] of RULES) {
    if (firstLines.some((line) => pattern.test(line.replace(/^\uFEFF/, '')))) return format;
  }
  return null;
}
