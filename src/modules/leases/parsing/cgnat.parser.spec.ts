import { join } from 'node:path';
import { parseCgnat6wind } from './cgnat-6wind.parser';
import { parseCgnatA10 } from './cgnat-a10.parser';
import { parseCgnatJuniper } from './cgnat-juniper.parser';
import { parseCgnatNfware } from './cgnat-nfware.parser';
import { LeaseParser, ParseResult } from './lease-event';
import { collect, openLines } from './line-source';
import { SyslogYear } from './syslog-time.util';

const fixture = (name: string): string => join(__dirname, '../../../../test/fixtures/leases', name);
const run = (parser: LeaseParser, name: string): Promise<ParseResult[]> =>
  collect(parser(openLines(fixture(name)), { timeZone: 'Europe/Paris' }));
const summary = (results: ParseResult[]): (string | number)[][] =>
  results.map((r) =>
    r.type === 'port_block'
      ? [r.lineNumber, r.action, r.insideIp, r.publicIp, r.portLow, r.portHigh, r.at.toISOString()]
      : [r.lineNumber, r.type === 'problem' ? r.reason : r.type],
  );

describe('parseCgnatJuniper', () => {
  it('reads structured and classic PBA messages and reports the bad ones', async () => {
    const results = await run(parseCgnatJuniper, 'cgnat-juniper.log');
    expect(results[0]).toEqual({
      type: 'port_block',
      action: 'alloc',
      publicIp: '203.0.113.7',
      portLow: 51200,
      portHigh: 51455,
      insideIp: '10.0.0.5',
      pool: 'pool1',
      // epoch-time-64 wins over the syslog header (21:00:00.000Z).
      at: new Date('2026-10-04T21:00:01Z'),
      lineNumber: 1,
      raw: expect.stringMatching(
        /^<14>1 2026-10-04T21:00:00\.000Z mx1 RT_NAT - RT_SRC_NAT_PBA_ALLOC \[/,
      ),
    });
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.0.5', '203.0.113.7', 51200, 51455, '2026-10-04T21:00:01.000Z'],
      [2, 'interim', '10.0.0.5', '203.0.113.7', 51200, 51455, '2026-10-04T21:05:00.000Z'],
      [3, 'skip'],
      [4, 'release', '10.0.0.6', '203.0.113.8', 1024, 1535, '2026-10-04T21:10:00.000Z'],
      [5, 'BSD syslog timestamp has no year (give --year, or import the file itself)'],
      [6, 'invalid port range "70000-70255"'],
      [7, 'unrecognised RT_SRC_NAT_PBA_ALLOC message'],
      [8, 'alloc', '10.0.0.9', '203.0.113.9', 4096, 4607, '2026-10-04T21:30:00.000Z'],
    ]);
    expect(results[3]).toMatchObject({ pool: 'pool2' });
  });
});

describe('parseCgnatJuniper structured-data element', () => {
  it('reads plain elements by the scanner and unusual ones by the regular expressions alike', async () => {
    const el = (params: string) =>
      `<14>1 2026-10-04T21:00:00.000Z mx1 RT_NAT - RT_SRC_NAT_PBA_ALLOC [junos@2636.1.1.1.2.26${params}]`;
    const base = ` internal-ip="10.0.0.5" reflexive-ip="203.0.113.7" block-port-low="1024" block-port-high="1279"`;
    const results = await collect(
      parseCgnatJuniper(
        (async function* () {
          yield [
            el(`${base} nat-pool-name="p1"`),
            // Two blanks and a tab between parameters, blanks before the bracket.
            el(
              `  internal-ip="10.0.0.5"\treflexive-ip="203.0.113.7" block-port-low="1024" block-port-high="1279" nat-pool-name="p1"  `,
            ),
            // An escaped quote and bracket in a value (the regex path unescapes them).
            el(`${base} nat-pool-name="p\\"1\\]"`),
            // A parameter glued to the SD-ID is read as part of the SD-ID, as before.
            el(`${base.trimStart()} nat-pool-name="p1"`).replace('2.26 ', '2.26'),
          ];
        })(),
        { timeZone: 'UTC' },
      ),
    );
    expect(
      results.map((r) => (r.type === 'port_block' ? [r.insideIp, r.portHigh, r.pool] : r)),
    ).toEqual([
      ['10.0.0.5', 1279, 'p1'],
      ['10.0.0.5', 1279, 'p1'],
      ['10.0.0.5', 1279, 'p"1]'],
      expect.objectContaining({ type: 'problem', reason: 'invalid inside address ""' }),
    ]);
  });
});

describe('parseCgnatJuniper scanner edge cases', () => {
  const parse = (lines: string[], timeZone = 'UTC') =>
    collect(
      parseCgnatJuniper(
        (async function* () {
          yield lines;
        })(),
        { timeZone, year: new SyslogYear({ year: 2026 }) },
      ),
    );
  const show = (r: ParseResult) =>
    r.type === 'port_block'
      ? [
          r.action,
          r.insideIp,
          r.publicIp,
          r.portLow,
          r.portHigh,
          r.pool ?? null,
          r.at.toISOString(),
        ]
      : [r.type, r.type === 'problem' ? r.reason : null];
  const head = '<14>1 2026-10-04T21:00:00.000Z mx1 RT_NAT -';
  const pairs =
    'internal-ip="10.0.0.5" reflexive-ip="203.0.113.7" block-port-low="1024" block-port-high="1279"';

  it('finds the tag only as a whole word', async () => {
    const r = await parse([
      `${head} RT_SRC_NAT_PBA_ALLOCATED [junos@2636.1 ${pairs}]`,
      `${head} XRT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs}]`,
      `${head} XRT_SRC_NAT_PBA_ALLOC RT_SRC_NAT_PBA_RELEASE [junos@2636.1 ${pairs}]`,
      `${head} RT_SRC_NAT_PBA_INTERIM`,
    ]);
    expect(r.map(show)).toEqual([
      ['skip', null],
      ['skip', null],
      ['release', '10.0.0.5', '203.0.113.7', 1024, 1279, null, '2026-10-04T21:00:00.000Z'],
      ['problem', 'unrecognised RT_SRC_NAT_PBA_INTERIM message'],
    ]);
  });

  it('reads epoch-time-64 with 0x or 0X or none, and refuses an empty or too long one', async () => {
    const at = (epoch: string) =>
      `${head} RT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs} epoch-time-64="${epoch}"]`;
    const r = await parse([
      at('0X6AC2BE51'),
      at('6ac2be51'),
      // Milliseconds (too large for seconds).
      at('0x1a108b76d62'),
      at('0x'),
      at('0x11111111111111111'),
      at('0x6ac2 be51'),
    ]);
    expect(r.map(show)).toEqual([
      ['alloc', '10.0.0.5', '203.0.113.7', 1024, 1279, null, '2026-10-04T21:00:01.000Z'],
      ['alloc', '10.0.0.5', '203.0.113.7', 1024, 1279, null, '2026-10-04T21:00:01.000Z'],
      ['alloc', '10.0.0.5', '203.0.113.7', 1024, 1279, null, '2026-10-04T21:00:01.250Z'],
      ['problem', 'invalid epoch-time-64 "0x"'],
      ['problem', 'invalid epoch-time-64 "0x11111111111111111"'],
      ['problem', 'invalid epoch-time-64 "0x6ac2 be51"'],
    ]);
  });

  it('reads bare pairs by their exact names, the last of a repeated name, and ports as parsePort does', async () => {
    const r = await parse([
      // Without the SD-ID or brackets; a longer name that ends in internal-ip is another parameter.
      `${head} RT_SRC_NAT_PBA_ALLOC x-internal-ip="10.9.9.9" ${pairs} nat-pool-name="a" nat-pool-name="b"`,
      `${head} RT_SRC_NAT_PBA_ALLOC x-internal-ip="10.9.9.9" reflexive-ip="203.0.113.7" block-port-low="1024" block-port-high="1279"`,
      // A blank inside the port value: parsePort trims it, as before.
      `${head} RT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs.replace('"1024"', '" 1024"')}]`,
      `${head} RT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs.replace('"1279"', '"1000"')}]`,
      `${head} RT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs.replace('10.0.0.5', '010.0.0.5')}]`,
      `${head} RT_SRC_NAT_PBA_ALLOC [junos@2636.1 ${pairs.replace('203.0.113.7', '2001:DB8::1')}]`,
    ]);
    expect(r.map(show)).toEqual([
      ['alloc', '10.0.0.5', '203.0.113.7', 1024, 1279, 'b', '2026-10-04T21:00:00.000Z'],
      ['problem', 'invalid inside address ""'],
      ['alloc', '10.0.0.5', '203.0.113.7', 1024, 1279, null, '2026-10-04T21:00:00.000Z'],
      ['problem', 'invalid port range "1024-1000"'],
      ['problem', 'invalid inside address "010.0.0.5"'],
      ['alloc', '10.0.0.5', '2001:db8::1', 1024, 1279, null, '2026-10-04T21:00:00.000Z'],
    ]);
  });

  it('reads header stamps without a zone in the source zone, hour by hour across a DST change', async () => {
    const line = (stamp: string) =>
      `${stamp} mx1 RT_NAT: RT_SRC_NAT_PBA_ALLOC: Subscriber 10.0.0.5 used/allocated port block [1024, 1279] from 203.0.113.7 in source pool p lsys: root-logical-system`;
    const r = await parse(
      [
        line('Oct 25 01:59:59'),
        line('Oct 25 02:30:00'),
        line('Oct 25 03:00:00'),
        line('2026-10-25 01:59:59.5'),
        line('2026-10-25T02:30:00'),
        line('2026-10-25T02:30:00+01:00'),
      ],
      'Europe/Paris',
    );
    expect(r.map((x) => (x.type === 'port_block' ? x.at.toISOString() : show(x)[1]))).toEqual([
      '2026-10-24T23:59:59.000Z',
      'ambiguous local time in Europe/Paris (DST fall-back) and no zone abbreviation',
      '2026-10-25T02:00:00.000Z',
      '2026-10-24T23:59:59.500Z',
      'ambiguous local time in Europe/Paris (DST fall-back) and no zone abbreviation',
      '2026-10-25T01:30:00.000Z',
    ]);
  });
});

describe('parseCgnatA10', () => {
  it('reads CGN 106/107 port batches, skips other events and reports bad lines', async () => {
    const results = await run(parseCgnatA10, 'cgnat-a10.log');
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.0.5', '203.0.113.7', 51200, 51455, '2026-10-04T21:00:00.250Z'],
      [2, 'skip'],
      [3, 'release', '10.0.0.5', '203.0.113.7', 51200, 51455, '2026-10-04T21:45:00.000Z'],
      [4, 'invalid port range "51456-"'],
      [5, 'CEF header has fewer than 7 fields'],
      [6, 'alloc', '10.0.0.7', '203.0.113.7', 51712, 51967, '2026-10-04T21:48:00.000Z'],
    ]);
    expect(results[0]).not.toHaveProperty('pool');
  });
});

describe('parseCgnat6wind', () => {
  it('reads NEW and DESTROY BLOCK lines', async () => {
    const results = await run(parseCgnat6wind, 'cgnat-6wind.log');
    expect(summary(results)).toEqual([
      [1, 'alloc', '100.64.0.1', '203.0.113.20', 1024, 1535, '2026-10-04T21:00:00.123Z'],
      [2, 'skip'],
      [3, 'release', '100.64.0.1', '203.0.113.20', 1024, 1535, '2026-10-04T21:30:00.000Z'],
      [4, 'invalid port range "-"'],
    ]);
    expect(results[0]).toMatchObject({ pool: 'cgnat-pool' });
  });
});

describe('parseCgnatNfware', () => {
  it('reads A and D records, zone-less times in the configured zone', async () => {
    const results = await run(parseCgnatNfware, 'cgnat-nfware.log');
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.0.1', '100.64.0.1', 1024, 1535, '2026-10-04T21:00:00.000Z'],
      [2, 'skip'],
      [3, 'release', '10.0.0.1', '100.64.0.1', 1024, 1535, '2026-10-04T21:10:00.000Z'],
      [4, 'unrecognised NFWare block record'],
      [5, 'alloc', '10.0.0.3', '100.64.0.1', 1536, 2047, '2026-10-04T21:12:00.000Z'],
    ]);
  });
});

describe('Juniper PBA dialects and syslog stamps without a year', () => {
  const lines = fixture('cgnat-juniper-dialects.log');

  it('reads the structured form with or without the SD-ID, hex time with or without 0x, and the classic BSD form', async () => {
    // The file was written at 00:05 UTC on 1 January 2027: the latest date not after that.
    const year = new SyslogYear({ notAfter: new Date('2027-01-01T00:05:00Z') });
    const results = await collect(parseCgnatJuniper(openLines(lines), { timeZone: 'UTC', year }));
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.0.5', '203.0.113.7', 1024, 1151, '2026-10-04T21:00:01.000Z'],
      [2, 'interim', '10.0.0.5', '203.0.113.7', 1024, 1151, '2026-10-04T21:20:00.000Z'],
      [3, 'alloc', '10.0.0.6', '203.0.113.7', 1152, 1279, '2026-10-04T21:25:00.000Z'],
      [4, 'release', '10.0.0.5', '203.0.113.7', 1024, 1151, '2026-10-04T23:00:00.000Z'],
      [5, 'skip'],
      // New Year: December is the year before the file's time, January its own year.
      [6, 'alloc', '10.0.0.7', '203.0.113.8', 2048, 2175, '2026-12-31T23:59:30.000Z'],
      [7, 'release', '10.0.0.7', '203.0.113.8', 2048, 2175, '2027-01-01T00:00:30.000Z'],
      [8, 'invalid epoch-time-64 "0xzz"'],
    ]);
    expect([...year.used].sort()).toEqual([2026, 2027]);
    expect(year.inferred).toBe(true);
  });

  it('takes a given year for the first stamp and moves on at New Year', async () => {
    const year = new SyslogYear({ year: 2026 });
    const results = await collect(parseCgnatJuniper(openLines(lines), { timeZone: 'UTC', year }));
    const times = results.flatMap((r) => (r.type === 'port_block' ? [r.at.toISOString()] : []));
    expect(times.slice(3)).toEqual([
      '2026-10-04T23:00:00.000Z',
      '2026-12-31T23:59:30.000Z',
      '2027-01-01T00:00:30.000Z',
    ]);
    expect(year.inferred).toBe(false);
  });

  it('reads BSD stamps in the configured zone', async () => {
    const year = new SyslogYear({ year: 2026 });
    const r = await collect(
      parseCgnatJuniper(openLines(lines), { timeZone: 'Europe/Paris', year }),
    );
    expect(r[3]).toMatchObject({ type: 'port_block', at: new Date('2026-10-04T21:00:00Z') });
  });
});

describe('A10 CEF and NFWare dialects', () => {
  it('keeps the protocol of per-protocol port batches (name or IANA number) and refuses an unknown one', async () => {
    const results = await run(parseCgnatA10, 'cgnat-a10-protocols.log');
    expect(
      results.map((r) =>
        r.type === 'port_block'
          ? [r.lineNumber, r.action, r.insideIp, r.portLow, r.protocol]
          : [r.lineNumber, r.type === 'problem' ? r.reason : r.type],
      ),
    ).toEqual([
      [1, 'alloc', '100.64.0.5', 2048, 'tcp'],
      [2, 'alloc', '100.64.0.6', 2048, 'udp'],
      [3, 'alloc', '100.64.0.5', 2560, 'tcp'],
      [4, 'alloc', '100.64.0.5', 2560, 'udp'],
      [5, 'unknown protocol "SCTP"'],
      [6, 'release', '100.64.0.5', 2560, 'udp'],
      [7, 'release', '100.64.0.5', 2048, 'tcp'],
      [8, 'release', '100.64.0.6', 2048, 'udp'],
      [9, 'release', '100.64.0.5', 2560, 'tcp'],
    ]);
    // A batch that names no protocol serves every protocol.
    const plain = await run(parseCgnatA10, 'cgnat-a10.log');
    expect(plain[0]).not.toHaveProperty('protocol');
  });

  it('reads A10 lines without a syslog header by rt or the collector line time, and refuses a line with neither', async () => {
    const year = new SyslogYear({ year: 2026 });
    const results = await collect(
      parseCgnatA10(openLines(fixture('cgnat-a10-dialects.log')), {
        timeZone: 'Europe/Paris',
        year,
      }),
    );
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.1.5', '203.0.113.9', 2048, 2559, '2026-10-04T21:00:00.000Z'],
      [2, 'no rt and no line time from the collector: the event has no time'],
      [3, 'release', '10.0.1.5', '203.0.113.9', 2048, 2559, '2026-10-04T21:10:00.000Z'],
      // A BSD collector stamp and a CEF-date rt, both in the source's zone (CEST).
      [4, 'alloc', '10.0.1.7', '203.0.113.9', 3072, 3583, '2026-10-04T21:20:00.000Z'],
      [5, 'release', '10.0.1.7', '203.0.113.9', 3072, 3583, '2026-10-04T21:30:00.000Z'],
      [6, 'skip'],
    ]);
  });

  it('skips NFWare address, port and session mappings: they carry no port block', async () => {
    const results = await run(parseCgnatNfware, 'cgnat-nfware-dialects.log');
    expect(summary(results)).toEqual([
      [1, 'alloc', '10.0.2.1', '100.64.0.9', 1024, 1535, '2026-10-04T21:00:00.000Z'],
      [2, 'skip'],
      [3, 'skip'],
      [4, 'skip'],
      [5, 'release', '10.0.2.1', '100.64.0.9', 1024, 1535, '2026-10-04T22:00:00.000Z'],
    ]);
  });
});
