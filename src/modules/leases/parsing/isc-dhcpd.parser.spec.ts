import { join } from 'node:path';
import { parseIscDhcpd } from './isc-dhcpd.parser';
import { BindingEvent, ParseProblem, ParseResult } from './lease-event';
import { collect, linesOf, openLines } from './line-source';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
const utc = { timeZone: 'UTC' };

const bindings = (results: ParseResult[]): BindingEvent[] =>
  results.filter((r): r is BindingEvent => r.type === 'binding');
const problems = (results: ParseResult[]): ParseProblem[] =>
  results.filter((r): r is ParseProblem => r.type === 'problem');

describe('parseIscDhcpd (IPv4)', () => {
  let results: ParseResult[];
  beforeAll(async () => {
    results = await collect(parseIscDhcpd(openLines(fixture('dhcpd.leases')), utc));
  });

  it('reads an active lease with uid, relay agent options and quoted specials', () => {
    const [first] = bindings(results);
    expect(first).toEqual({
      type: 'binding',
      family: 4,
      prefix: '192.0.2.10/32',
      identifiers: {
        mac: '00:1a:2b:3c:4d:5e',
        clientId: '01:00:1a:2b:3c:4d:5e',
        circuitId: '65:74:68:30:2f:31:2f:32:3a:31:30:30',
        remoteId: '00:11:22:33:44:55',
      },
      action: 'snapshot',
      start: new Date('2026-10-07T08:15:00Z'),
      end: new Date('2026-10-07T20:15:00Z'),
      endIsActual: false,
      observedAt: new Date('2026-10-07T08:15:00Z'),
      sessionKey: '192.0.2.10/32|00:1a:2b:3c:4d:5e',
      lineNumber: 14,
      raw: expect.stringMatching(
        /^lease 192\.0\.2\.10 \{\n[\s\S]*client-hostname "laptop;\{#x\}";\n\}$/,
      ),
    });
    expect(first.raw.split('\n')).toHaveLength(14);
  });

  it('reads epoch times as UTC (the comment is local time) and released as an actual end', () => {
    const lease = bindings(results).find((b) => b.prefix === '192.0.2.12/32');
    expect(lease).toMatchObject({
      identifiers: { mac: '00:1a:2b:3c:4d:60' },
      start: new Date('2026-10-07T10:00:00Z'),
      end: new Date('2026-10-07T11:00:00Z'),
      endIsActual: true,
      lineNumber: 28,
    });
  });

  it('maps `ends never` to an open end and skips unowned free pool entries', () => {
    const lease = bindings(results).find((b) => b.prefix === '192.0.2.13/32');
    expect(lease).toMatchObject({ end: null, endIsActual: false, observedAt: lease?.start });
    expect(bindings(results).map((b) => b.prefix)).toEqual([
      '192.0.2.10/32',
      '192.0.2.12/32',
      '192.0.2.13/32',
      '192.0.2.17/32',
    ]);
  });

  it('reports bad address, bad time and an unclosed block, then keeps going', () => {
    expect(problems(results).map((p) => [p.lineNumber, p.reason])).toEqual([
      [48, 'invalid lease address "192.0.2.300"'],
      [53, 'starts: invalid time "3 2026/13/45 25:00:00"'],
      [58, 'block not closed before line 61'],
    ]);
    expect(problems(results)[2].raw.split('\n')).toHaveLength(3);
    expect(bindings(results).at(-1)).toMatchObject({
      prefix: '192.0.2.17/32',
      lineNumber: 61,
      start: new Date('2026-10-07T11:30:00Z'),
    });
  });

  it('reads OpenBSD leases (UTC suffix, no binding state, abandoned flag)', async () => {
    const openbsd = await collect(parseIscDhcpd(openLines(fixture('dhcpd-openbsd.leases')), utc));
    expect(openbsd).toEqual([
      expect.objectContaining({
        prefix: '198.51.100.20/32',
        identifiers: { mac: '08:00:2b:02:3f:4e', clientId: '01:08:00:2b:02:3f:4e' },
        start: new Date('2026-10-07T09:00:00Z'),
        end: new Date('2026-10-07T21:00:00Z'),
        endIsActual: false,
        lineNumber: 1,
      }),
      expect.objectContaining({ prefix: '198.51.100.21/32', endIsActual: true, lineNumber: 8 }),
    ]);
  });

  it('reports an unterminated block at end of input', async () => {
    const out = await collect(
      parseIscDhcpd(linesOf('lease 192.0.2.1 {\n  starts 3 2026/10/07 08:00:00;\n'), utc),
    );
    expect(out).toEqual([
      {
        type: 'problem',
        lineNumber: 1,
        reason: 'unterminated block at end of file',
        raw: 'lease 192.0.2.1 {\n  starts 3 2026/10/07 08:00:00;',
      },
    ]);
  });
});

describe('parseIscDhcpd (DHCPv6)', () => {
  let results: ParseResult[];
  beforeAll(async () => {
    results = await collect(parseIscDhcpd(openLines(fixture('dhcpd6.leases')), utc));
  });

  it('reads ia-na and ia-pd with the DUID taken after the 4-byte IAID', () => {
    expect(bindings(results).slice(0, 2)).toEqual([
      expect.objectContaining({
        family: 6,
        prefix: '2001:db8:0:1::1e5/128',
        identifiers: { duid: '00:01:00:01:1d:94:ef:07:00:0c:29:d2:14:17' },
        start: new Date('2026-10-07T08:00:00Z'),
        end: new Date('2026-10-07T20:00:00Z'),
        endIsActual: false,
        observedAt: new Date('2026-10-07T08:00:00Z'),
        sessionKey: '2001:db8:0:1::1e5/128|00:01:00:01:1d:94:ef:07:00:0c:29:d2:14:17',
        lineNumber: 9,
      }),
      expect.objectContaining({
        family: 6,
        prefix: '2001:db8:100::/56',
        identifiers: { duid: '00:03:00:01:00:0c:29:d2:14:18' },
        start: new Date('2026-10-07T08:05:00Z'),
        end: new Date('2026-10-07T20:05:00Z'),
        lineNumber: 19,
      }),
    ]);
  });

  it('marks expired addresses as ended and reports a bad iaaddr without losing its sibling', () => {
    expect(bindings(results)[2]).toMatchObject({
      prefix: '2001:db8:0:1::2a/128',
      identifiers: { duid: '00:03:00:01:00:0c:29:d2:14:19' },
      start: new Date('2026-10-07T07:00:00Z'),
      end: new Date('2026-10-07T07:10:00Z'),
      endIsActual: true,
      lineNumber: 29,
    });
    expect(problems(results)).toEqual([
      expect.objectContaining({ lineNumber: 29, reason: 'invalid iaaddr "2001:db8:0:1::zz"' }),
    ]);
    expect(bindings(results)).toHaveLength(3);
  });
});
