import { join } from 'node:path';
import { parseKeaLegal } from './kea-legal.parser';
import { ParseResult } from './lease-event';
import { collect, linesOf, openLines } from './line-source';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
const paris = { timeZone: 'Europe/Paris' };

describe('parseKeaLegal', () => {
  let results: ParseResult[];
  beforeAll(async () => {
    results = await collect(parseKeaLegal(openLines(fixture('kea-legal-paris-dst.log')), paris));
  });

  it('reads an assignment with every identifier', () => {
    expect(results[0]).toEqual({
      type: 'binding',
      family: 4,
      prefix: '192.0.2.50/32',
      identifiers: {
        mac: '08:00:2b:02:3f:4e',
        clientId: '01:08:00:2b:02:3f:4e',
        circuitId: '68:6f:77:64:79',
        remoteId: '87:f6:79:77:ef',
      },
      action: 'assign',
      start: new Date('2026-10-24T23:30:00Z'),
      end: new Date('2026-10-25T00:30:00Z'),
      endIsActual: false,
      observedAt: new Date('2026-10-24T23:30:00Z'),
      sessionKey: '192.0.2.50/32|08:00:2b:02:3f:4e',
      lineNumber: 1,
      raw: expect.stringMatching(
        /^2026-10-25 01:30:00 CEST Address: 192\.0\.2\.50 .*87:f6:79:77:ef$/,
      ),
    });
  });

  it('uses the abbreviation to place the repeated fall-back hour', () => {
    expect(results[1]).toMatchObject({
      action: 'renew',
      start: new Date('2026-10-25T00:30:00Z'),
      end: new Date('2026-10-25T01:30:00Z'),
      lineNumber: 2,
    });
    expect(results[2]).toMatchObject({ start: new Date('2026-10-25T01:30:00Z'), lineNumber: 3 });
  });

  it('reports abbreviations that contradict Europe/Paris and carries on', () => {
    expect(results[3]).toEqual({
      type: 'problem',
      lineNumber: 4,
      reason: 'zone abbreviation EST contradicts Europe/Paris (UTC+02:00 or UTC+01:00)',
      raw: expect.stringMatching(/^2026-10-25 02:45:00 EST/),
    });
    expect(results[5]).toMatchObject({
      type: 'problem',
      lineNumber: 6,
      reason: 'zone abbreviation CEST contradicts Europe/Paris (UTC+01:00)',
    });
  });

  it('reads a release as an actual end at the event time', () => {
    expect(results[4]).toMatchObject({
      action: 'release',
      prefix: '192.0.2.50/32',
      start: new Date('2026-10-25T02:15:00Z'),
      end: new Date('2026-10-25T02:15:00Z'),
      endIsActual: true,
      lineNumber: 5,
    });
  });

  it('reads v6 addresses and prefixes', () => {
    expect(results[6]).toMatchObject({
      family: 6,
      prefix: '2001:db8:1::/128',
      identifiers: {
        duid: '17:34:e2:ff:09:92:54',
        mac: '08:00:2b:02:3f:4e',
        remoteId: '01:02:03:04:0a:0b',
      },
      start: new Date('2026-10-25T04:00:00Z'),
      end: new Date('2026-10-25T04:11:53Z'),
      lineNumber: 7,
    });
    expect(results[6]).not.toHaveProperty('identifiers.circuitId');
    expect(results[7]).toMatchObject({
      prefix: '2001:db8:2::/64',
      identifiers: { duid: '00:03:00:01:08:00:2b:02:3f:4e' },
      end: new Date('2026-10-26T04:01:00Z'),
    });
    expect(results[8]).toMatchObject({
      type: 'problem',
      lineNumber: 9,
      reason: 'not a Kea legal log lease line',
    });
    expect(results[9]).toMatchObject({
      prefix: '2001:db8:3::/56',
      action: 'renew',
      lineNumber: 10,
    });
    expect(results).toHaveLength(10);
  });

  it('reports a local time inside the spring-forward gap', async () => {
    const out = await collect(
      parseKeaLegal(
        linesOf(
          '2026-03-29 02:30:00 CET Address: 192.0.2.9 has been released from a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
        ),
        paris,
      ),
    );
    expect(out).toEqual([
      expect.objectContaining({
        lineNumber: 1,
        reason: 'local time does not exist in Europe/Paris (DST gap)',
      }),
    ]);
  });

  it('takes ISO 8601 timestamps with an offset as written, whatever the configured zone', async () => {
    const out = await collect(
      parseKeaLegal(
        linesOf([
          '2026-07-01T14:00:00+02:00 Address: 192.0.2.9 has been assigned for 0 hrs 5 mins 0 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
          '2026-07-01 12:10:00.250Z Address: 192.0.2.9 has been released from a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
          '2026-07-01T14:00:00 Address: 192.0.2.9 has been released from a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
        ]),
        { timeZone: 'America/New_York' },
      ),
    );
    expect(out[0]).toMatchObject({
      action: 'assign',
      start: new Date('2026-07-01T12:00:00Z'),
      end: new Date('2026-07-01T12:05:00Z'),
      sessionKey: '192.0.2.9/32|08:00:2b:02:3f:4e',
    });
    expect(out[1]).toMatchObject({ action: 'release', end: new Date('2026-07-01T12:10:00.250Z') });
    expect(out[2]).toEqual({
      type: 'problem',
      lineNumber: 3,
      reason: 'invalid timestamp "2026-07-01T14:00:00"',
      raw: expect.stringMatching(/^2026-07-01T14:00:00 Address/),
    });
    expect(out).toHaveLength(3);
  });

  it('resolves in UTC by default and rejects a wrong zone abbreviation there too', async () => {
    const out = await collect(
      parseKeaLegal(
        linesOf([
          '2026-07-01 12:00:00 UTC Address: 192.0.2.9 has been assigned for 0 hrs 5 mins 0 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
          '2026-07-01 12:00:00 CEST Address: 192.0.2.9 has been assigned for 0 hrs 5 mins 0 secs to a device with hardware address: hwtype=1 08:00:2b:02:3f:4e',
        ]),
        { timeZone: 'UTC' },
      ),
    );
    expect(out[0]).toMatchObject({ start: new Date('2026-07-01T12:00:00Z') });
    expect(out[1]).toMatchObject({ type: 'problem', lineNumber: 2 });
  });
});

describe('parseKeaLegal dialects', () => {
  it('reads the default and documented custom formats, IPv6 addresses and prefixes, and skips HA-partner and administrator changes', async () => {
    const results = await collect(
      parseKeaLegal(openLines(fixture('kea-legal-dialects.log')), paris),
    );
    expect(
      results.map((r) =>
        r.type === 'binding'
          ? [r.lineNumber, r.action, r.prefix, r.start.toISOString(), r.end?.toISOString() ?? null]
          : [r.lineNumber, r.type],
      ),
    ).toEqual([
      [1, 'assign', '192.0.2.60/32', '2026-07-01T08:00:00.000Z', '2026-07-01T09:00:00.000Z'],
      // Custom format: "assigned for N seconds".
      [2, 'assign', '192.0.2.61/32', '2026-07-01T08:05:00.000Z', '2026-07-01T09:05:00.000Z'],
      // lease4-add by an administrator: an assignment for one day.
      [3, 'assign', '192.0.2.62/32', '2026-07-01T08:10:00.000Z', '2026-07-02T08:10:00.000Z'],
      [4, 'skip'],
      [5, 'skip'],
      [6, 'skip'],
      [7, 'assign', '2001:db8:5::1234/128', '2026-07-01T08:20:00.000Z', '2026-07-01T09:05:00.000Z'],
      [8, 'assign', '2001:db8:600::/56', '2026-07-01T08:25:00.000Z', '2026-07-02T08:25:00.000Z'],
      [9, 'release', '192.0.2.60/32', '2026-07-01T08:30:00.000Z', '2026-07-01T08:30:00.000Z'],
    ]);
    expect(results[2]).toMatchObject({ identifiers: { mac: '02:aa:bb:cc:dd:03' } });
    expect(results[6]).toMatchObject({ identifiers: { duid: '00:03:00:01:02:aa:bb:cc:dd:05' } });
  });
});
