// bench:attribution — lookups per second through the service's attribution path and through
// a bare SQL baseline on the same data, same run, with their ratio. The baseline sends the very
// statements the service sends (index probe returning the compact answer, one statement per month
// group, groups at once) through the raw pg driver and does nothing with the answer; the service adds address-space and retention checks, CGNAT
// classification, the decision and its evidence.
//   npm run bench:attribution -- [--leases 10000000] [--probes 200000] [--batch 10000] [--regenerate]
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { Probe } from '../src/modules/attribution/attribution.types';
import { leaseCandidatesQuery } from '../src/modules/attribution/attribution.repository';
import { arg, benchConfig, benchContext, flag, fmt, log } from './bench-support';

const LEASES = arg('leases', 10_000_000);
const PROBES = arg('probes', 200_000);
const BATCH = arg('batch', 10_000);
const LEASES_PER_ADDRESS = 10;
const BASE = Date.parse('2026-08-01T00:00:00Z');
const LEASE_DAYS = 5;
const STEP_DAYS = 6;

async function generate(ds: DataSource): Promise<void> {
  const addresses = Math.floor(LEASES / LEASES_PER_ADDRESS);
  const accounts = Math.max(1, Math.floor(addresses / 2));
  log(
    `generating ${fmt(LEASES)} leases over ${fmt(addresses)} addresses, ${fmt(accounts)} accounts...`,
  );
  const t0 = Date.now();
  await ds.query(
    `TRUNCATE lease_bindings, lease_sources, account_identifiers, subscriber_accounts CASCADE`,
  );
  await ds.query(`INSERT INTO lease_sources (id, name, format) VALUES (1, 'bench', 'generic-csv')`);
  const months = Math.ceil((LEASES_PER_ADDRESS * STEP_DAYS) / 28) + 2;
  for (let m = 0; m < months; m++) {
    const from = new Date(Date.UTC(2026, 7 + m, 1));
    const to = new Date(Date.UTC(2026, 8 + m, 1));
    const name = `lease_bindings_y${from.getUTCFullYear()}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
    await ds.query(
      `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF lease_bindings FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
    );
  }
  await ds.query(
    `INSERT INTO subscriber_accounts (id, account_number, reference)
     SELECT md5('acct' || g)::uuid, 'ACC' || g, 'SUB-B' || g FROM generate_series(0, $1 - 1) g`,
    [accounts],
  );
  // Every lease's MAC maps to an account.
  await ds.query(
    `INSERT INTO account_identifiers (account_id, identifier_type, identifier)
     SELECT md5('acct' || (g % $2))::uuid, 'mac', lpad(to_hex(g), 12, '0')
     FROM generate_series(0, $1 - 1) g`,
    [addresses, accounts],
  );
  for (let k = 0; k < LEASES_PER_ADDRESS; k++) {
    await ds.query(
      `INSERT INTO lease_bindings (source_id, family, ip, identifier_type, identifier, identifiers,
         account_ref, starts, ends, end_is_actual, confirmed_until, raw)
       SELECT 1, 4, '10.0.0.0'::inet + a, 'mac', lpad(to_hex((a + $2) % $1), 12, '0'),
         ARRAY['mac:' || lpad(to_hex((a + $2) % $1), 12, '0')],
         'SUB-B' || (((a + $2) % $1) % $6),
         to_timestamp($3 / 1000.0) + make_interval(days => $2 * $4, secs => a % 3600),
         to_timestamp($3 / 1000.0) + make_interval(days => $2 * $4 + $5, secs => a % 3600),
         true,
         to_timestamp($3 / 1000.0) + make_interval(days => $2 * $4 + $5, secs => a % 3600),
         'bench lease ' || a
       FROM generate_series(0, $1 - 1) a`,
      [addresses, k, BASE, STEP_DAYS, LEASE_DAYS, accounts],
    );
    log(
      `  ${fmt(((k + 1) * LEASES) / LEASES_PER_ADDRESS)} rows (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
    );
  }
  // VACUUM sets the visibility map, so probes can be index-only scans as in production.
  await ds.query(`VACUUM ANALYZE lease_bindings`);
  await ds.query(`VACUUM ANALYZE account_identifiers`);
  await ds.query(`VACUUM ANALYZE subscriber_accounts`);
  await ds.query(`CREATE TABLE IF NOT EXISTS bench_marker (leases bigint)`);
  await ds.query(`TRUNCATE bench_marker`);
  await ds.query(`INSERT INTO bench_marker VALUES ($1)`, [LEASES]);
  log(`generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function makeProbes(): Probe[] {
  const addresses = Math.floor(LEASES / LEASES_PER_ADDRESS);
  const probes: Probe[] = [];
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = 0; i < PROBES; i++) {
    const a = Math.floor(rand() * addresses);
    const k = Math.floor(rand() * LEASES_PER_ADDRESS);
    // Mostly inside a lease, some in the gap between leases.
    const offsetMs = rand() * STEP_DAYS * 86_400_000;
    const at = new Date(BASE + k * STEP_DAYS * 86_400_000 + offsetMs);
    const octets = [10, (a >> 16) & 255, (a >> 8) & 255, a & 255];
    probes.push({ ip: octets.join('.'), port: null, at });
  }
  return probes;
}

async function runService(service: AttributionService, probes: Probe[], now: Date) {
  const counts: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < probes.length; i += BATCH) {
    for (const r of await service.attributeMany(probes.slice(i, i + BATCH), now)) {
      counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    }
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, counts };
}

async function runBare(pool: Pool, probes: Probe[], lookbackDays: number) {
  const t0 = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < probes.length; i += BATCH) {
    const batch = probes.slice(i, i + BATCH);
    // The same monthly grouping, literal bounds, statement and concurrency (one connection per
    // month group, all at once) as the service; the answer is received but not decoded.
    const byMonth = new Map<number, Array<{ ord: number; ip: string; at: Date }>>();
    batch.forEach((p, ord) => {
      const k = Date.UTC(p.at.getUTCFullYear(), p.at.getUTCMonth(), 1);
      const g = byMonth.get(k);
      if (g) g.push({ ord, ip: p.ip, at: p.at });
      else byMonth.set(k, [{ ord, ip: p.ip, at: p.at }]);
    });
    const answers = await Promise.all(
      [...byMonth.values()].map((g) =>
        pool.query<{ candidates: string | null }>(...leaseCandidatesQuery(g, 60, lookbackDays)),
      ),
    );
    for (const r of answers) bytes += String(r.rows[0]?.candidates ?? '').length;
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, bytes };
}

async function main(): Promise<void> {
  const config = benchConfig();
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  await ds.query(`CREATE TABLE IF NOT EXISTS bench_marker (leases bigint)`);
  const marker: Array<{ leases: string }> = await ds.query(`SELECT leases FROM bench_marker`);
  if (flag('regenerate') || Number(marker[0]?.leases ?? 0) !== LEASES) await generate(ds);
  else log(`reusing ${fmt(LEASES)} generated leases (--regenerate to rebuild)`);

  const probes = makeProbes();
  const service = ctx.get(AttributionService);
  const pool = new Pool({ connectionString: config.database.url, max: 4 });
  const now = new Date(BASE + 90 * 86_400_000);
  // Warm caches with one pass of each, then alternate so noise hits both alike.
  await runBare(pool, probes.slice(0, BATCH), config.attribution.maxBindingDays);
  await runService(service, probes.slice(0, BATCH), now);
  const bare: number[] = [];
  const svc: number[] = [];
  let counts: Record<string, number> = {};
  for (let round = 0; round < 3; round++) {
    const b = await runBare(pool, probes, config.attribution.maxBindingDays);
    bare.push(probes.length / b.seconds);
    const s = await runService(service, probes, now);
    svc.push(probes.length / s.seconds);
    counts = s.counts;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  log(`leases: ${fmt(LEASES)}  probes: ${fmt(PROBES)}  batch: ${fmt(BATCH)}  rounds: 3 (median)`);
  log(`outcomes: ${JSON.stringify(counts)}`);
  log(`bare SQL baseline:  ${fmt(median(bare))} lookups/s`);
  log(`attribution service: ${fmt(median(svc))} lookups/s`);
  log(`ratio service/bare: ${(median(svc) / median(bare)).toFixed(2)}`);
  await pool.end();
  await ctx.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:attribution failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
