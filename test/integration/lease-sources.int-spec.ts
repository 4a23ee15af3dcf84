import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseEnv } from '../support/test-config';
import { runCliWith } from '../support/cli-run';

// Source settings that can be corrected, never silently ignored (issue #14, section 3).
describe('lease source settings through the CLI', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'nr-sources-'));
  });
  afterAll(() => db?.drop());

  const cli = (...argv: string[]): Promise<{ code: number; out: string; err: string }> =>
    runCliWith(databaseEnv(db.url), argv);

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  const file = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  };
  // Local time without an offset: read in the source's zone.
  const pba = (at: string, inside: string) =>
    `${at} mx1 RT_NAT: RT_SRC_NAT_PBA_ALLOC: Subscriber ${inside} used/allocated port block [1024, 1279] from 203.0.113.60 in source pool p lsys: root-logical-system`;

  it('refuses a zone-less format until the source has a zone; an explicit UTC counts', async () => {
    const log = file('nat1.log', [pba('2026-10-04 21:00:00', '100.64.7.1')]);
    const refused = await cli(
      'leases:import',
      '--source',
      'edge',
      '--format',
      'cgnat-juniper',
      log,
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /cgnat-juniper lines can carry local times without a zone.*--time-zone/,
    );
    expect(await sql(`SELECT 1 FROM lease_sources WHERE name = 'edge'`)).toEqual([]);
    expect(await sql(`SELECT 1 FROM nat_port_blocks`)).toEqual([]);

    const ok = await cli(
      'leases:import',
      '--source',
      'edge',
      '--format',
      'cgnat-juniper',
      '--time-zone',
      'UTC',
      log,
    );
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toMatch(/1 read, 1 imported, 0 duplicate, 0 rejected, 0 skipped/);
  });

  it('refuses an import whose --time-zone or --tolerance contradicts the stored one, naming both', async () => {
    const log = file('nat2.log', [pba('2026-10-04 22:00:00', '100.64.7.2')]);
    const zone = await cli(
      'leases:import',
      '--source',
      'edge',
      '--format',
      'cgnat-juniper',
      '--time-zone',
      'Europe/Paris',
      log,
    );
    expect(zone.code).toBe(1);
    expect(zone.err).toMatch(/time zone UTC, not Europe\/Paris.*leases:source:set/);
    const tolerance = await cli(
      'leases:import',
      '--source',
      'edge',
      '--format',
      'cgnat-juniper',
      '--tolerance',
      '5',
      log,
    );
    expect(tolerance.code).toBe(1);
    expect(tolerance.err).toMatch(/tolerance of 60 s, not 5 s/);
    expect(await sql(`SELECT 1 FROM nat_port_blocks WHERE inside_ip = '100.64.7.2'`)).toEqual([]);
  });

  it('lists sources and changes a tolerance, audited; refuses a zone change while rows read in the old zone are stored', async () => {
    const list = await cli('leases:sources');
    expect(list).toMatchObject({ code: 0 });
    expect(list.out).toMatch(
      /^edge: cgnat-juniper, time zone UTC, tolerance 60 s, 0 bindings, 1 port blocks, 1 imports, last /,
    );

    // nat1.log said 21:00 local; read in UTC. In Paris it was 19:00 UTC: the stored block's
    // instant would be two hours off, and cannot be read again from what is stored.
    const refused = await cli(
      'leases:source:set',
      '--source',
      'edge',
      '--time-zone',
      'Europe/Paris',
      '--tolerance',
      '5',
      '--operator',
      'noc-ana',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /Source "edge" holds 0 bindings and 1 port blocks read in UTC; nothing was changed\. They cannot be read again in Europe\/Paris/,
    );
    expect(refused.err).toMatch(
      /leases:source:set --source edge --time-zone Europe\/Paris --discard-stored-rows, then leases:import --source edge --format cgnat-juniper FILE\.\.\./,
    );
    // Nothing changed, the tolerance neither, and nothing was audited.
    expect(
      await sql(`SELECT time_zone, tolerance_seconds FROM lease_sources WHERE name = 'edge'`),
    ).toEqual([{ time_zone: 'UTC', tolerance_seconds: 60 }]);
    expect(
      await sql(`SELECT 1 FROM audit_log WHERE action = 'lease_source.settings_changed'`),
    ).toEqual([]);

    const tolerance = await cli(
      'leases:source:set',
      '--source',
      'edge',
      '--tolerance',
      '5',
      '--operator',
      'noc-ana',
    );
    expect(tolerance.code).toBe(0);
    expect(tolerance.out).toMatch(/time zone UTC -> UTC, tolerance 60 s -> 5 s/);
    expect(tolerance.out).toMatch(/applies to every attribution answer from now on/);
  });

  it('changes the zone with --discard-stored-rows: deletes the rows in the same transaction, audited, and the re-import reads the new zone', async () => {
    const set = await cli(
      'leases:source:set',
      '--source',
      'edge',
      '--time-zone',
      'Europe/Paris',
      '--discard-stored-rows',
      '--operator',
      'noc-ana',
    );
    expect(set.err).toBe('');
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/time zone UTC -> Europe\/Paris, tolerance 5 s -> 5 s/);
    expect(set.out).toMatch(/Deleted 0 bindings and 1 port blocks read in UTC/);
    expect(set.out).toMatch(
      /notice-relay leases:import --source edge --format cgnat-juniper \S*nat1\.log$/m,
    );
    expect(await sql(`SELECT 1 FROM nat_port_blocks`)).toEqual([]);
    const audit = await sql<{ action: string; actor_id: string; details: unknown }>(
      `SELECT action, actor_id, details FROM audit_log WHERE action = 'lease_source.settings_changed' ORDER BY seq`,
    );
    expect(audit).toEqual([
      {
        action: 'lease_source.settings_changed',
        actor_id: 'cli:noc-ana',
        details: {
          source: 'edge',
          before: { timeZone: 'UTC', toleranceSeconds: 60 },
          after: { timeZone: 'UTC', toleranceSeconds: 5 },
        },
      },
      {
        action: 'lease_source.settings_changed',
        actor_id: 'cli:noc-ana',
        details: {
          source: 'edge',
          before: { timeZone: 'UTC', toleranceSeconds: 5 },
          after: { timeZone: 'Europe/Paris', toleranceSeconds: 5 },
          discardedRows: { bindings: 0, blocks: 1 },
        },
      },
    ]);
    expect((await cli('audit:verify')).code).toBe(0);

    // The same file again, into the same source: 21:00 in Paris is 19:00 UTC.
    const again = await cli(
      'leases:import',
      '--source',
      'edge',
      '--format',
      'cgnat-juniper',
      join(dir, 'nat1.log'),
    );
    expect(again.code).toBe(0);
    // Later imports read in the new zone too: 22:00 in Paris is 20:00 UTC.
    const log = file('nat3.log', [pba('2026-10-04 22:00:00', '100.64.7.3')]);
    expect(
      (await cli('leases:import', '--source', 'edge', '--format', 'cgnat-juniper', log)).code,
    ).toBe(0);
    expect(
      await sql<{ inside_ip: string; starts: Date }>(
        `SELECT host(inside_ip) AS inside_ip, starts FROM nat_port_blocks ORDER BY starts`,
      ),
    ).toEqual([
      { inside_ip: '100.64.7.1', starts: new Date('2026-10-04T19:00:00Z') },
      { inside_ip: '100.64.7.3', starts: new Date('2026-10-04T20:00:00Z') },
    ]);
  });

  it('changes the zone of a source whose lines state their instants without deleting anything', async () => {
    const csv = file('leases.csv', [
      'ip,prefix_len,start,end,identifier_type,identifier,session_id',
      '192.0.2.40,32,2026-10-04T08:00:00Z,2026-10-04T20:00:00Z,mac,aa:bb:cc:00:00:40,',
    ]);
    expect(
      (await cli('leases:import', '--source', 'csv-1', '--format', 'generic-csv', csv)).code,
    ).toBe(0);
    const set = await cli(
      'leases:source:set',
      '--source',
      'csv-1',
      '--time-zone',
      'Europe/Paris',
      '--operator',
      'noc-ana',
    );
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/1 bindings and 0 port blocks stored keep their times/);
    expect(
      await sql(
        `SELECT starts FROM lease_bindings WHERE source_id = (SELECT id FROM lease_sources WHERE name = 'csv-1')`,
      ),
    ).toEqual([{ starts: new Date('2026-10-04T08:00:00Z') }]);
  });

  it('refuses --discard-stored-rows without a zone', async () => {
    const r = await cli(
      'leases:source:set',
      '--source',
      'edge',
      '--tolerance',
      '5',
      '--discard-stored-rows',
      '--operator',
      'x',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--discard-stored-rows goes with --time-zone/);
    expect(await sql(`SELECT count(*)::int AS n FROM nat_port_blocks`)).toEqual([{ n: 2 }]);
  });

  it('refuses bad settings changes with a clear message', async () => {
    const unknown = await cli(
      'leases:source:set',
      '--source',
      'nope',
      '--tolerance',
      '5',
      '--operator',
      'x',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.err).toMatch(/No lease source named "nope"/);
    const zone = await cli(
      'leases:source:set',
      '--source',
      'edge',
      '--time-zone',
      'Mars/Olympus',
      '--operator',
      'x',
    );
    expect(zone.code).not.toBe(0);
    expect(zone.err).toMatch(/Unknown time zone "Mars\/Olympus"/);
    const nothing = await cli('leases:source:set', '--source', 'edge', '--operator', 'x');
    expect(nothing.code).toBe(2);
  });

  it('refuses a NAT pool whose public range lies outside ADDRESS_SPACE', async () => {
    const r = await cli(
      'nat-pool:set',
      '--name',
      'far',
      '--public',
      '100.80.0.0/24',
      '--block-size',
      '256',
    );
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/100\.80\.0\.0\/24 is not inside ADDRESS_SPACE.*not_our_address/);
    expect(await sql(`SELECT 1 FROM nat_pools WHERE name = 'far'`)).toEqual([]);
    const inside = await cli(
      'nat-pool:set',
      '--name',
      'near',
      '--public',
      '203.0.113.64/26',
      '--block-size',
      '256',
    );
    expect(inside.code).toBe(0);
  });
});
