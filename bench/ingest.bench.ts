// bench:ingest — rows per second importing Kea CSV and dhcpd.leases through the importer,
// against `psql \copy` of the same rows as CSV into a table with the same probe index, same run,
// with the ratio and the importer's peak RSS.
//   npm run bench:ingest -- [--rows 1000000] [--keep-files]
// Memory check on a big input: writes a dhcpd.leases of that many GB (full records: uid,
// hostname, relay options), imports it and prints the peak RSS, then deletes file and rows.
//   npm run bench:ingest -- --input-gb 2
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { LeaseImportService } from '../src/modules/leases/lease-import.service';
import { arg, benchConfig, benchContext, benchDatabaseUrl, flag, fmt, log } from './bench-support';

const DATABASE_URL = benchDatabaseUrl('ingest');

const ROWS = arg('rows', 1_000_000);
const BASE = Date.parse('2026-09-01T00:00:00Z') / 1000;
const ADDRESSES = 65_536;

interface Lease {
  ip: string;
  mac: string;
  start: number;
  end: number;
}

// Each address gets successive 1-hour leases 2 hours apart: every row is a binding of its own
// (the worst case for the merge: nothing collapses).
function lease(i: number): Lease {
  const a = i % ADDRESSES;
  const k = Math.floor(i / ADDRESSES);
  const start = BASE + k * 7200 + (a % 60);
  const mac = `02:00:${((a >> 8) & 255).toString(16).padStart(2, '0')}:${(a & 255).toString(16).padStart(2, '0')}:${((k >> 8) & 255).toString(16).padStart(2, '0')}:${(k & 255).toString(16).padStart(2, '0')}`;
  return {
    ip: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}`,
    mac,
    start,
    end: start + 3600,
  };
}

async function writeLines(
  path: string,
  header: string | null,
  line: (i: number) => string,
  rows = ROWS,
): Promise<number> {
  const out = createWriteStream(path);
  if (header) out.write(`${header}\n`);
  for (let i = 0; i < rows; i++) {
    if (!out.write(line(i))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

const iso = (s: number) => new Date(s * 1000).toISOString();
const dhcpdTime = (s: number) => {
  const d = new Date(s * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDay()} ${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
};

async function copyBaseline(ds: DataSource, csvPath: string): Promise<number> {
  await ds.query(`DROP TABLE IF EXISTS bench_copy`);
  await ds.query(`CREATE TABLE bench_copy (ip inet, identifier_type text, identifier text, identifiers text[],
    starts timestamptz, ends timestamptz, end_is_actual boolean, confirmed_until timestamptz, raw text)`);
  await ds.query(
    `CREATE INDEX ON bench_copy (ip, starts DESC) INCLUDE (ends, confirmed_until, end_is_actual, identifiers)`,
  );
  const t0 = process.hrtime.bigint();
  execFileSync('psql', [DATABASE_URL, '-q', '-c', `\\copy bench_copy FROM '${csvPath}' CSV`], {
    stdio: 'inherit',
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  await ds.query(`DROP TABLE bench_copy`);
  return seconds;
}

// Peak resident memory: sampled every 50 ms, and the kernel's high-water mark for the process.
function rssSampler(): { stop: () => { sampledMb: number; kernelMaxMb: number } } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return {
        sampledMb: peak / 1024 ** 2,
        // maxRSS is in KiB and covers the whole process life (an upper bound).
        kernelMaxMb: process.resourceUsage().maxRSS / 1024,
      };
    },
  };
}

// A fuller dhcpd.leases record (~480 bytes), as servers with relay agents write them.
function fullDhcpdRecord(i: number): string {
  const l = lease(i);
  const id = l.mac.replace(/:/g, '');
  return (
    `lease ${l.ip} {\n  starts ${dhcpdTime(l.start)};\n  ends ${dhcpdTime(l.end)};\n` +
    `  tstp ${dhcpdTime(l.end)};\n  cltt ${dhcpdTime(l.start)};\n  binding state active;\n` +
    `  next binding state free;\n  rewind binding state free;\n  hardware ethernet ${l.mac};\n` +
    `  uid "\\001\\002\\000${id.slice(4)}";\n  set vendor-class-identifier = "MSFT 5.0";\n` +
    `  option agent.circuit-id "olt-${i % 97}/1/${i % 16}:${i % 4096}.${i % 7}";\n` +
    `  option agent.remote-id "cpe-${id}";\n  client-hostname "host-${id}-living-room-pc";\n}\n`
  );
}

async function bigInput(gb: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nr-ingest-big-'));
  const fs = statfsSync(dir);
  const freeGb = (fs.bavail * fs.bsize) / 1024 ** 3;
  // The file, the rows it becomes (raw text kept) and their indexes.
  if (freeGb < gb * 4) throw new Error(`need ${gb * 4} GB free under ${dir}, have ${freeGb}`);
  const config = benchConfig(DATABASE_URL);
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  const importer = ctx.get(LeaseImportService);
  const path = join(dir, 'dhcpd.leases');
  const rows = Math.ceil((gb * 1024 ** 3) / fullDhcpdRecord(0).length);
  log(`writing ${fmt(rows)} dhcpd.leases records (${gb} GB) to ${path} ...`);
  try {
    const bytes = await writeLines(path, null, fullDhcpdRecord, rows);
    await ds.query(`TRUNCATE lease_bindings, lease_imports, lease_sources CASCADE`);
    // What the process holds before importing (Nest, TypeORM, ts-node's compiler).
    const before = process.memoryUsage().rss / 1024 ** 2;
    const rss = rssSampler();
    const t0 = process.hrtime.bigint();
    const s = await importer.importFile(path, {
      source: 'bench-big',
      format: 'isc-dhcpd',
      maxErrorRatio: 0,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const mem = rss.stop();
    if (s.imported !== rows) throw new Error(`imported ${s.imported} of ${rows}`);
    log(
      `isc-dhcpd ${(bytes / 1024 ** 3).toFixed(2)} GB, ${fmt(rows)} records: ${seconds.toFixed(0)} s, ${fmt(rows / seconds)} rows/s`,
    );
    log(
      `importer peak RSS: ${mem.sampledMb.toFixed(0)} MB (sampled), ${mem.kernelMaxMb.toFixed(0)} MB (kernel high-water mark); ${before.toFixed(0)} MB before the import`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ds.query(`TRUNCATE lease_bindings, lease_imports, lease_sources CASCADE`);
    await ctx.close();
  }
}

async function main(): Promise<void> {
  if (flag('input-gb')) return bigInput(arg('input-gb', 2));
  const dir = mkdtempSync(join(tmpdir(), 'nr-ingest-'));
  const config = benchConfig(DATABASE_URL);
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  const importer = ctx.get(LeaseImportService);

  const keaPath = join(dir, 'kea-leases4.csv');
  const dhcpdPath = join(dir, 'dhcpd.leases');
  const copyPath = join(dir, 'copy.csv');
  log(`writing ${fmt(ROWS)} rows per format to ${dir} ...`);
  const keaBytes = await writeLines(
    keaPath,
    'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id',
    (i) => {
      const l = lease(i);
      return `${l.ip},${l.mac},,3600,${l.end},1,0,0,,0,,0\n`;
    },
  );
  const dhcpdBytes = await writeLines(dhcpdPath, null, (i) => {
    const l = lease(i);
    return `lease ${l.ip} {\n  starts ${dhcpdTime(l.start)};\n  ends ${dhcpdTime(l.end)};\n  cltt ${dhcpdTime(l.start)};\n  binding state active;\n  hardware ethernet ${l.mac};\n}\n`;
  });
  await writeLines(copyPath, null, (i) => {
    const l = lease(i);
    return `${l.ip},mac,${l.mac},{mac:${l.mac}},${iso(l.start)},${iso(l.end)},f,${iso(l.start)},"${l.ip},${l.mac},,3600,${l.end},1,0,0,,0,,0"\n`;
  });

  // \copy runs before and after the importer, so drifting load on the shared machine hits
  // both sides; the baseline is the mean of the two.
  const copyBefore = await copyBaseline(ds, copyPath);
  const rss = rssSampler();

  const results: Array<{ name: string; bytes: number; seconds: number }> = [];
  for (const [name, path, bytes, format] of [
    ['kea-csv', keaPath, keaBytes, 'kea-csv'],
    ['isc-dhcpd', dhcpdPath, dhcpdBytes, 'isc-dhcpd'],
  ] as const) {
    await ds.query(`TRUNCATE lease_bindings, lease_imports, lease_sources CASCADE`);
    const t0 = process.hrtime.bigint();
    const s = await importer.importFile(path, {
      source: `bench-${name}`,
      format,
      maxErrorRatio: 0,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s.imported !== ROWS) throw new Error(`${name}: imported ${s.imported} of ${ROWS}`);
    results.push({ name, bytes, seconds });
  }
  const mem = rss.stop();
  const copyAfter = await copyBaseline(ds, copyPath);
  const copySeconds = (copyBefore + copyAfter) / 2;

  const copyRate = ROWS / copySeconds;
  log(`rows: ${fmt(ROWS)}`);
  log(
    `psql \\copy baseline: ${fmt(copyRate)} rows/s (${copyBefore.toFixed(1)} s before, ${copyAfter.toFixed(1)} s after)`,
  );
  for (const r of results) {
    const rate = ROWS / r.seconds;
    log(
      `${r.name.padEnd(10)} ${(r.bytes / 1024 ** 2).toFixed(0).padStart(6)} MB  ${fmt(rate).padStart(9)} rows/s  ratio to \\copy ${(rate / copyRate).toFixed(2)}`,
    );
  }
  log(
    `importer peak RSS: ${mem.sampledMb.toFixed(0)} MB (sampled), ${mem.kernelMaxMb.toFixed(0)} MB (kernel high-water mark)`,
  );
  await ds.query(`TRUNCATE lease_bindings, lease_imports, lease_sources CASCADE`);
  await ctx.close();
  if (!flag('keep-files')) rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:ingest failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
