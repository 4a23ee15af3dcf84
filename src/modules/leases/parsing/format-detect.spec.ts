import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat } from './format-detect';
import { LeaseFormat } from './lease-event';

const head = (name: string): string[] =>
  readFileSync(join(__dirname, '../../../../test/fixtures/leases', name), 'utf8')
    .split('\n')
    .slice(0, 20);

describe('detectFormat', () => {
  it.each<[string, LeaseFormat]>([
    ['dhcpd.leases', 'isc-dhcpd'],
    ['dhcpd-openbsd.leases', 'isc-dhcpd'],
    ['dhcpd6.leases', 'isc-dhcpd'],
    ['kea-leases4.csv', 'kea-csv'],
    ['kea-leases4-legacy.csv', 'kea-csv'],
    ['kea-leases6.csv', 'kea-csv'],
    ['kea-legal-paris-dst.log', 'kea-legal'],
    ['radius-detail-20260701', 'radius-detail'],
    ['cgnat-juniper.log', 'cgnat-juniper'],
    ['cgnat-a10.log', 'cgnat-a10'],
    ['cgnat-6wind.log', 'cgnat-6wind'],
    ['cgnat-nfware.log', 'cgnat-nfware'],
    ['generic-leases.csv', 'generic-csv'],
  ])('recognises %s as %s', (name, format) => {
    expect(detectFormat(head(name))).toBe(format);
  });

  it('returns null for unrelated text', () => {
    expect(detectFormat(['hello', 'name,email', ''])).toBeNull();
  });
});
