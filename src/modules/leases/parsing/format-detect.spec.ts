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

  it('recognises a Kea legal log written with ISO 8601 offsets', () => {
    expect(
      detectFormat([
        '2026-07-01T14:00:00+02:00 Address: 192.0.2.9 has been renewed for 0 hrs 5 mins 0 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
      ]),
    ).toBe('kea-legal');
  });

  it('returns null for unrelated text', () => {
    expect(detectFormat(['hello', 'name,email', ''])).toBeNull();
  });
});
