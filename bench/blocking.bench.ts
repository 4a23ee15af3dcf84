// bench:blocking — the blocking register at size: 100,000 targets under 50 confirmed orders and
// a 20,000-entry protected list (10,000 names, 10,000 ranges).
//  1. A full RPZ export through BlockingExportService.render (read the active targets, build
//     the protected index, leave protected targets out, pass protected names through, sort,
//     digest, serial transaction, write). Baseline in the same run: read the same rows with a
//     bare SELECT and write the same RPZ lines with no logic. Rounds alternate the two sides.
//  2. The check of 10,000 proposed targets (names and addresses, some protected) against the
//     protected list through TargetScreeningService (parse, read the list's fingerprint, reuse
//     the in-memory index, check), in targets per second, and apart the time to rebuild the
//     index from PostgreSQL after a change; baseline: the same 10,000 values turned into result
//     lines with no parsing or checking.
//   npm run bench:blocking -- [--targets 100000] [--orders 50] [--protected 20000]
//                             [--proposed 10000] [--rounds 5]
import { Client } from 'pg';
import { BlockingExportService } from '../src/modules/blocking/blocking-export.service';
import { ProtectedListRepository } from '../src/modules/blocking/protected-list.repository';
import { ProtectedIndex } from '../src/modules/blocking/protected-index';
import { TargetScreeningService } from '../src/modules/blocking/target-screening.service';
import { arg, benchConfig, benchContext, benchDatabaseUrl, fmt, log } from './bench-support';

const TARGETS = arg('targets', 100_000);
const ORDERS = arg('orders', 50);
const PROTECTED = arg('protected', 20_000);
const PROPOSED = arg('proposed', 10_000);
const ROUNDS = arg('rounds', 5);
const DATABASE_URL = benchDatabaseUrl('blocking');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function seed(c: Client): Promise<void> {
  await c.query(`TRUNCATE blocking_tickets, blocking_costs, blocking_targets, blocking_update_requests,
    blocking_event_windows, blocking_orders, blocking_protected, blocking_export_state`);
  await c.query(
    `INSERT INTO blocking_orders (reference, status, court, jurisdiction, case_number, order_date,
       claimants, isp_named, measures, implementation_days, starts_at, ends_at, cost_bearer,
       update_basis, how_to_contest, created_by_kind, created_by_id)
     SELECT 'BO-BENCH-' || lpad(i::text, 4, '0'), 'confirmed', 'Bench Court', 'fr', 'RG ' || i,
            '2026-01-01', ARRAY['Claimant'], 'Bench ISP', ARRAY['dns', 'ip'], 15,
            now() - interval '1 day', now() + interval '365 days', 'rights_holders', 'authority',
            'contest at court', 'system', 'bench'
       FROM generate_series(1, $1) AS i`,
    [ORDERS],
  );
  // 80 % names, 20 % IPv4 addresses; every 20th name is under a protected name.
  await c.query(
    `INSERT INTO blocking_targets (order_id, kind, value, source, status, effective_from, implement_by)
     SELECT o.id,
            CASE WHEN i % 5 = 0 THEN 'ip' ELSE 'fqdn' END,
            CASE WHEN i % 5 = 0 THEN '10.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256
                 WHEN i % 20 = 1 THEN 's' || i || '.protected-' || (i % 10000) || '.test'
                 ELSE 'site-' || i || '.mirror-' || (i % 997) || '.test' END,
            'order', 'active', now() - interval '1 hour', now() + interval '15 days'
       FROM generate_series(1, $1) AS i
       JOIN (SELECT id, row_number() OVER (ORDER BY reference) - 1 AS n FROM blocking_orders) o
         ON o.n = i % $2
     ON CONFLICT DO NOTHING`,
    [TARGETS, ORDERS],
  );
  const half = Math.floor(PROTECTED / 2);
  await c.query(
    `INSERT INTO blocking_protected (kind, value, note, source, created_by)
     SELECT 'fqdn', 'protected-' || i || '.test', 'bench', 'bench', 'bench' FROM generate_series(0, $1 - 1) AS i
     UNION ALL
     SELECT 'cidr', '172.' || (16 + i / 256 % 16) || '.' || i % 256 || '.0/24', 'bench', 'bench', 'bench'
       FROM generate_series(0, $2 - 1) AS i WHERE i < 4096
     UNION ALL
     SELECT 'cidr', '100.' || (64 + (i - 4096) / 256 % 64) || '.' || (i - 4096) % 256 || '.0/24', 'bench', 'bench', 'bench'
       FROM generate_series(0, $2 - 1) AS i WHERE i >= 4096
     ON CONFLICT DO NOTHING`,
    [half, PROTECTED - half],
  );
}

// What a writer with no logic does: the same rows, the same lines, no filter, no sort.
async function baselineExport(c: Client): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const { rows } = await c.query<{ kind: string; value: string }>(
    `SELECT t.kind, t.value FROM blocking_targets t WHERE t.status = 'active'`,
  );
  const lines = [
    '$ORIGIN rpz.notice-relay.',
    '$TTL 300',
    '@ IN SOA localhost. hostmaster.localhost. 1 3600 600 864000 300',
    '@ IN NS localhost.',
  ];
  for (const r of rows) {
    if (r.kind !== 'fqdn') continue;
    lines.push(`${r.value} IN A 192.0.2.80`, `*.${r.value} IN A 192.0.2.80`);
  }
  const body = `${lines.join('\n')}\n`;
  return { ms: performance.now() - t0, bytes: body.length };
}

async function main(): Promise<void> {
  const config = benchConfig(DATABASE_URL);
  const ctx = await benchContext(config);
  const c = new Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    const t0 = performance.now();
    await seed(c);
    const counts = (
      await c.query<{ t: string; p: string; o: string }>(
        `SELECT (SELECT count(*) FROM blocking_targets) t, (SELECT count(*) FROM blocking_protected) p,
              (SELECT count(*) FROM blocking_orders) o`,
      )
    ).rows[0];
    log(
      `targets: ${fmt(Number(counts.t))} under ${counts.o} orders; protected entries: ${fmt(Number(counts.p))} (seeded in ${fmt(performance.now() - t0)} ms)`,
    );
    const exports = ctx.get(BlockingExportService);
    const screening = ctx.get(TargetScreeningService);

    // Warm-up (not counted): JIT, connection pools, the first serial.
    await exports.render('rpz', null);
    await baselineExport(c);

    const service: number[] = [];
    const bare: number[] = [];
    let bytes = 0;
    let names = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const serviceFirst = round % 2 === 0;
      for (const side of serviceFirst ? ['service', 'bare'] : ['bare', 'service']) {
        if (side === 'service') {
          const s = performance.now();
          const out = await exports.render('rpz', null);
          service.push(performance.now() - s);
          bytes = out.body.length;
          names = out.body
            .split('\n')
            .filter((l) => l.includes(' IN A ') && !l.startsWith('*.')).length;
        } else {
          bare.push((await baselineExport(c)).ms);
        }
      }
    }
    log(`full RPZ export (${fmt(names)} names, ${fmt(bytes / 1024)} KiB), ${ROUNDS} rounds:`);
    log(
      `  service: median ${fmt(median(service))} ms (rounds: ${service.map(fmt).join(', ')})  target < 2,000 ms`,
    );
    log(
      `  bare SELECT + same lines, no logic: median ${fmt(median(bare))} ms (rounds: ${bare.map(fmt).join(', ')})`,
    );

    // 10,000 proposed targets: names (a tenth under protected names), addresses (a tenth in
    // protected ranges) and ranges.
    const proposed = Array.from({ length: PROPOSED }, (_, i) => {
      if (i % 3 === 0)
        return i % 30 === 0 ? `shop.protected-${i % 10000}.test` : `new-mirror-${i}.example`;
      if (i % 3 === 1)
        return i % 10 === 1
          ? `172.${16 + (i % 16)}.${i % 256}.9`
          : `198.51.${i % 256}.${(i * 7) % 256}`;
      return `203.0.${i % 256}.0/${24 + (i % 9)}`;
    });
    const checks: number[] = [];
    const lineOnly: number[] = [];
    let refused = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const s = performance.now();
      const parsed = screening.parseAll(proposed, null, 'targets');
      const screened = await screening.screen(parsed, { lookUp: false });
      checks.push(performance.now() - s);
      refused = screened.filter((x) => x.conflict).length;
      const b = performance.now();
      const lines = proposed.map((v) => `${v},ok`).join('\n');
      lineOnly.push(performance.now() - b + (lines.length > 0 ? 0 : 1));
    }
    const rate = (ms: number) => (PROPOSED / ms) * 1000;
    const builds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const s = performance.now();
      new ProtectedIndex(await ctx.get(ProtectedListRepository).protectedEntries(), {
        ipv4: 24,
        ipv6: 48,
      });
      builds.push(performance.now() - s);
    }
    log(
      `check of ${fmt(PROPOSED)} proposed targets against ${fmt(Number(counts.p))} protected entries (${fmt(refused)} refused), ${ROUNDS} rounds:`,
    );
    log(
      `  service (parse, read the list's fingerprint, reuse its index, check): median ${fmt(rate(median(checks)))} targets/s, ${fmt(median(checks))} ms (rounds: ${checks.map(fmt).join(', ')})  target >= 20,000/s`,
    );
    log(
      `  rebuilding the index from PostgreSQL after a change: median ${fmt(median(builds))} ms (rounds: ${builds.map(fmt).join(', ')})`,
    );
    log(
      `  same result lines with no logic: median ${fmt(rate(median(lineOnly)))} targets/s, ${median(lineOnly).toFixed(1)} ms`,
    );
  } finally {
    await c.end();
    await ctx.close();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
