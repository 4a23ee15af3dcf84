import { join } from 'node:path';
import { ParseResult } from './lease-event';
import { collect, linesOf, openLines } from './line-source';
import { parseRadiusDetail } from './radius-detail.parser';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
// The sample server writes headers in CEST, two hours off UTC.
const berlin = { timeZone: 'Europe/Berlin' };

describe('parseRadiusDetail', () => {
  let results: ParseResult[];
  beforeAll(async () => {
    results = await collect(
      parseRadiusDetail(openLines(fixture('radius-detail-20260701')), berlin),
    );
  });

  it('reads a Start preferring Timestamp over a NAS clock one second ahead', () => {
    expect(results[0]).toEqual({
      type: 'binding',
      family: 4,
      prefix: '100.64.1.10/32',
      identifiers: { username: 'alice@isp.example', mac: 'aa:bb:cc:dd:ee:01' },
      action: 'start',
      start: new Date('2026-07-01T12:00:00Z'),
      end: null,
      endIsActual: false,
      observedAt: new Date('2026-07-01T12:00:00Z'),
      sessionKey: '5b3f9a1c2d7e4f60',
      nas: '192.0.2.1',
      lineNumber: 1,
      raw: expect.stringMatching(/^Wed Jul {2}1 14:00:00 2026\n\tAcct-Session-Id = "0000A1"\n/),
    });
    expect((results[0] as { raw: string }).raw.split('\n')).toHaveLength(12);
  });

  it('opens an Interim-Update without Start at event time minus session time, per address', () => {
    const interim = results.slice(1, 4);
    expect(interim.map((r) => (r.type === 'binding' ? r.prefix : r.type))).toEqual([
      '100.64.1.11/32',
      '2001:db8:1:2::/64',
      '2001:db8:200::/56',
    ]);
    for (const event of interim) {
      expect(event).toMatchObject({
        action: 'interim',
        identifiers: { username: 'bob', mac: '00:11:22:33:44:55' },
        start: new Date('2026-07-01T11:10:00Z'),
        observedAt: new Date('2026-07-01T12:10:00Z'),
        end: null,
        sessionKey: '192.0.2.1|0000B2',
        lineNumber: 14,
      });
    }
  });

  it('closes a Stop at Timestamp minus Acct-Delay-Time', () => {
    expect(results[4]).toMatchObject({
      action: 'stop',
      prefix: '100.64.1.10/32',
      start: new Date('2026-07-01T12:00:00Z'),
      end: new Date('2026-07-01T12:59:58Z'),
      endIsActual: true,
      observedAt: new Date('2026-07-01T12:59:58Z'),
      sessionKey: '5b3f9a1c2d7e4f60',
      lineNumber: 27,
    });
  });

  it('turns Accounting-Off into a NAS reset at the header time read in the server zone', () => {
    expect(results[5]).toEqual({
      type: 'nas_reset',
      nas: '192.0.2.2',
      at: new Date('2026-07-01T13:30:00Z'),
      kind: 'accounting-off',
      lineNumber: 40,
      raw: 'Wed Jul  1 15:30:00 2026\n\tAcct-Status-Type = Accounting-Off\n\tNAS-IP-Address = 192.0.2.2\n\tAcct-Delay-Time = 0',
    });
  });

  it('reports a bad address and continues with the next record', () => {
    expect(results[6]).toMatchObject({
      type: 'problem',
      lineNumber: 45,
      reason: 'invalid Framed-IP-Address "100.64.1.300"',
    });
    expect(results[7]).toMatchObject({
      action: 'start',
      prefix: '100.64.1.12/32',
      identifiers: { username: 'carol' },
      start: new Date('2026-07-01T13:31:57Z'),
      sessionKey: '192.0.2.1|0000D4',
      lineNumber: 52,
    });
    expect(results[7]).not.toHaveProperty('identifiers.mac');
    expect(results).toHaveLength(8);
  });

  it('reports records without status, stray attributes and unusable headers', async () => {
    const out = await collect(
      parseRadiusDetail(
        linesOf([
          '\tUser-Name = "x"',
          'Wed Jul  1 15:30:00 2026',
          '\tUser-Name = "x"',
          '',
          'not a date',
          '\tAcct-Status-Type = Start',
          '\tFramed-IP-Address = 100.64.1.12',
          'Sun Mar 29 02:30:00 2026',
          '\tAcct-Status-Type = Start',
          '\tFramed-IP-Address = 100.64.1.12',
        ]),
        berlin,
      ),
    );
    expect(out.map((r) => [r.lineNumber, r.type === 'problem' ? r.reason : r.type])).toEqual([
      [1, 'attribute line outside a record'],
      [2, 'missing or unsupported Acct-Status-Type ""'],
      [5, 'invalid detail header and no Timestamp'],
      [8, 'header: local time does not exist in Europe/Berlin (DST gap)'],
    ]);
  });
});

describe('parseRadiusDetail without an address', () => {
  it('skips an 802.1X accounting record that carries no address: no binding, not an error', async () => {
    const results = await collect(
      parseRadiusDetail(
        linesOf([
          'Wed Jul  1 14:00:00 2026',
          '\tAcct-Status-Type = Start',
          '\tAcct-Session-Id = "dot1x-0001"',
          '\tUser-Name = "host/laptop-7.corp.example"',
          '\tCalling-Station-Id = "aa-bb-cc-dd-ee-07"',
          '\tNAS-IP-Address = 192.0.2.9',
          '\tNAS-Port-Type = Ethernet',
          '\tTimestamp = 1782907200',
          '',
        ]),
        berlin,
      ),
    );
    expect(results).toEqual([
      { type: 'skip', lineNumber: 1, reason: 'no Framed-IP-Address or IPv6 prefix (no binding)' },
    ]);
  });
});
