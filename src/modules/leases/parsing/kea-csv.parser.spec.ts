import { join } from 'node:path';
import { parseKeaCsv } from './kea-csv.parser';
import { ParseResult } from './lease-event';
import { collect, linesOf, openLines } from './line-source';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
const utc = { timeZone: 'UTC' };
const run = (name: string): Promise<ParseResult[]> =>
  collect(parseKeaCsv(openLines(fixture(name)), utc));

describe('parseKeaCsv', () => {
  it('reads a v4 file with pool_id: cltt, states, relay ids in user_context, problems', async () => {
    const all = await run('kea-leases4.csv');
    // The declined lease (state 1) on line 4 is skipped: no binding, not an error.
    expect(all.filter((r) => r.type === 'skip').map((r) => r.lineNumber)).toEqual([4]);
    const results = all.filter((r) => r.type !== 'skip');
    expect(results.map((r) => [r.type, r.lineNumber])).toEqual([
      ['binding', 2],
      ['binding', 3],
      ['problem', 5],
      ['problem', 6],
      ['binding', 7],
    ]);
    expect(results[0]).toEqual({
      type: 'binding',
      family: 4,
      prefix: '192.0.2.100/32',
      identifiers: { mac: '08:00:2b:02:3f:4e', clientId: '01:08:00:2b:02:3f:4e' },
      action: 'snapshot',
      start: new Date('2026-10-07T08:00:00Z'),
      end: new Date('2026-10-07T20:00:00Z'),
      endIsActual: false,
      observedAt: new Date('2026-10-07T08:00:00Z'),
      sessionKey: '192.0.2.100/32|08:00:2b:02:3f:4e',
      lineNumber: 2,
      raw: '192.0.2.100,08:00:2B:02:3F:4E,01:08:00:2b:02:3f:4e,43200,1791403200,1,0,0,host-a.example.net,0,,0',
    });
    expect(results[1]).toMatchObject({
      prefix: '192.0.2.101/32',
      identifiers: { mac: '08:00:2b:02:3f:4f' },
      sessionKey: '192.0.2.101/32|08:00:2b:02:3f:4f',
      start: new Date('2026-10-07T08:30:00Z'),
      end: new Date('2026-10-07T09:30:00Z'),
      endIsActual: true,
    });
    expect(results[2]).toMatchObject({ reason: 'invalid IPv4 address "192.0.2.999"' });
    expect(results[3]).toMatchObject({ reason: 'invalid expire or valid_lifetime' });
    expect(results[4]).toMatchObject({
      prefix: '192.0.2.103/32',
      identifiers: {
        mac: '08:00:2b:02:3f:52',
        clientId: 'ff:00:00:00:01',
        circuitId: 'aa:bb:cc:dd',
        remoteId: '00:11:22',
      },
      start: new Date('2026-10-07T08:00:00Z'),
      end: new Date('2026-10-07T09:00:00Z'),
      endIsActual: true,
    });
  });

  it('reads a v4 header without pool_id', async () => {
    expect(await run('kea-leases4-legacy.csv')).toEqual([
      expect.objectContaining({
        prefix: '198.51.100.7/32',
        identifiers: { mac: '0a:0b:0c:0d:0e:0f' },
        start: new Date('2026-10-07T08:00:00Z'),
        end: new Date('2026-10-07T09:06:40Z'),
      }),
    ]);
  });

  it('reads v6 IA_NA and IA_PD, skips declined and reports an unknown lease_type', async () => {
    const all = await run('kea-leases6.csv');
    expect(all.filter((r) => r.type === 'skip').map((r) => r.lineNumber)).toEqual([4]);
    const results = all.filter((r) => r.type !== 'skip');
    expect(results).toEqual([
      expect.objectContaining({
        family: 6,
        prefix: '2001:db8:1::5/128',
        identifiers: { duid: '00:03:00:01:08:00:2b:02:3f:4e', mac: '08:00:2b:02:3f:4e' },
        start: new Date('2026-10-07T08:00:00Z'),
        end: new Date('2026-10-07T09:00:00Z'),
        endIsActual: false,
        lineNumber: 2,
      }),
      expect.objectContaining({
        prefix: '2001:db8:100::/56',
        identifiers: { duid: '00:01:00:01:1d:94:ef:07:00:0c:29:d2:14:17' },
        sessionKey: '2001:db8:100::/56|00:01:00:01:1d:94:ef:07:00:0c:29:d2:14:17',
        start: new Date('2026-10-07T08:00:00Z'),
        end: new Date('2026-10-07T10:00:00Z'),
        lineNumber: 3,
      }),
      expect.objectContaining({ type: 'problem', lineNumber: 5, reason: 'unknown lease_type "5"' }),
      expect.objectContaining({ prefix: '2001:db8:1::7/128', endIsActual: true, lineNumber: 6 }),
    ]);
  });

  it('reports rows before any header and a header missing columns', async () => {
    const results = await collect(
      parseKeaCsv(linesOf(['192.0.2.1,aa:bb:cc:dd:ee:ff', 'address,hwaddr', '192.0.2.1,x']), utc),
    );
    expect(results).toEqual([
      expect.objectContaining({ lineNumber: 1, reason: 'no valid Kea CSV header before this row' }),
      expect.objectContaining({
        lineNumber: 2,
        reason: 'Kea v4 header lacks client_id, valid_lifetime, expire',
      }),
      expect.objectContaining({ lineNumber: 3, reason: 'no valid Kea CSV header before this row' }),
    ]);
  });
});

describe('parseKeaCsv dialects', () => {
  it('reads schema-1.0 headers without state, any hardware address beside a client-id, and no placeholder DUID', async () => {
    const results = await run('kea-leases-schema10.csv');
    expect(
      results.map((r) =>
        r.type === 'binding'
          ? [r.lineNumber, r.prefix, r.identifiers, r.start.toISOString(), r.endIsActual]
          : [r.lineNumber, r.type, r.type === 'problem' ? r.reason : ''],
      ),
    ).toEqual([
      [
        2,
        '192.0.2.120/32',
        { mac: '0a:0b:0c:0d:0e:10', clientId: '01:0a:0b:0c:0d:0e:10' },
        '2026-10-07T08:00:00.000Z',
        false,
      ],
      // A 20-byte InfiniBand hardware address: the client-id names the device.
      [
        3,
        '192.0.2.121/32',
        { clientId: 'ff:00:00:00:01:00:02:c9:02:00:23:13:92' },
        '2026-10-07T08:00:00.000Z',
        false,
      ],
      [
        4,
        'problem',
        'invalid hwaddr "80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:93"',
      ],
      [
        6,
        '2001:db8:2::5/128',
        { duid: '00:03:00:01:0a:0b:0c:0d:0e:11' },
        '2026-10-07T08:00:00.000Z',
        false,
      ],
      // Kea's all-zero placeholder DUID names nobody: the row has no identifier left (the
      // importer then rejects it as such).
      [7, '2001:db8:2::6/128', {}, '2026-10-07T08:00:00.000Z', false],
    ]);
  });
});
