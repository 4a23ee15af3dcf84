// bench:search — the desk's case search (issue #19) at volume: latency of each kind of search
// (one page, its count and its facets, as the page runs them) over N notices with one item
// each, with the search indexes, against the same searches with index and bitmap scans turned
// off (the baseline: what a search without its index costs) in the same run. Prints each
// search's plan, so "no sequential scan" can be read, and the CSV export's rate and memory.
//   npm run bench:search -- [--notices 1000000] [--runs 5] [--baseline-runs 2] [--fresh]
// Data is generated once per database (bench database notice_relay_bench_search) and kept;
// --fresh generates it again.
import { Writable } from 'node:stream';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { CaseSearch1796090000000 } from '../src/database/migrations/1796090000000-case-search';
import { migrate } from '../src/database/migrator';
import { parseCaseSearch } from '../src/modules/search/case-search.query';
import { CaseSearchRepository } from '../src/modules/search/case-search.repository';
import { CaseSearchService } from '../src/modules/search/case-search.service';
import { CaseTimelineRepository } from '../src/modules/search/case-timeline.repository';
import { CaseWorkRepository } from '../src/modules/search/case-work.repository';
import { SavedSearchRepository } from '../src/modules/search/saved-search.repository';
import { arg, benchDatabaseUrl, flag, fmt, log } from './bench-support';

const NOTICES = arg('notices', 1_000_000);
const RUNS = arg('runs', 5);
const BASELINE_RUNS = arg('baseline-runs', 2);
const DB_URL = benchDatabaseUrl('search');
const WORDS = [
  'Glass',
  'Orchard',
  'Harbour',
  'Lights',
  'Northern',
  'Static',
  'Winter',
  'Garden',
  'Silver',
  'River',
  'Broken',
  'Crown',
  'Paper',
  'Moon',
  'Quiet',
  'Engine',
  'Velvet',
  'Storm',
  'Echo',
  'Copper',
  'Falcon',
  'Midnight',
  'Amber',
  'Signal',
  'Hollow',
  'Atlas',
  'Ember',
  'Cedar',
  'Lantern',
  'Mirror',
  'Meadow',
  'Saffron',
  'Tundra',
  'Violet',
  'Granite',
  'Orbit',
  'Prairie',
];

async function generate(ds: DataSource): Promise<void> {
  log(`generating ${fmt(NOTICES)} notices with one item each...`);
  const t0 = Date.now();
  // Loading with the search indexes in place costs far more than building them afterwards:
  // the migration's own down() and up() drop and rebuild exactly the indexes it defines
  // (down() only when they are there: an interrupted run may have dropped them already).
  const [{ present }]: Array<{ present: boolean }> = await ds.query(
    `SELECT to_regclass('saved_searches') IS NOT NULL AS present`,
  );
  if (present) {
    const qr = ds.createQueryRunner();
    await new CaseSearch1796090000000().down(qr);
    await qr.release();
  }
  await ds.query(`TRUNCATE notices, notice_items, organisations CASCADE`);
  await ds.query(
    `INSERT INTO organisations (id, name, kind, accreditation)
     SELECT md5('org' || g)::uuid, 'Bench Vendor ' || g, 'vendor', 'accredited'
       FROM generate_series(0, 19) g`,
  );
  // One notice every 25 s from 2025-06-01: a million span about ten months.
  await ds.query(
    `INSERT INTO notices (id, reference, organisation_id, channel, source_format, media_type,
       original, original_sha256, case_id, status, received_at)
     SELECT md5('n' || g)::uuid, 'NR-' || upper(lpad(to_hex(g), 8, '0')), md5('org' || (g % 20))::uuid,
       'api', 'acns', 'application/xml', '\\x00'::bytea, 'x', 'CASE-' || g, 'accepted',
       timestamptz '2025-06-01T00:00:00Z' + g * interval '25 seconds'
       FROM generate_series(1, $1) g`,
    [NOTICES],
  );
  await ds.query(
    `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, protocol, title,
       file_name, status, reason_code, subscriber_ref, created_at)
     SELECT md5('n' || g)::uuid, 0,
       ('10.0.0.0'::inet + (g::bigint * 7919) % 16000000),
       1024 + (g * 31) % 60000,
       timestamptz '2025-06-01T00:00:00Z' + g * interval '25 seconds' - interval '90 minutes',
       'BitTorrent',
       ($2::text[])[1 + g % 37] || ' ' || ($2::text[])[1 + (g / 37) % 37] || ' ' || (g % 4999),
       'Release.' || g || '.' || ($2::text[])[1 + (g / 7) % 37] || '.mkv',
       CASE WHEN g % 10 = 0 THEN 'not_forwarded' WHEN g % 100 = 1 THEN 'refused'
            ELSE 'forwarded' END,
       CASE WHEN g % 10 = 0 THEN 'no_lease' WHEN g % 100 = 1 THEN 'timestamp_zone' END,
       CASE WHEN g % 10 <> 0 THEN 'SUB-B' || (g % 200000) END,
       timestamptz '2025-06-01T00:00:00Z' + g * interval '25 seconds'
       FROM generate_series(1, $1) g`,
    [NOTICES, WORDS],
  );
  log(
    `  rows written in ${((Date.now() - t0) / 1000).toFixed(1)} s; building the search indexes...`,
  );
  const t1 = Date.now();
  const qr2 = ds.createQueryRunner();
  await new CaseSearch1796090000000().up(qr2);
  await qr2.release();
  await ds.query(`VACUUM ANALYZE notices`);
  await ds.query(`VACUUM ANALYZE notice_items`);
  log(`  indexes built and analysed in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

async function main(): Promise<void> {
  await migrate(DB_URL);
  const ds = new DataSource(dataSourceOptions(DB_URL));
  await ds.initialize();
  // Same database, but the planner may use neither index nor bitmap scans: every search reads
  // the tables whole, as it would without the search indexes.
  const base = new DataSource({
    ...dataSourceOptions(DB_URL),
    extra: { max: 2, options: '-c enable_indexscan=off -c enable_bitmapscan=off' },
  });
  await base.initialize();
  const [{ count }]: Array<{ count: string }> = await ds.query(
    `SELECT count(*) AS count FROM notices`,
  );
  if (flag('fresh') || Number(count) !== NOTICES) await generate(ds);
  const [{ items }]: Array<{ items: string }> = await ds.query(
    `SELECT count(*) AS items FROM notice_items`,
  );
  log(`database: ${fmt(NOTICES)} notices, ${fmt(Number(items))} items`);

  const [{ id: senderId }]: Array<{ id: string }> = await ds.query(
    `SELECT md5('org1')::uuid::text AS id`,
  );
  const repo = new CaseSearchRepository(ds);
  const baseRepo = new CaseSearchRepository(base);
  // A notice in the middle whose item is attributed (g % 10 = 3).
  const g = Math.floor(NOTICES * 0.61) - (Math.floor(NOTICES * 0.61) % 10) + 3;
  const ipOf = (n: number) => {
    const v = (n * 7919) % 16000000;
    return `10.${(v >> 16) & 255}.${(v >> 8) & 255}.${v & 255}`;
  };
  const searches: Array<[string, Record<string, string>]> = [
    ['IP address', { ip: ipOf(g) }],
    ['IP prefix /24', { ip: `${ipOf(g).split('.').slice(0, 3).join('.')}.0/24` }],
    [
      'port + seen window (1 h)',
      {
        port: String(1024 + ((g * 31) % 60000)),
        seenFrom: '2025-12-01T00:00',
        seenTo: '2025-12-01T01:00',
      },
    ],
    ['subscriber reference', { subscriber: `SUB-B${g % 200000}` }],
    ['file name text', { q: `Release.${g}.` }],
    ['title text (common words)', { q: 'Orchard Harbour' }],
    [
      'notice reference part',
      { reference: g.toString(16).toUpperCase().padStart(8, '0').slice(2) },
    ],
    ['sender case id part', { caseId: `CASE-${g}` }],
    ['received one day + sender', { from: '2025-12-01', to: '2025-12-01', sender: senderId }],
    ['reason code', { reason: 'timestamp_zone' }],
  ];
  log('');
  log('| search | matches | indexed p50 ms | indexed max ms | baseline p50 ms | speed-up | plan |');
  log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  const plans: string[] = [];
  for (const [label, params] of searches) {
    const parsed = parseCaseSearch(params);
    if (Object.keys(parsed.errors).length)
      throw new Error(`${label}: ${JSON.stringify(parsed.errors)}`);
    const q = parsed.query;
    const first = await repo.search(q);
    const indexed = await time(RUNS, () => repo.search(q));
    const baseline = await time(BASELINE_RUNS, () => baseRepo.search(q));
    const plan = await repo.explain(q);
    const seq = /Seq Scan on (notices|notice_items)\b/.test(plan);
    plans.push(`--- ${label} ${JSON.stringify(params)}\n${plan}`);
    log(
      `| ${label} | ${first.capped ? `>${fmt(first.total)}` : fmt(first.total)} | ${median(indexed).toFixed(1)} | ${Math.max(...indexed).toFixed(1)} | ${median(baseline).toFixed(0)} | ${(median(baseline) / median(indexed)).toFixed(0)}x | ${seq ? 'SEQ SCAN' : 'index'} |`,
    );
  }
  log('');
  log('plans (indexed):');
  for (const p of plans) log(p);

  // The CSV export of a large result through the cursor: rate and the heap it needs.
  const service = new CaseSearchService(
    repo,
    new SavedSearchRepository(ds),
    new CaseTimelineRepository(ds),
    new CaseWorkRepository(ds),
  );
  const exportQ = parseCaseSearch({ status: 'not_forwarded', sort: 'received' }).query;
  let bytes = 0;
  let rows = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      rows += chunk.toString('utf8').split('\n').length - 1;
      done();
    },
  });
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 50);
  const t = Date.now();
  await service.exportCsv(exportQ, sink);
  clearInterval(sampler);
  const s = (Date.now() - t) / 1000;
  log('');
  log(
    `CSV export of every not-forwarded item: ${fmt(rows - 1)} rows, ${fmt(bytes / 1e6)} MB in ${s.toFixed(1)} s (${fmt((rows - 1) / s)} rows/s); heap grew by at most ${fmt((heapPeak - heap0) / 1e6)} MB`,
  );
  await base.destroy();
  await ds.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
