import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { runCli } from '../../src/cli/program';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { databaseEnv } from '../support/test-config';

// Source settings that can be corrected, never silently ignored (issue #14, section 3).
describe('lease source settings through the CLI', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'nr-sources-'));
  });
  afterAll(() => db?.drop());

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: databaseEnv(db.url),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

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

  it('lists sources and changes a zone and tolerance, audited, saying what happens to stored rows', async () => {
    const list = await cli('leases:sources');
    expect(list).toMatchObject({ code: 0 });
    expect(list.out).toMatch(
      /^edge: cgnat-juniper, time zone UTC, tolerance 60 s, 0 bindings, 1 port blocks, 1 imports, last /,
    );

    const set = await cli(
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
    expect(set.code).toBe(0);
    expect(set.out).toMatch(/time zone UTC -> Europe\/Paris, tolerance 60 s -> 5 s/);
    expect(set.out).toMatch(/1 port blocks from 1 imports keep the times read in UTC/);
    expect(set.out).toMatch(
      /notice-relay leases:import --source edge-europe-paris --format cgnat-juniper --time-zone Europe\/Paris nat1\.log/,
    );
    const audit = await sql<{ action: string; actor_id: string; details: unknown }>(
      `SELECT action, actor_id, details FROM audit_log WHERE action = 'lease_source.settings_changed'`,
    );
    expect(audit).toEqual([
      {
        action: 'lease_source.settings_changed',
        actor_id: 'cli:noc-ana',
        details: {
          source: 'edge',
          before: { timeZone: 'UTC', toleranceSeconds: 60 },
          after: { timeZone: 'Europe/Paris', toleranceSeconds: 5 },
        },
      },
    ]);
    expect((await cli('audit:verify')).code).toBe(0);

    // Later imports read in the new zone: 22:00 in Paris is 20:00 UTC.
    const log = file('nat3.log', [pba('2026-10-04 22:00:00', '100.64.7.3')]);
    expect(
      (await cli('leases:import', '--source', 'edge', '--format', 'cgnat-juniper', log)).code,
    ).toBe(0);
    expect(
      await sql<{ starts: Date }>(
        `SELECT starts FROM nat_port_blocks WHERE inside_ip = '100.64.7.3'`,
      ),
    ).toEqual([{ starts: new Date('2026-10-04T20:00:00Z') }]);
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
