import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CliModule } from '../../src/cli/cli.module';
import { AttributionService } from '../../src/modules/attribution/attribution.service';
import { join } from 'node:path';
import { LeaseImportService } from '../../src/modules/leases/lease-import.service';
import { NatPoolsRepository } from '../../src/modules/leases/nat-pools.repository';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const NOW = new Date('2026-10-20T00:00:00Z');
const at = (iso: string) => new Date(iso);

describe('lease import and attribution against PostgreSQL', () => {
  let db: TestDatabase;
  let ctx: INestApplicationContext;
  let attribution: AttributionService;
  let refs: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    ctx = await NestFactory.createApplicationContext(CliModule.forRoot(testConfig(db.url)), {
      logger: false,
    });
    attribution = ctx.get(AttributionService);
    refs = await seedAccounts(ctx, [
      { account: 'A-1', type: 'mac', id: 'aa:aa:aa:aa:aa:01' },
      { account: 'A-2', type: 'mac', id: 'aa:aa:aa:aa:aa:02' },
      { account: 'A-3', type: 'username', id: 'carol@isp.example' },
      { account: 'A-4', type: 'mac', id: 'aa:aa:aa:aa:aa:04' },
      { account: 'A-5', type: 'mac', id: 'aa:aa:aa:aa:aa:05' },
      { account: 'A-6', type: 'mac', id: 'aa:aa:aa:aa:aa:06' },
    ]);
    await importText(
      ctx,
      'generic-csv',
      'csv',
      genericCsv([
        // One account, then a gap, then another account on the same address.
        '192.0.2.10,32,2026-10-04T20:00:00Z,2026-10-04T21:13:07Z,mac,aa:aa:aa:aa:aa:01',
        '192.0.2.10,32,2026-10-04T21:30:00Z,2026-10-04T23:00:00Z,mac,aa:aa:aa:aa:aa:02',
        // Handover 30 s apart: within the 60 s tolerance of each other.
        '192.0.2.11,32,2026-10-04T20:00:00Z,2026-10-04T21:00:00Z,mac,aa:aa:aa:aa:aa:01',
        '192.0.2.11,32,2026-10-04T21:00:30Z,2026-10-04T22:00:00Z,mac,aa:aa:aa:aa:aa:02',
        // Overlapping records for two accounts.
        '192.0.2.12,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:aa:aa:aa:aa:04',
        '192.0.2.12,32,2026-10-04T21:00:00Z,2026-10-04T23:00:00Z,mac,aa:aa:aa:aa:aa:05',
        // A delegated IPv6 prefix.
        '2001:db8:100::,56,2026-10-04T00:00:00Z,2026-10-05T00:00:00Z,mac,aa:aa:aa:aa:aa:06',
        // A lease whose identifier maps to no account.
        '192.0.2.13,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,bb:bb:bb:bb:bb:bb',
        // Inside addresses behind CGNAT.
        '100.64.0.5,32,2026-10-04T00:00:00Z,2026-10-05T00:00:00Z,mac,aa:aa:aa:aa:aa:04',
        '100.64.0.6,32,2026-10-04T00:00:00Z,2026-10-05T00:00:00Z,mac,aa:aa:aa:aa:aa:05',
      ]),
    );
  });

  afterAll(async () => {
    await ctx?.close();
    await db?.drop();
  });

  it('attributes a covered time to the one account, with its evidence', async () => {
    const r = await attribution.attribute(
      { ip: '192.0.2.10', at: at('2026-10-04T20:30:00Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-1'], candidates: 1 });
    expect(r.subscriberRef).toMatch(/^SUB-/);
    expect(r.evidence).toEqual([
      expect.objectContaining({
        hop: 'lease',
        table: 'lease_bindings',
        source: 'csv',
        address: '192.0.2.10',
        starts: '2026-10-04T20:00:00.000Z',
        ends: '2026-10-04T21:13:07.000Z',
        endIsActual: true,
        onlyWithinTolerance: false,
      }),
    ]);
    // The evidence is part of the result like any other field (built when first read).
    expect(JSON.parse(JSON.stringify(r)).evidence).toEqual(JSON.parse(JSON.stringify(r.evidence)));
    expect({ ...r }.evidence).toBe(r.evidence);
  });

  it('counts a lease ending exactly at t as covering it', async () => {
    const r = await attribution.attribute(
      { ip: '192.0.2.10', at: at('2026-10-04T21:13:07Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-1'] });
    expect(r.evidence[0].onlyWithinTolerance).toBe(false);
  });

  it('never matches a time just past the end, even within tolerance, and says how far', async () => {
    // 43 s after the only lease ended: tolerance adds competitors, it never creates a match.
    const r = await attribution.attribute(
      { ip: '192.0.2.10', at: at('2026-10-04T21:13:50Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
    expect(r.reason).toMatch(/within the clock tolerance/);
    expect(r.evidence).toEqual([
      expect.objectContaining({ onlyWithinTolerance: true, secondsAway: 43, subscriberRef: null }),
    ]);
    // Likewise 30 s before a lease starts.
    const early = await attribution.attribute(
      { ip: '192.0.2.10', at: at('2026-10-04T21:29:30Z') },
      NOW,
    );
    expect(early).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
    expect(early.evidence[0].secondsAway).toBe(30);
  });

  it('finds no lease in the gap between two bindings', async () => {
    const r = await attribution.attribute(
      { ip: '192.0.2.10', at: at('2026-10-04T21:20:00Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
  });

  it('calls a handover inside the skew window ambiguous, never a guess', async () => {
    // A's lease ends at 21:00:00 and B's starts at 21:00:30: at 21:00:00 A holds the address
    // and B's lease lies within the 60 s tolerance, so the answer cannot be A.
    const r = await attribution.attribute(
      { ip: '192.0.2.11', at: at('2026-10-04T21:00:00Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'ambiguous', subscriberRef: null, candidates: 2 });
    const late = await attribution.attribute(
      { ip: '192.0.2.11', at: at('2026-10-04T21:00:45Z') },
      NOW,
    );
    expect(late).toMatchObject({ outcome: 'ambiguous', subscriberRef: null, candidates: 2 });
    // Between the two nobody holds it: a gap, whoever lies a few seconds away.
    const gap = await attribution.attribute(
      { ip: '192.0.2.11', at: at('2026-10-04T21:00:10Z') },
      NOW,
    );
    expect(gap).toMatchObject({ outcome: 'no_lease', subscriberRef: null, candidates: 0 });
    const clear = await attribution.attribute(
      { ip: '192.0.2.11', at: at('2026-10-04T21:30:00Z') },
      NOW,
    );
    expect(clear).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-2'] });
  });

  it('calls overlapping records of two accounts ambiguous and reports no reference', async () => {
    const r = await attribution.attribute(
      { ip: '192.0.2.12', at: at('2026-10-04T21:30:00Z') },
      NOW,
    );
    expect(r.outcome).toBe('ambiguous');
    expect(r.subscriberRef).toBeNull();
  });

  it('matches an IPv6 /128 to the delegated prefix that contains it', async () => {
    const r = await attribution.attribute(
      { ip: '2001:db8:100:ab::1', at: at('2026-10-04T12:00:00Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-6'] });
    expect(r.evidence[0].address).toBe('2001:db8:100::/56');
    const outside = await attribution.attribute(
      { ip: '2001:db8:101::1', at: at('2026-10-04T12:00:00Z') },
      NOW,
    );
    expect(outside.outcome).toBe('no_lease');
  });

  it('does not forward when the lease maps to no account', async () => {
    const r = await attribution.attribute(
      { ip: '192.0.2.13', at: at('2026-10-04T21:00:00Z') },
      NOW,
    );
    expect(r).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
    expect(r.reason).toMatch(/maps to no subscriber account/);
  });

  it('resolves leases imported before the customer export once the export arrives', async () => {
    await importText(
      ctx,
      'generic-csv',
      'late',
      genericCsv(['192.0.2.15,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,cc:cc:cc:cc:cc:01']),
    );
    const before = await attribution.attribute(
      { ip: '192.0.2.15', at: at('2026-10-04T21:00:00Z') },
      NOW,
    );
    expect(before.outcome).toBe('no_lease');
    const late = await seedAccounts(ctx, [
      { account: 'A-LATE', type: 'mac', id: 'cc:cc:cc:cc:cc:01' },
    ]);
    const after = await attribution.attribute(
      { ip: '192.0.2.15', at: at('2026-10-04T21:00:00Z') },
      NOW,
    );
    expect(after).toMatchObject({ outcome: 'unique', subscriberRef: late['A-LATE'] });
  });

  it('refuses addresses outside our space and times outside retention', async () => {
    expect(
      (await attribution.attribute({ ip: '8.8.8.8', at: at('2026-10-04T21:00:00Z') }, NOW)).outcome,
    ).toBe('not_our_address');
    expect(
      (await attribution.attribute({ ip: '192.0.2.10', at: at('2024-10-04T21:00:00Z') }, NOW))
        .outcome,
    ).toBe('out_of_retention');
    // A missing time (intake passes an invalid Date) is an answer, not a failed batch.
    expect(
      await attribution.attributeMany(
        [
          { ip: '192.0.2.10', at: new Date(NaN) },
          { ip: '192.0.2.10', at: at('2026-10-04T20:30:00Z') },
        ],
        NOW,
      ),
    ).toMatchObject([
      { outcome: 'no_lease', reason: 'the time is not a valid instant' },
      { outcome: 'unique', subscriberRef: refs['A-1'] },
    ]);
  });

  describe('behind CGNAT', () => {
    beforeAll(async () => {
      await ctx.get(NatPoolsRepository).upsertPool({
        name: 'pool1',
        publicPrefix: '203.0.113.0/28',
        insidePrefix: '100.64.0.0/16',
        portMin: 1024,
        portMax: 65535,
        blockSize: 256,
        deterministic: false,
        quarantineSeconds: 120,
      });
      await ctx.get(NatPoolsRepository).upsertPool({
        name: 'det',
        publicPrefix: '203.0.113.16/30',
        insidePrefix: '100.64.0.0/24',
        portMin: 1024,
        portMax: 65535,
        blockSize: 2016,
        deterministic: true,
        quarantineSeconds: 120,
      });
      attribution.invalidateCache();
      const j = (type: string, inside: string, lo: number, hi: number, ts: string) =>
        `<14>1 ${ts} mx1 RT_NAT - RT_SRC_NAT_PBA_${type} [junos@2636.1.1.1.2.26 internal-ip="${inside}" reflexive-ip="203.0.113.7" block-port-low="${lo}" block-port-high="${hi}" nat-pool-name="pool1"]`;
      await importText(
        ctx,
        'cgnat-juniper',
        'nat',
        [
          j('ALLOC', '100.64.0.5', 51200, 51455, '2026-10-04T20:00:00.000Z'),
          j('ALLOC', '100.64.0.6', 51456, 51711, '2026-10-04T20:00:00.000Z'),
          j('INTERIM', '100.64.0.6', 51456, 51711, '2026-10-04T21:30:00.000Z'),
          j('RELEASE', '100.64.0.5', 51200, 51455, '2026-10-04T22:00:00.000Z'),
          // The next holder of the released ports, allocated a minute after the quarantine.
          j('ALLOC', '100.64.0.6', 51200, 51455, '2026-10-04T22:03:00.000Z'),
          j('INTERIM', '100.64.0.6', 51200, 51455, '2026-10-04T22:10:00.000Z'),
        ],
        { timeZone: 'UTC' },
      );
    });

    it('needs a port for a shared address', async () => {
      const r = await attribution.attribute(
        { ip: '203.0.113.7', at: at('2026-10-04T21:00:00Z') },
        NOW,
      );
      expect(r.outcome).toBe('needs_port');
    });

    it('follows two hops, port block then inside lease, and records both', async () => {
      const r = await attribution.attribute(
        { ip: '203.0.113.7', port: 51455, at: at('2026-10-04T21:00:00Z') },
        NOW,
      );
      expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-4'] });
      expect(r.evidence.map((e) => e.hop)).toEqual(['nat', 'lease']);
      expect(r.evidence[0]).toMatchObject({ ports: [51200, 51455], insideAddress: '100.64.0.5' });
    });

    it('gives the port just past the block edge to the next block', async () => {
      const r = await attribution.attribute(
        { ip: '203.0.113.7', port: 51456, at: at('2026-10-04T21:00:00Z') },
        NOW,
      );
      expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-5'] });
    });

    it('gives a time inside the port quarantine to nobody', async () => {
      const r = await attribution.attribute(
        { ip: '203.0.113.7', port: 51300, at: at('2026-10-04T22:01:30Z') },
        NOW,
      );
      expect(r.outcome).toBe('no_lease');
      expect(r.reason).toMatch(/quarantine/);
    });

    it('names neither holder around a release: quarantine, then a gap within tolerance', async () => {
      // Released at 22:00:00 with a 120 s quarantine; the next block starts at 22:03:00.
      for (const time of ['2026-10-04T22:00:01Z', '2026-10-04T22:01:00Z', '2026-10-04T22:02:00Z']) {
        const r = await attribution.attribute(
          { ip: '203.0.113.7', port: 51300, at: at(time) },
          NOW,
        );
        expect(r).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
        expect(r.reason).toMatch(/quarantine/);
      }
      // 30 s before the next block is allocated: near it, but it holds nothing yet.
      const early = await attribution.attribute(
        { ip: '203.0.113.7', port: 51300, at: at('2026-10-04T22:02:30Z') },
        NOW,
      );
      expect(early).toMatchObject({ outcome: 'no_lease', subscriberRef: null });
      expect(early.evidence).toEqual([
        expect.objectContaining({ hop: 'nat', secondsAway: 30, insideAddress: '100.64.0.6' }),
      ]);
      // The release instant itself still belongs to the previous holder; after the next
      // allocation, to the next one.
      expect(
        await attribution.attribute(
          { ip: '203.0.113.7', port: 51300, at: at('2026-10-04T22:00:00Z') },
          NOW,
        ),
      ).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-4'] });
      expect(
        await attribution.attribute(
          { ip: '203.0.113.7', port: 51300, at: at('2026-10-04T22:03:30Z') },
          NOW,
        ),
      ).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-5'] });
    });

    it('does not extend an open block past its last confirmation', async () => {
      const r = await attribution.attribute(
        { ip: '203.0.113.7', port: 51500, at: at('2026-10-04T23:00:00Z') },
        NOW,
      );
      expect(r.outcome).toBe('no_lease');
      expect(r.reason).toMatch(/last confirmed at 2026-10-04T21:30:00.000Z/);
    });

    describe('per-protocol port blocks (A10 CEF, fixture cgnat-a10-protocols.log)', () => {
      beforeAll(async () => {
        const s = await ctx
          .get(LeaseImportService)
          .importFile(join(__dirname, '../fixtures/leases/cgnat-a10-protocols.log'), {
            source: 'a10-protocols',
            format: 'cgnat-a10',
            timeZone: 'UTC',
            maxErrorRatio: 0.5,
          });
        // The SCTP batch is refused, not stored as a block of every protocol.
        expect(s).toMatchObject({ status: 'completed', rowsRead: 9, imported: 8, rejected: 1 });
        expect(s.problems).toEqual([{ line: 5, reason: 'unknown protocol "SCTP"' }]);
      });

      const probe = (port: number, iso: string, protocol?: 'tcp' | 'udp') =>
        attribution.attribute(
          { ip: '203.0.113.8', port, at: at(iso), ...(protocol ? { protocol } : {}) },
          NOW,
        );

      it('names the holder of the TCP block for a TCP probe and of the UDP block for a UDP probe', async () => {
        const tcp = await probe(2100, '2026-10-04T21:00:00Z', 'tcp');
        expect(tcp).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-4'] });
        expect(tcp.evidence[0]).toMatchObject({
          hop: 'nat',
          protocol: 'tcp',
          insideAddress: '100.64.0.5',
        });
        const udp = await probe(2100, '2026-10-04T21:00:00Z', 'udp');
        expect(udp).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-5'] });
        expect(udp.evidence[0]).toMatchObject({ protocol: 'udp', insideAddress: '100.64.0.6' });
      });

      it('lets blocks of every protocol compete when the probe states none', async () => {
        const r = await probe(2100, '2026-10-04T21:00:00Z');
        expect(r).toMatchObject({ outcome: 'ambiguous', subscriberRef: null, candidates: 2 });
      });

      it("keeps one subscriber's TCP and UDP blocks on the same ports apart", async () => {
        // The UDP block was freed at 20:30; the TCP block on the same ports runs to 23:00.
        expect(await probe(2600, '2026-10-04T21:00:00Z', 'tcp')).toMatchObject({
          outcome: 'unique',
          subscriberRef: refs['A-4'],
        });
        expect(await probe(2600, '2026-10-04T21:00:00Z', 'udp')).toMatchObject({
          outcome: 'no_lease',
          subscriberRef: null,
        });
        // In the UDP block's quarantine, a UDP probe is nobody's; a TCP one still the holder's.
        expect(await probe(2600, '2026-10-04T20:31:00Z', 'udp')).toMatchObject({
          outcome: 'no_lease',
          reason: expect.stringMatching(/quarantine/),
        });
        expect(await probe(2600, '2026-10-04T20:31:00Z', 'tcp')).toMatchObject({
          outcome: 'unique',
          subscriberRef: refs['A-4'],
        });
        // Without a protocol the quarantine of either block makes it nobody's.
        expect(await probe(2600, '2026-10-04T20:31:00Z')).toMatchObject({ outcome: 'no_lease' });
      });
    });

    it('computes deterministic NAT from configuration', async () => {
      // Block 5 of the pool's first public address belongs to inside address index 5.
      const r = await attribution.attribute(
        { ip: '203.0.113.16', port: 1024 + 2016 * 5, at: at('2026-10-04T12:00:00Z') },
        NOW,
      );
      expect(r.outcome).toBe('unique');
      expect(r.evidence[0]).toMatchObject({ table: 'nat_pools', insideAddress: '100.64.0.5' });
    });
  });

  it('finds a device that renewed the same address daily for months', async () => {
    // 120 contiguous daily leases: merged renewals, yet no stored binding outgrows the look-back.
    const start = Date.parse('2026-06-01T00:00:00Z');
    const rows = Array.from({ length: 120 }, (_, d) => {
      const a = new Date(start + d * 86_400_000).toISOString();
      const b = new Date(start + (d + 1) * 86_400_000).toISOString();
      return `192.0.2.14,32,${a},${b},mac,aa:aa:aa:aa:aa:01`;
    });
    await importText(ctx, 'generic-csv', 'daily', genericCsv(rows));
    const stored: Array<{ days: number }> = await ctx
      .get(DataSource)
      .query(
        `SELECT extract(epoch FROM coalesce(ends, confirmed_until) - starts) / 86400 AS days FROM lease_bindings WHERE ip = '192.0.2.14'`,
      );
    expect(stored.length).toBeGreaterThan(1);
    expect(Math.max(...stored.map((r) => Number(r.days)))).toBeLessThanOrEqual(31);
    for (const day of ['2026-06-02T12:00:00Z', '2026-07-15T00:00:00Z', '2026-09-25T23:59:59Z']) {
      const r = await attribution.attribute({ ip: '192.0.2.14', at: at(day) }, NOW);
      expect(r).toMatchObject({ outcome: 'unique', subscriberRef: refs['A-1'] });
    }
  });

  it('answers a batch in one call, in order', async () => {
    const results = await attribution.attributeMany(
      [
        { ip: '192.0.2.10', at: at('2026-10-04T20:30:00Z') },
        { ip: '8.8.8.8', at: at('2026-10-04T20:30:00Z') },
        { ip: '192.0.2.10', at: at('2026-10-04T22:00:00Z') },
      ],
      NOW,
    );
    expect(results.map((r) => r.subscriberRef ?? r.outcome)).toEqual([
      refs['A-1'],
      'not_our_address',
      refs['A-2'],
    ]);
  });

  it('never reads the identity store on the attribution path', async () => {
    const role = `nr_attr_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN`);
      await admin.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await admin.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
      const url = new URL(db.url);
      url.username = role;
      const restricted = await NestFactory.createApplicationContext(
        CliModule.forRoot(testConfig(url.toString())),
        {
          logger: false,
        },
      );
      try {
        // The role really cannot read identity, so this test can fail.
        await expect(
          restricted.get(DataSource).query('SELECT count(*) FROM identity.subscribers'),
        ).rejects.toThrow(/permission denied/);
        const r = await restricted.get(AttributionService).attributeMany(
          [
            { ip: '192.0.2.10', at: at('2026-10-04T20:30:00Z') },
            { ip: '203.0.113.7', port: 51455, at: at('2026-10-04T21:00:00Z') },
            { ip: '2001:db8:100:ab::1', at: at('2026-10-04T12:00:00Z') },
          ],
          NOW,
        );
        expect(r.map((x) => x.outcome)).toEqual(['unique', 'unique', 'unique']);
        expect(JSON.stringify(r)).not.toMatch(/subscriber\.example|Subscriber A-/);
      } finally {
        await restricted.close();
      }
    } finally {
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
      await admin.end();
    }
  });
});
