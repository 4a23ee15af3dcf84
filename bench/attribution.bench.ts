// bench:attribution — lookups per second through the service's attribution path and through
// a bare SQL baseline on the same data, same run, with their ratio. The baseline sends the very
// statements the service sends (index probes returning the compact answer, grouped by month and
// cut into the same chunks, all of a batch's statements at once, through a pg pool as large as
// the service's) and does nothing with the answer; the service adds address-space, retention
// and CGNAT classification, decoding, the decision and (read only with --with-evidence, as the
// HTTP edge and intake read it) its evidence. Each batch runs through both back to back,
// alternating which goes first, so the shared machine's noise hits both alike.
// Generated data is kept and reused while --leases matches; --regenerate rebuilds it.
//   npm run bench:attribution -- [--leases 10000000] [--probes 200000] [--batch 10000]
//                                [--rounds 5] [--with-evidence] [--regenerate]
import { Pool, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { AttributionService } from '../src/modules/attribution/attribution.service';
import { Probe } from '../src/modules/attribution/attribution.types';
import {
  leaseCandidatesQuery,
  LeaseProbeBatcher,
} from '../src/modules/attribution/attribution.repository';
import { arg, benchConfig, benchContext, flag, fmt, log } from './bench-support';

const LEASES = arg('leases', 10_000_000);
const PROBES = arg('probes', 200_000);
const BATCH = arg('batch', 10_000);
const ROUNDS = arg('rounds', 5);
const WITH_EVIDENCE = flag('with-evidence');
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
  // Whatever happens below, the old data is gone: no run may reuse a half-built set.
  await ds.query(`CREATE TABLE IF NOT EXISTS bench_marker (leases bigint)`);
  await ds.query(`TRUNCATE bench_marker`);
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

interface Tally {
  counts: Record<string, number>;
  evidence: number;
}

async function serviceBatch(
  service: AttributionService,
  batch: Probe[],
  now: Date,
  tally: Tally,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (const r of await service.attributeMany(batch, now)) {
    tally.counts[r.outcome] = (tally.counts[r.outcome] ?? 0) + 1;
    if (WITH_EVIDENCE) tally.evidence += r.evidence.length;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

// The same month groups and chunks, statement and concurrency as the service; the answer is
// received but not decoded.
async function bareBatch(pool: Pool, batch: Probe[], lookbackDays: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  const sent: Array<Promise<QueryResult<{ candidates: string | null }>>> = [];
  const batcher = new LeaseProbeBatcher((g) => {
    sent.push(pool.query(...leaseCandidatesQuery(g, 60, lookbackDays)));
  });
  for (let ord = 0; ord < batch.length; ord++) {
    batcher.add(ord, batch[ord].ip, batch[ord].at.getTime());
  }
  batcher.flush();
  let bytes = 0;
  for (const r of await Promise.all(sent)) bytes += r.rows[0]?.candidates?.length ?? 0;
  if (bytes === 0) throw new Error('the baseline found no candidates: wrong data?');
  return Number(process.hrtime.bigint() - t0) / 1e9;
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
  const batches: Probe[][] = [];
  for (let i = 0; i < probes.length; i += BATCH) batches.push(probes.slice(i, i + BATCH));
  const service = ctx.get(AttributionService);
  // As large as the service's pool (TypeORM's `extra.max`, src/database/data-source.ts).
  const pool = new Pool({ connectionString: config.database.url, max: 10 });
  const now = new Date(BASE + 90 * 86_400_000);
  const lookbackDays = config.attribution.maxBindingDays;
  // Warm up both, then run each batch through both back to back, first one then the other
  // first, so the shared machine's noise and cache warmth hit both alike.
  await bareBatch(pool, batches[0], lookbackDays);
  await serviceBatch(service, batches[0], now, { counts: {}, evidence: 0 });
  const bare: number[] = [];
  const svc: number[] = [];
  let tally: Tally = { counts: {}, evidence: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    tally = { counts: {}, evidence: 0 };
    let bareSeconds = 0;
    let svcSeconds = 0;
    for (let b = 0; b < batches.length; b++) {
      if ((b + round) % 2 === 0) {
        bareSeconds += await bareBatch(pool, batches[b], lookbackDays);
        svcSeconds += await serviceBatch(service, batches[b], now, tally);
      } else {
        svcSeconds += await serviceBatch(service, batches[b], now, tally);
        bareSeconds += await bareBatch(pool, batches[b], lookbackDays);
      }
    }
    bare.push(probes.length / bareSeconds);
    svc.push(probes.length / svcSeconds);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  log(
    `leases: ${fmt(LEASES)}  probes: ${fmt(PROBES)}  batch: ${fmt(BATCH)}  rounds: ${ROUNDS} (median)${WITH_EVIDENCE ? '  evidence read' : ''}`,
  );
  log(
    `outcomes: ${JSON.stringify(tally.counts)}${WITH_EVIDENCE ? `  evidence records: ${fmt(tally.evidence)}` : ''}`,
  );
  log(
    `per round, bare: ${bare.map(fmt).join(' / ')}  service: ${svc.map(fmt).join(' / ')}  ratio: ${svc.map((x, i) => (x / bare[i]).toFixed(2)).join(' / ')}`,
  );
  log(`bare SQL baseline:  ${fmt(median(bare))} lookups/s`);
  log(`attribution service: ${fmt(median(svc))} lookups/s`);
  // Each round's two figures come from the same minutes; their ratio is the steadier figure.
  const ratios = svc.map((x, i) => x / bare[i]);
  log(
    `ratio service/bare: ${median(ratios).toFixed(2)} (median of the rounds' ratios; ratio of the medians ${(median(svc) / median(bare)).toFixed(2)})`,
  );
  await pool.end();
  await ctx.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:attribution failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
