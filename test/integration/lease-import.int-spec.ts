import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { LeaseImportService } from '../../src/modules/leases/lease-import.service';
import { LeasesRepository } from '../../src/modules/leases/leases.repository';
import { linesOf } from '../../src/modules/leases/parsing';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { genericCsv, importText } from '../support/lease-fixtures';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const FIXTURES = join(__dirname, '..', 'fixtures', 'leases');
const lines = (name: string) => readFileSync(join(FIXTURES, name), 'utf8').split('\n');

interface Row {
  ip: string;
  identifier: string;
  starts: Date;
  ends: Date | null;
  end_is_actual: boolean;
  confirmed_until: Date;
  close_reason: string | null;
  raw: string;
}

describe('lease import against PostgreSQL', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    ds = ctx.get(DataSource);
  });
  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  const bindings = (sourceName: string): Promise<Row[]> =>
    ds.query(
      `SELECT host(b.ip) AS ip, b.identifier, b.starts, b.ends, b.end_is_actual, b.confirmed_until, b.close_reason, b.raw
       FROM lease_bindings b JOIN lease_sources s ON s.id = b.source_id WHERE s.name = $1 ORDER BY b.ip, b.starts`,
      [sourceName],
    );

  it('imports the same file twice without changing anything the second time', async () => {
    const file = lines('kea-leases4.csv');
    const first = await importText(ctx, 'kea-csv', 'kea', file, { maxErrorRatio: 1 });
    expect(first.imported).toBeGreaterThan(0);
    const before = await bindings('kea');
    const second = await importText(ctx, 'kea-csv', 'kea', file, { maxErrorRatio: 1 });
    expect(second).toMatchObject({
      imported: 0,
      duplicates: first.imported,
      rejected: first.rejected,
    });
    expect(await bindings('kea')).toEqual(before);
  });

  it('merges renewals from successive dhcpd.leases snapshots into one binding', async () => {
    const snap = (starts: string, ends: string, cltt: string, state = 'active') => [
      'lease 192.0.2.40 {',
      `  starts ${starts};`,
      `  ends ${ends};`,
      `  cltt ${cltt};`,
      `  binding state ${state};`,
      '  hardware ethernet 00:aa:bb:cc:dd:40;',
      '}',
    ];
    await importText(
      ctx,
      'isc-dhcpd',
      'dhcp',
      snap('0 2026/10/04 08:00:00', '0 2026/10/04 20:00:00', '0 2026/10/04 08:00:00'),
    );
    await importText(
      ctx,
      'isc-dhcpd',
      'dhcp',
      snap('0 2026/10/04 14:00:00', '1 2026/10/05 02:00:00', '0 2026/10/04 14:00:00'),
    );
    // Released an hour later: the end becomes actual.
    const s3 = await importText(
      ctx,
      'isc-dhcpd',
      'dhcp',
      snap('0 2026/10/04 14:00:00', '0 2026/10/04 15:00:00', '0 2026/10/04 15:00:00', 'released'),
    );
    expect(s3.imported).toBe(1);
    const rows = await bindings('dhcp');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      ip: '192.0.2.40',
      starts: new Date('2026-10-04T08:00:00Z'),
      ends: new Date('2026-10-04T15:00:00Z'),
      end_is_actual: true,
      confirmed_until: new Date('2026-10-04T15:00:00Z'),
    });
    expect(rows[0].raw).toContain('lease 192.0.2.40 {');
    // A new lease after a gap is a new binding.
    await importText(
      ctx,
      'isc-dhcpd',
      'dhcp',
      snap('1 2026/10/05 09:00:00', '1 2026/10/05 21:00:00', '1 2026/10/05 09:00:00'),
    );
    expect(await bindings('dhcp')).toHaveLength(2);
  });

  it('gives the same bindings when a file is merged in many small batches', async () => {
    const rows = Array.from({ length: 10 }, (_, d) => {
      const a = new Date(Date.UTC(2026, 9, 1 + d)).toISOString();
      const b = new Date(Date.UTC(2026, 9, 2 + d)).toISOString();
      return `192.0.2.60,32,${a},${b},mac,00:aa:bb:cc:dd:60`;
    });
    const s = await ctx.get(LeaseImportService).importLines(
      (async function* () {
        for (const row of genericCsv(rows)) yield [row];
      })(),
      'generic-csv',
      'batches.csv',
      { source: 'batches', format: 'generic-csv', batchSize: 3 },
    );
    expect(s).toMatchObject({ status: 'completed', rowsRead: 10, imported: 10, rejected: 0 });
    const stored = await bindings('batches');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      starts: new Date('2026-10-01T00:00:00Z'),
      ends: new Date('2026-10-11T00:00:00Z'),
    });
  });

  it('stores the same port blocks whether allocations go straight in or through the merge, and a second import changes nothing', async () => {
    // A10 per-protocol batches: allocations alone in the file, allocations later released or
    // re-allocated, TCP and UDP blocks on the same ports, and one line that arrives late.
    const t0 = Date.parse('2026-10-06T10:00:00Z');
    const cef = (ev: 106 | 107, proto: string, inside: string, lo: number, s: number) =>
      `CEF:0|A10|Thunder CGN|6.0.4|CGN ${ev}|${ev === 106 ? 'Port Batch Allocated' : 'Port Batch Freed'}|5|proto=${proto} src=${inside} sourceTranslatedAddress=203.0.113.30 sourceTranslatedPort=${lo} cn3=${lo + 255} cn3Label=Last Port rt=${t0 + s * 1000}`;
    const file = [
      cef(106, 'TCP', '100.64.1.1', 1024, 0),
      cef(106, 'UDP', '100.64.1.1', 1024, 1),
      cef(106, 'TCP', '100.64.1.2', 1280, 2),
      cef(106, 'TCP', '100.64.1.3', 1536, 3),
      cef(107, 'UDP', '100.64.1.1', 1024, 60),
      cef(106, 'UDP', '100.64.1.4', 1024, 300),
      cef(106, 'TCP', '100.64.1.5', 1792, 301),
      // Late: allocated before the lines above it.
      cef(106, 'TCP', '100.64.1.6', 2048, 30),
      cef(107, 'TCP', '100.64.1.2', 1280, 400),
      cef(106, 'TCP', '100.64.1.2', 1280, 500),
      cef(106, 'UDP', '100.64.1.7', 2304, 501),
    ];
    const blocks = (source: string) =>
      ds.query(
        `SELECT host(b.public_ip) AS public_ip, b.port_lo, b.port_hi, host(b.inside_ip) AS inside_ip,
           b.protocol, b.starts, b.ends, b.start_is_inferred, b.confirmed_until, b.line_number,
           b.raw, b.raw_last
         FROM nat_port_blocks b JOIN lease_sources s ON s.id = b.source_id WHERE s.name = $1
         ORDER BY b.starts, b.inside_ip, b.protocol`,
        [source],
      );
    const run = (source: string, batchSize: number) =>
      ctx.get(LeaseImportService).importLines(
        (async function* () {
          for (const line of file) yield [line];
        })(),
        'cgnat-a10',
        'a10.log',
        { source, format: 'cgnat-a10', timeZone: 'UTC', batchSize },
      );
    const whole = await run('pba-whole', 1000);
    const small = await run('pba-small', 2);
    for (const s of [whole, small]) {
      expect(s).toMatchObject({ status: 'completed', rowsRead: 11, imported: 11, rejected: 0 });
    }
    const stored = await blocks('pba-whole');
    expect(stored).toHaveLength(9);
    expect(await blocks('pba-small')).toEqual(stored);
    const released = stored.filter((b: { ends: Date | null }) => b.ends !== null);
    expect(
      released.map((b: { inside_ip: string; protocol: string }) => `${b.inside_ip}/${b.protocol}`),
    ).toEqual(['100.64.1.1/udp', '100.64.1.2/tcp']);
    const again = await run('pba-small', 2);
    expect(again).toMatchObject({ imported: 0, duplicates: 11 });
    expect(await blocks('pba-small')).toEqual(stored);
  });

  it('pairs RADIUS Start and Stop by session and closes a NAS on Accounting-Off', async () => {
    const withReset = [
      ...lines('radius-detail-20260701'),
      '',
      'Wed Jul  1 16:00:00 2026',
      '\tAcct-Status-Type = Start',
      '\tAcct-Session-Id = "0000E5"',
      '\tNAS-IP-Address = 192.0.2.2',
      '\tUser-Name = "dave"',
      '\tFramed-IP-Address = 100.64.1.13',
      '\tTimestamp = 1782914400',
      '',
      'Wed Jul  1 17:00:00 2026',
      '\tAcct-Status-Type = Accounting-Off',
      '\tNAS-IP-Address = 192.0.2.2',
      '\tTimestamp = 1782918000',
    ];
    const s = await importText(ctx, 'radius-detail', 'radius', withReset, {
      timeZone: 'Europe/Paris',
      maxErrorRatio: 1,
    });
    expect(s.sessionsClosedByNas).toBe(1);
    const rows = await bindings('radius');
    const alice = rows.filter((r) => r.identifier === 'alice@isp.example');
    expect(alice).toHaveLength(1);
    expect(alice[0]).toMatchObject({
      ip: '100.64.1.10',
      starts: new Date(1782907200 * 1000),
      ends: new Date((1782910800 - 2) * 1000),
      end_is_actual: true,
    });
    const dave = rows.find((r) => r.identifier === 'dave')!;
    expect(dave).toMatchObject({
      ends: new Date(1782918000 * 1000),
      end_is_actual: true,
      close_reason: 'accounting-off',
    });
    // An open session stays open: its end is never invented.
    const carol = rows.find((r) => r.identifier === 'carol')!;
    expect(carol.ends).toBeNull();
  });

  it('reads a local-time log across the DST change with the configured zone', async () => {
    await importText(ctx, 'kea-legal', 'legal', lines('kea-legal-paris-dst.log'), {
      timeZone: 'Europe/Paris',
      maxErrorRatio: 1,
    });
    const rows = (await bindings('legal')).filter((r) => r.ip === '192.0.2.50');
    // 01:30 CEST (23:30Z) assigned, renewed at 02:30 CEST and 02:30 CET, released 03:15 CET (02:15Z):
    // one binding, with the actual end at the release.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      starts: new Date('2026-10-24T23:30:00Z'),
      ends: new Date('2026-10-25T02:15:00Z'),
      end_is_actual: true,
    });
  });

  it('rolls back the whole file when the error ratio is passed, and keeps the reasons', async () => {
    const good = Array.from(
      { length: 150 },
      (_, i) =>
        `192.0.2.${(i % 200) + 1},32,2026-10-0${(i % 5) + 1}T10:00:00Z,,mac,00:00:00:00:01:${(i % 250).toString(16).padStart(2, '0')}`,
    );
    const bad = Array.from(
      { length: 50 },
      () => '192.0.2.1,32,2026-10-01 10:00:00,,mac,00:00:00:00:00:01',
    );
    const s = await importText(ctx, 'generic-csv', 'ratio', genericCsv([...good, ...bad]), {
      maxErrorRatio: 0.1,
    });
    expect(s.status).toBe('aborted');
    expect(s.imported).toBe(0);
    expect(s.problems[0]).toEqual({ line: 152, reason: expect.stringMatching(/zone/i) });
    expect(await bindings('ratio')).toHaveLength(0);

    const ok = await importText(ctx, 'generic-csv', 'ratio', genericCsv([...good, bad[0]]), {
      maxErrorRatio: 0.1,
    });
    expect(ok).toMatchObject({ status: 'completed', rejected: 1 });
    expect(ok.problems).toEqual([{ line: 152, reason: expect.any(String) }]);
  });

  it('imports a gzip file and recognises its format from the content', async () => {
    const { gzipSync } = await import('node:zlib');
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'nr-gz-'));
    const path = join(dir, 'leases.dat');
    writeFileSync(path, gzipSync(readFileSync(join(FIXTURES, 'kea-leases6.csv'))));
    const s = await ctx
      .get(LeaseImportService)
      .importFile(path, { source: 'kea6', format: 'auto', maxErrorRatio: 1 });
    expect(s).toMatchObject({ format: 'kea-csv', status: 'completed' });
    expect(s.imported).toBeGreaterThan(0);
    const summary: Array<{ status: string; file_sha256: string }> = await ds.query(
      `SELECT status, file_sha256 FROM lease_imports WHERE id = $1`,
      [s.importId],
    );
    expect(summary[0].status).toBe('completed');
    expect(summary[0].file_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('counts lines without a binding as skipped, apart from rejected ones and never towards the abort', async () => {
    // 300 other syslog messages around two port block messages and one bad one: counted as
    // errors they would abort the import at any ratio below 0.99.
    const other = Array.from(
      { length: 300 },
      (_, i) =>
        `<30>1 2026-10-04T21:00:${String(i % 60).padStart(2, '0')}.000Z mx1 mgd 4242 UI_CMDLINE_READ_LINE - User 'ops', command 'show nat ${i}'`,
    );
    const j = (type: string, ts: string) =>
      `<14>1 ${ts} mx1 RT_NAT - RT_SRC_NAT_PBA_${type} [junos@2636.1.1.1.2.26 internal-ip="100.64.9.5" reflexive-ip="203.0.113.50" block-port-low="1024" block-port-high="1279" nat-pool-name="p"]`;
    const s = await importText(
      ctx,
      'cgnat-juniper',
      'nat-skips',
      [
        ...other.slice(0, 150),
        j('ALLOC', '2026-10-04T21:00:00.000Z'),
        ...other.slice(150),
        j('RELEASE', '2026-10-04T22:00:00.000Z'),
        'RT_SRC_NAT_PBA_ALLOC garbage',
      ],
      { maxErrorRatio: 0.5, timeZone: 'UTC' },
    );
    expect(s).toMatchObject({ status: 'completed', rowsRead: 3, rejected: 1, skipped: 300 });
  });

  it('gives BSD syslog stamps the year of the file modification time, or --year, and says which', async () => {
    const { writeFileSync, mkdtempSync, utimesSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'nr-bsd-'));
    const path = join(dir, 'pba.log');
    writeFileSync(
      path,
      [
        'Dec 31 23:59:00 mx1 RT_NAT: RT_SRC_NAT_PBA_ALLOC: Subscriber 100.64.9.6 used/allocated port block [2048, 2303] from 203.0.113.51 in source pool p lsys: root-logical-system',
        'Jan  1 00:01:00 mx1 RT_NAT: RT_SRC_NAT_PBA_RELEASE: Subscriber 100.64.9.6 used/released port block [2048, 2303] from 203.0.113.51 in source pool p lsys: root-logical-system',
        "Jan  1 00:01:30 mx1 mgd[4242]: UI_COMMIT: User 'ops' requested 'commit' operation",
        '',
      ].join('\n'),
    );
    const written = new Date('2026-01-01T00:02:00Z');
    utimesSync(path, written, written);
    const service = ctx.get(LeaseImportService);
    const inferred = await service.importFile(path, {
      source: 'nat-bsd',
      format: 'cgnat-juniper',
      timeZone: 'UTC',
    });
    expect(inferred).toMatchObject({
      imported: 2,
      skipped: 1,
      syslogYears: { years: [2025, 2026], inferred: true },
    });
    const blocks: Array<{ starts: Date; ends: Date }> = await ds.query(
      `SELECT starts, ends FROM nat_port_blocks WHERE inside_ip = '100.64.9.6'`,
    );
    expect(blocks).toEqual([
      { starts: new Date('2025-12-31T23:59:00Z'), ends: new Date('2026-01-01T00:01:00Z') },
    ]);
    const stored: Array<{ skipped: string; rejected: string }> = await ds.query(
      `SELECT skipped, rejected FROM lease_imports WHERE id = $1`,
      [inferred.importId],
    );
    expect(stored[0]).toEqual({ skipped: '1', rejected: '0' });
    const given = await service.importFile(path, {
      source: 'nat-bsd-2',
      format: 'cgnat-juniper',
      timeZone: 'UTC',
      year: 2024,
    });
    expect(given.syslogYears).toEqual({ years: [2024, 2025], inferred: false });
  });

  it('finds a stored binding that has grown longer than any single record, however it grew', async () => {
    const row = (ip: string, from: string, to: string) =>
      `${ip},32,2026-10-20T${from}:00Z,2026-10-20T${to}:00Z,mac,00:aa:bb:cc:dd:81`;
    const run = (rows: string[]) => importText(ctx, 'generic-csv', 'growth', genericCsv(rows));
    // Grown by an update of the stored binding (a renewal in a later file).
    await run([row('192.0.2.81', '00:00', '02:00')]);
    await run([row('192.0.2.81', '01:00', '03:00')]);
    // Grown by renewals merged within one file before it was stored.
    await run([row('192.0.2.82', '00:00', '02:00'), row('192.0.2.82', '01:00', '03:00')]);
    // Each record is 2 hours long; both bindings are now 3 hours long. A renewal at 02:30
    // continues them, though their start is more than 2 hours before it.
    const last = await run([
      row('192.0.2.81', '02:30', '04:30'),
      row('192.0.2.82', '02:30', '04:30'),
    ]);
    expect(last).toMatchObject({ imported: 2, rejected: 0 });
    const stored = (await bindings('growth')).map((b) => ({
      ip: b.ip,
      starts: b.starts,
      ends: b.ends,
    }));
    expect(stored).toEqual([
      {
        ip: '192.0.2.81',
        starts: new Date('2026-10-20T00:00:00Z'),
        ends: new Date('2026-10-20T04:30:00Z'),
      },
      {
        ip: '192.0.2.82',
        starts: new Date('2026-10-20T00:00:00Z'),
        ends: new Date('2026-10-20T04:30:00Z'),
      },
    ]);
  });

  it('probes stored history only for records that start before the latest cover of the source', async () => {
    const row = (ip: string, from: string, to: string, mac: string) =>
      `${ip},32,2026-10-21T${from}:00Z,2026-10-21T${to}:00Z,mac,00:aa:bb:cc:dd:${mac}`;
    const run = (rows: string[]) => importText(ctx, 'generic-csv', 'cover', genericCsv(rows));
    const cover = async () =>
      (
        await ds.query<Array<{ latest_cover: Date }>>(
          `SELECT latest_cover FROM lease_sources WHERE name = 'cover'`,
        )
      )[0].latest_cover;
    await run([row('192.0.2.91', '10:00', '11:00', '91')]);
    // The cover is the latest end stored (a millisecond of slack at most).
    expect((await cover()).getTime() - Date.parse('2026-10-21T11:00:00Z')).toBeGreaterThanOrEqual(
      0,
    );
    expect((await cover()).getTime() - Date.parse('2026-10-21T11:00:00Z')).toBeLessThan(5);
    // A renewal that starts exactly where the stored binding ends is still probed and merged;
    // a record after the cover is a binding of its own; so is the same device on another
    // address after a gap.
    const second = await run([
      row('192.0.2.91', '11:00', '12:00', '91'),
      row('192.0.2.92', '12:30', '13:00', '92'),
    ]);
    expect(second).toMatchObject({ imported: 2, duplicates: 0, rejected: 0 });
    expect((await bindings('cover')).map((b) => [b.ip, b.starts, b.ends])).toEqual([
      ['192.0.2.91', new Date('2026-10-21T10:00:00Z'), new Date('2026-10-21T12:00:00Z')],
      ['192.0.2.92', new Date('2026-10-21T12:30:00Z'), new Date('2026-10-21T13:00:00Z')],
    ]);
    expect((await cover()).getTime()).toBeGreaterThanOrEqual(Date.parse('2026-10-21T13:00:00Z'));
    // The same two files again change nothing: every record is now before the cover.
    const again = await run([
      row('192.0.2.91', '11:00', '12:00', '91'),
      row('192.0.2.92', '12:30', '13:00', '92'),
    ]);
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
    expect(await bindings('cover')).toHaveLength(2);
  });

  it('merges a renewal into a record of the same batch that went straight in, in either order', async () => {
    const row = (ip: string, from: string, to: string) =>
      `${ip},32,2026-10-22T${from}:00Z,2026-10-22T${to}:00Z,mac,00:aa:bb:cc:dd:95`;
    // Fresh sources: every first record of an address goes straight into lease_bindings.
    const forward = await importText(
      ctx,
      'generic-csv',
      'direct-forward',
      genericCsv([row('192.0.2.95', '10:00', '11:00'), row('192.0.2.95', '10:30', '11:30')]),
    );
    const backward = await importText(
      ctx,
      'generic-csv',
      'direct-backward',
      genericCsv([row('192.0.2.95', '10:30', '11:30'), row('192.0.2.95', '10:00', '11:00')]),
    );
    for (const [name, summary] of [
      ['direct-forward', forward],
      ['direct-backward', backward],
    ] as const) {
      expect(summary).toMatchObject({ rowsRead: 2, rejected: 0 });
      expect((await bindings(name)).map((b) => [b.ip, b.starts, b.ends])).toEqual([
        ['192.0.2.95', new Date('2026-10-22T10:00:00Z'), new Date('2026-10-22T11:30:00Z')],
      ]);
    }
  });

  it('runs two imports of one source one after the other, so a file imported twice at once is stored once', async () => {
    const rows = genericCsv(
      Array.from(
        { length: 20 },
        (_, i) =>
          `192.0.2.${100 + i},32,2026-10-23T10:00:00Z,2026-10-23T11:00:00Z,mac,00:aa:bb:cc:de:${String(i).padStart(2, '0')}`,
      ),
    );
    const [a, b] = await Promise.all([
      importText(ctx, 'generic-csv', 'twice-at-once', rows),
      importText(ctx, 'generic-csv', 'twice-at-once', rows),
    ]);
    expect([a.imported, b.imported].sort()).toEqual([0, 20]);
    expect([a.duplicates, b.duplicates].sort()).toEqual([0, 20]);
    expect(await bindings('twice-at-once')).toHaveLength(20);
  });

  it('resolves account references when importing: identifier priority and the mapping valid at the start', async () => {
    const subscribers = ctx.get(SubscribersRepository);
    const identity = (account: string) => ({
      fullName: `Subscriber ${account}`,
      email: null,
      phone: null,
      postalAddress: null,
      installationAddress: null,
      language: 'en',
    });
    const mac = '00:aa:bb:cc:dd:70';
    const clientId = '01:00:aa:bb:cc:dd:71';
    const handover = new Date('2026-10-10T00:00:00Z');
    await subscribers.upsertBatch([
      {
        accountNumber: 'R-CLIENT',
        regime: 'ca',
        identifiers: [{ type: 'client_id', value: clientId, validFrom: null, validUntil: null }],
        identity: identity('R-CLIENT'),
      },
      {
        accountNumber: 'R-OLD',
        regime: 'ca',
        identifiers: [{ type: 'mac', value: mac, validFrom: null, validUntil: handover }],
        identity: identity('R-OLD'),
      },
      {
        accountNumber: 'R-NEW',
        regime: 'ca',
        identifiers: [{ type: 'mac', value: mac, validFrom: handover, validUntil: null }],
        identity: identity('R-NEW'),
      },
    ]);
    const ref = async (account: string) => (await subscribers.referenceOf(account))!;
    const epoch = (iso: string) => Date.parse(iso) / 1000;
    const kea = (ip: string, hw: string, client: string, cltt: string) =>
      `${ip},${hw},${client},3600,${epoch(cltt) + 3600},1,0,0,,0,,0`;
    const file = [
      'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id',
      // Alone in the file: goes straight in. The MAC outranks the client id.
      kea('192.0.2.70', mac, clientId, '2026-10-05T08:00:00Z'),
      // After the handover, renewed within the file: merged first, then stored.
      kea('192.0.2.71', mac, clientId, '2026-10-15T08:00:00Z'),
      kea('192.0.2.71', mac, clientId, '2026-10-15T08:30:00Z'),
      // Only the client id maps.
      kea('192.0.2.72', '', clientId, '2026-10-05T08:00:00Z'),
      // Nothing maps.
      kea('192.0.2.73', '00:aa:bb:cc:dd:79', '', '2026-10-05T08:00:00Z'),
    ];
    const s = await importText(ctx, 'kea-csv', 'refs', file);
    expect(s).toMatchObject({ status: 'completed', imported: 5, rejected: 0 });
    const rows: Array<{ ip: string; account_ref: string | null; confirmed_until: Date }> =
      await ds.query(
        `SELECT host(b.ip) AS ip, b.account_ref, b.confirmed_until FROM lease_bindings b
         JOIN lease_sources s ON s.id = b.source_id WHERE s.name = 'refs' ORDER BY b.ip`,
      );
    expect(rows).toEqual([
      { ip: '192.0.2.70', account_ref: await ref('R-OLD'), confirmed_until: expect.any(Date) },
      {
        ip: '192.0.2.71',
        account_ref: await ref('R-NEW'),
        confirmed_until: new Date('2026-10-15T08:30:00Z'),
      },
      { ip: '192.0.2.72', account_ref: await ref('R-CLIENT'), confirmed_until: expect.any(Date) },
      { ip: '192.0.2.73', account_ref: null, confirmed_until: expect.any(Date) },
    ]);
    // The same file again changes nothing.
    const again = await importText(ctx, 'kea-csv', 'refs', file);
    expect(again).toMatchObject({ imported: 0, duplicates: 5 });
  });

  it('resolves references at the exact bounds of a mapping, in one batch or one record a batch, as re-resolving in SQL does', async () => {
    const subscribers = ctx.get(SubscribersRepository);
    const identity = (account: string) => ({
      fullName: `Subscriber ${account}`,
      email: null,
      phone: null,
      postalAddress: null,
      installationAddress: null,
      language: 'en',
    });
    const handed = '00:aa:bb:cc:dd:80';
    const ended = '00:aa:bb:cc:dd:82';
    const clientId = '01:00:aa:bb:cc:dd:82';
    const handover = new Date('2026-10-12T00:00:00Z');
    const end = new Date('2026-10-12T00:30:00Z');
    const account = (
      accountNumber: string,
      type: string,
      value: string,
      from: Date | null,
      until: Date | null,
    ) => ({
      accountNumber,
      regime: 'ca',
      identifiers: [{ type, value, validFrom: from, validUntil: until }],
      identity: identity(accountNumber),
    });
    await subscribers.upsertBatch([
      account('B-OLD', 'mac', handed, null, handover),
      account('B-NEW', 'mac', handed, handover, null),
      account('B-ENDED', 'mac', ended, null, end),
      account('B-FALLBACK', 'client_id', clientId, null, null),
    ]);
    const ref = async (a: string) => (await subscribers.referenceOf(a))!;
    const epoch = (d: Date, plus = 0) => d.getTime() / 1000 + plus;
    const kea = (ip: string, hw: string, client: string, start: number) =>
      `${ip},${hw},${client},3600,${start + 3600},1,0,0,,0,,0`;
    const file = [
      'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id',
      // A second before the handover, and at it: the mapping valid at the start decides.
      kea('192.0.2.80', handed, '', epoch(handover, -1)),
      kea('192.0.2.81', handed, '', epoch(handover)),
      // The MAC's mapping ends a second after, and exactly at, the start: then the client id,
      // next in priority, gives the reference.
      kea('192.0.2.83', ended, clientId, epoch(end, -1)),
      kea('192.0.2.82', ended, clientId, epoch(end)),
    ];
    // One batch on a fresh source: no record is probed against stored history. One record a
    // batch: each later record starts before the cover the ones before left (within the hour),
    // so it is probed first. Either way the lone records' join must give what RESOLVE_ACCOUNT
    // gives.
    const direct = await importText(ctx, 'kea-csv', 'refs-direct', file);
    const merged = await ctx
      .get(LeaseImportService)
      .importLines(linesOf(file), 'kea-csv', 'refs-merged.txt', {
        source: 'refs-merged',
        format: 'kea-csv',
        batchSize: 1,
      });
    for (const s of [direct, merged]) {
      expect(s).toMatchObject({ status: 'completed', imported: 4, rejected: 0 });
    }
    const refs = async (source: string) =>
      (
        await ds.query<Array<{ ip: string; account_ref: string | null }>>(
          `SELECT host(b.ip) AS ip, b.account_ref FROM lease_bindings b
           JOIN lease_sources s ON s.id = b.source_id WHERE s.name = $1 ORDER BY b.ip`,
          [source],
        )
      ).map((r) => [r.ip, r.account_ref]);
    const expected = [
      ['192.0.2.80', await ref('B-OLD')],
      ['192.0.2.81', await ref('B-NEW')],
      ['192.0.2.82', await ref('B-FALLBACK')],
      ['192.0.2.83', await ref('B-ENDED')],
    ];
    expect(await refs('refs-direct')).toEqual(expected);
    expect(await refs('refs-merged')).toEqual(expected);
    // Resolving the same bindings again in SQL (as after a customer export) changes none.
    const again = await ctx
      .get(LeasesRepository)
      .resolveAccountRefs([`mac:${handed}`, `mac:${ended}`, `client_id:${clientId}`]);
    expect(again).toBe(0);
  });

  it('creates monthly partitions and drops those past retention', async () => {
    const parts: Array<{ relname: string }> = await ds.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'lease_bindings' ORDER BY 1`,
    );
    expect(parts.map((p) => p.relname)).toEqual(
      expect.arrayContaining(['lease_bindings_y2026m10']),
    );
    const repo = ctx.get(LeasesRepository);
    const dry = await repo.dropPartitionsBefore(new Date('2026-11-01T00:00:00Z'), true);
    expect(dry).toEqual(
      expect.arrayContaining(['lease_bindings_y2026m10', 'nat_port_blocks_y2026m10']),
    );
    expect(dry).not.toContain('lease_bindings_y2026m11');
    const stillThere: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM lease_bindings`,
    );
    expect(Number(stillThere[0].n)).toBeGreaterThan(0);
  });
});
