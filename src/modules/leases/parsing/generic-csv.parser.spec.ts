import { join } from 'node:path';
import { parseGenericCsv } from './generic-csv.parser';
import { ParseResult } from './lease-event';
import { collect, linesOf, openLines } from './line-source';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
const utc = { timeZone: 'UTC' };

describe('parseGenericCsv', () => {
  let results: ParseResult[];
  beforeAll(async () => {
    results = await collect(parseGenericCsv(openLines(fixture('generic-leases.csv')), utc));
  });

  it('reads rows with explicit zones, open ends and optional session ids', () => {
    expect(results[0]).toEqual({
      type: 'binding',
      family: 4,
      prefix: '192.0.2.40/32',
      identifiers: { mac: '00:1a:2b:3c:4d:5e' },
      action: 'snapshot',
      start: new Date('2026-10-07T08:00:00Z'),
      end: new Date('2026-10-07T12:00:00Z'),
      endIsActual: true,
      observedAt: new Date('2026-10-07T08:00:00Z'),
      lineNumber: 2,
      raw: '192.0.2.40,32,2026-10-07T08:00:00Z,2026-10-07T12:00:00Z,mac,00-1A-2B-3C-4D-5E,',
    });
    expect(results[1]).toMatchObject({
      family: 6,
      prefix: '2001:db8:300::/56',
      identifiers: { duid: '00:03:00:01:00:1a:2b:3c:4d:5e' },
      start: new Date('2026-10-07T08:00:00Z'),
      end: null,
      endIsActual: false,
      sessionKey: 'pppoe-77',
    });
    expect(results[3]).toMatchObject({
      identifiers: { username: 'erin, flat 3' },
      start: new Date('2026-10-07T12:00:00.500Z'),
      end: new Date('2026-10-07T13:00:00Z'),
      sessionKey: 's-9',
      lineNumber: 5,
    });
    expect(results[6]).toMatchObject({
      prefix: '100.64.7.1/32',
      identifiers: { circuitId: '65:74:68:30:31' },
      lineNumber: 8,
    });
  });

  it('reports a row without zone and other bad rows with their line numbers', () => {
    expect(
      results
        .filter((r) => r.type === 'problem')
        .map((r) => [r.lineNumber, 'reason' in r && r.reason]),
    ).toEqual([
      [4, 'start has no time zone'],
      [6, 'end is before start'],
      [7, 'unknown identifier_type "serial"'],
    ]);
    expect(results).toHaveLength(7);
  });

  it('requires the documented header', async () => {
    const out = await collect(parseGenericCsv(linesOf('ip,start,end\n192.0.2.1,x,y\n'), utc));
    expect(out[0]).toMatchObject({
      type: 'problem',
      lineNumber: 1,
      reason: 'header lacks prefix_len, identifier_type, identifier',
    });
  });
});
