// bench:ingest — rows per second importing Kea CSV, dhcpd.leases, Juniper structured PBA and
// A10 CEF port batch logs through the importer, against `psql \copy` of the same rows as CSV,
// same run, with the ratio and the importer's peak RSS. \copy baselines, each timed before and
// after the importer:
// - per format, the rows that import stores (raw text: the Kea line, the whole dhcpd block,
//   the NAT log line) into a table with lease_bindings' (or nat_port_blocks') columns,
//   identity key and indexes, i.e. what the importer's rows must go into;
// - the earlier baseline: the Kea rows into a narrower table with only the probe index.
//   npm run bench:ingest -- [--rows 1000000] [--formats kea-csv,isc-dhcpd,cgnat-juniper,cgnat-a10] [--keep-files]
// Memory check on a big input: writes a dhcpd.leases of that many GB (full records: uid,
// hostname, relay options), or with --input-format cgnat-juniper a Juniper structured PBA log,
// and imports it with the real CLI (`npm run build` first), as an operator would, printing the
// peak RSS of the CLI's processes; then deletes file and rows.
//   npm run bench:ingest -- --input-gb 2 [--input-format isc-dhcpd|cgnat-juniper]
import { execFileSync, spawn } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { LeaseImportService } from '../src/modules/leases/lease-import.service';
import {
  arg,
  benchConfig,
  benchContext,
  benchDatabaseUrl,
  benchEnv,
  flag,
  fmt,
  log,
} from './bench-support';

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

// One port block per line: 252 blocks of 256 ports per public address, a new block every
// 50 ms (1M lines span ~14 hours), each its own inside address.
interface Block {
  publicIp: string;
  insideIp: string;
  lo: number;
  at: number; // epoch ms
}

function block(i: number): Block {
  const p = Math.floor(i / 252);
  return {
    publicIp: `100.${64 + ((p >> 16) & 63)}.${(p >> 8) & 255}.${p & 255}`,
    insideIp: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    lo: 1024 + (i % 252) * 256,
    at: BASE * 1000 + i * 50,
  };
}

const juniperLine = (b: Block) =>
  `<14>1 ${new Date(b.at).toISOString()} mx1 RT_NAT - RT_SRC_NAT_PBA_ALLOC [junos@2636.1.1.1.2.133 internal-ip="${b.insideIp}" reflexive-ip="${b.publicIp}" block-port-low="${b.lo}" block-port-high="${b.lo + 255}" nat-pool-name="bench" logical-system-name="root-logical-system" epoch-time-64="0x${Math.floor(b.at / 1000).toString(16)}"]`;
const a10Line = (b: Block) =>
  `CEF:0|A10|Thunder CGN|6.0.4|CGN 106|Port Batch Allocated|5|src=${b.insideIp} sourceTranslatedAddress=${b.publicIp} sourceTranslatedPort=${b.lo} cn3=${b.lo + 255} cn3Label=Last Port rt=${b.at}`;

type Baseline = 'lease-table' | 'one-index' | 'nat-table';

// Both lease tables get the same CSV rows (address, identifier, identifiers, times, raw line);
// the NAT table gets (public address, ports, inside address, pool, times, raw line).
async function copyBaseline(ds: DataSource, csvPath: string, shape: Baseline): Promise<number> {
  await ds.query(`DROP TABLE IF EXISTS bench_copy`);
  if (shape === 'nat-table') {
    await ds.query(`CREATE TABLE bench_copy (LIKE nat_port_blocks INCLUDING DEFAULTS INCLUDING IDENTITY
      INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    await ds.query(`ALTER TABLE bench_copy ALTER source_id SET DEFAULT 1`);
  } else if (shape === 'lease-table') {
    await ds.query(`CREATE TABLE bench_copy (LIKE lease_bindings INCLUDING DEFAULTS INCLUDING IDENTITY
      INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
    await ds.query(
      `ALTER TABLE bench_copy ALTER source_id SET DEFAULT 1, ALTER family SET DEFAULT 4`,
    );
  } else {
    await ds.query(`CREATE TABLE bench_copy (ip inet, identifier_type text, identifier text, identifiers text[],
      starts timestamptz, ends timestamptz, end_is_actual boolean, confirmed_until timestamptz, raw text)`);
    await ds.query(
      `CREATE INDEX ON bench_copy (ip, starts DESC) INCLUDE (ends, confirmed_until, end_is_actual, identifiers)`,
    );
  }
  const columns =
    shape === 'nat-table'
      ? 'public_ip, port_lo, port_hi, inside_ip, pool, starts, confirmed_until, raw'
      : 'ip, identifier_type, identifier, identifiers, starts, ends, end_is_actual, confirmed_until, raw';
  const t0 = process.hrtime.bigint();
  execFileSync(
    'psql',
    [DATABASE_URL, '-q', '-c', `\\copy bench_copy (${columns}) FROM '${csvPath}' CSV`],
    { stdio: 'inherit' },
  );
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

// Resident memory of a process and its descendants, from /proc (Linux).
function treeRssKb(pid: number): Array<{ pid: number; kb: number }> {
  const out: Array<{ pid: number; kb: number }> = [];
  const visit = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
      if (m) out.push({ pid: p, kb: Number(m[1]) });
      for (const task of readdirSync(`/proc/${p}/task`)) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      // The process ended between two reads.
    }
  };
  visit(pid);
  return out;
}

// Runs `notice-relay leases:import` as an operator would and samples its memory every 50 ms:
// the peak of the busiest process (the importer) and of all its processes together.
async function importWithCli(
  path: string,
  source: string,
  format: BigFormat,
): Promise<{ seconds: number; output: string; processMb: number; totalMb: number }> {
  const cli = join(__dirname, '..', 'bin', 'notice-relay.js');
  if (!existsSync(join(__dirname, '..', 'dist', 'cli', 'main.js'))) {
    throw new Error('the memory run spawns the real CLI: run `npm run build` first');
  }
  const t0 = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      cli,
      'leases:import',
      '--source',
      source,
      '--format',
      format,
      // The NAT lines carry their zone (epoch-time-64); the source still needs one.
      ...(format === 'isc-dhcpd' ? [] : ['--time-zone', 'UTC']),
      '--max-error-ratio',
      '0',
      path,
    ],
    { env: { ...process.env, ...benchEnv(DATABASE_URL) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let processKb = 0;
  let totalKb = 0;
  const timer = setInterval(() => {
    if (child.pid === undefined) return;
    const tree = treeRssKb(child.pid);
    processKb = Math.max(processKb, ...tree.map((t) => t.kb));
    totalKb = Math.max(
      totalKb,
      tree.reduce((a, t) => a + t.kb, 0),
    );
  }, 50);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`leases:import exited with ${code}: ${output}`);
  return { seconds, output: output.trim(), processMb: processKb / 1024, totalMb: totalKb / 1024 };
}

type BigFormat = 'isc-dhcpd' | 'cgnat-juniper';

async function bigInput(gb: number, format: BigFormat): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nr-ingest-big-'));
  const fs = statfsSync(dir);
  const freeGb = (fs.bavail * fs.bsize) / 1024 ** 3;
  // The file, the rows it becomes (raw text kept) and their indexes.
  if (freeGb < gb * 4) throw new Error(`need ${gb * 4} GB free under ${dir}, have ${freeGb}`);
  const config = benchConfig(DATABASE_URL);
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  const nat = format === 'cgnat-juniper';
  const path = join(dir, nat ? 'pba.log' : 'dhcpd.leases');
  const record = nat ? (i: number) => `${juniperLine(block(i))}\n` : fullDhcpdRecord;
  const table = nat ? 'nat_port_blocks' : 'lease_bindings';
  const rows = Math.ceil((gb * 1024 ** 3) / record(0).length);
  log(`writing ${fmt(rows)} ${format} records (${gb} GB) to ${path} ...`);
  try {
    const bytes = await writeLines(path, null, record, rows);
    await ds.query(`TRUNCATE ${table}, lease_imports, lease_sources CASCADE`);
    const run = await importWithCli(path, 'bench-big', format);
    const [row] = await ds.query<Array<{ n: string }>>(
      `SELECT count(*)::bigint AS n FROM ${table} b JOIN lease_sources s ON s.id = b.source_id WHERE s.name = 'bench-big'`,
    );
    if (Number(row.n) !== rows) throw new Error(`stored ${row.n} of ${rows}: ${run.output}`);
    log(`CLI: ${run.output}`);
    log(
      `${format} ${(bytes / 1024 ** 3).toFixed(2)} GB, ${fmt(rows)} records: ${run.seconds.toFixed(0)} s, ${fmt(rows / run.seconds)} rows/s (CLI start-up included)`,
    );
    log(
      `CLI peak RSS (sampled every 50 ms): importer process ${run.processMb.toFixed(0)} MB; all its processes together ${run.totalMb.toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ds.query(`TRUNCATE ${table}, lease_imports, lease_sources CASCADE`);
    await ctx.close();
  }
}

async function main(): Promise<void> {
  if (flag('input-gb')) {
    const i = process.argv.indexOf('--input-format');
    const format = i >= 0 ? process.argv[i + 1] : 'isc-dhcpd';
    if (format !== 'isc-dhcpd' && format !== 'cgnat-juniper') {
      throw new Error('--input-format is isc-dhcpd or cgnat-juniper');
    }
    return bigInput(arg('input-gb', 2), format);
  }
  const dir = mkdtempSync(join(tmpdir(), 'nr-ingest-'));
  const config = benchConfig(DATABASE_URL);
  const ctx = await benchContext(config);
  const ds = ctx.get(DataSource);
  const importer = ctx.get(LeaseImportService);

  const i = process.argv.indexOf('--formats');
  const formats = (
    i >= 0 ? (process.argv[i + 1] ?? '') : 'kea-csv,isc-dhcpd,cgnat-juniper,cgnat-a10'
  ).split(',');
  log(`writing ${fmt(ROWS)} rows per format (${formats.join(', ')}) to ${dir} ...`);
  const keaLine = (l: Lease) => `${l.ip},${l.mac},,3600,${l.end},1,0,0,,0,,0`;
  const dhcpdRecord = (l: Lease) =>
    `lease ${l.ip} {\n  starts ${dhcpdTime(l.start)};\n  ends ${dhcpdTime(l.end)};\n  cltt ${dhcpdTime(l.start)};\n  binding state active;\n  hardware ethernet ${l.mac};\n}`;
  // The rows each import stores, as CSV: the raw text is the Kea line, the whole dhcpd block
  // or the NAT log line (quotes doubled, as CSV wants).
  const leaseCopy = async (name: string, raw: (l: Lease) => string): Promise<string> => {
    const path = join(dir, name);
    await writeLines(path, null, (i) => {
      const l = lease(i);
      return `${l.ip},mac,${l.mac},{mac:${l.mac}},${iso(l.start)},${iso(l.end)},f,${iso(l.start)},"${raw(l)}"\n`;
    });
    return path;
  };
  const natCopy = async (name: string, raw: (b: Block) => string): Promise<string> => {
    const path = join(dir, name);
    await writeLines(path, null, (i) => {
      const b = block(i);
      const at = new Date(b.at).toISOString();
      return `${b.publicIp},${b.lo},${b.lo + 255},${b.insideIp},bench,${at},${at},"${raw(b).replaceAll('"', '""')}"\n`;
    });
    return path;
  };
  interface FormatRun {
    name: string;
    format: 'kea-csv' | 'isc-dhcpd' | 'cgnat-juniper' | 'cgnat-a10';
    path: string;
    bytes: number;
    label: string;
    shape: Baseline;
    csv: string;
  }
  const runs: FormatRun[] = [];
  const SHAPED = '-shaped table (PK, probe index';
  if (formats.includes('kea-csv')) {
    const path = join(dir, 'kea-leases4.csv');
    const bytes = await writeLines(
      path,
      'address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context,pool_id',
      (i) => `${keaLine(lease(i))}\n`,
    );
    runs.push({
      name: 'kea-csv',
      format: 'kea-csv',
      path,
      bytes,
      label: `Kea rows into a lease_bindings${SHAPED} and 2 partial indexes)`,
      shape: 'lease-table',
      csv: await leaseCopy('copy-kea.csv', keaLine),
    });
  }
  if (formats.includes('isc-dhcpd')) {
    const path = join(dir, 'dhcpd.leases');
    const bytes = await writeLines(path, null, (i) => `${dhcpdRecord(lease(i))}\n`);
    runs.push({
      name: 'isc-dhcpd',
      format: 'isc-dhcpd',
      path,
      bytes,
      label: `dhcpd rows into a lease_bindings${SHAPED} and 2 partial indexes)`,
      shape: 'lease-table',
      csv: await leaseCopy('copy-dhcpd.csv', dhcpdRecord),
    });
  }
  for (const [name, line, what] of [
    ['cgnat-juniper', juniperLine, 'Juniper structured PBA'],
    ['cgnat-a10', a10Line, 'A10 CEF'],
  ] as const) {
    if (!formats.includes(name)) continue;
    const path = join(dir, `${name}.log`);
    const bytes = await writeLines(path, null, (i) => `${line(block(i))}\n`);
    runs.push({
      name,
      format: name,
      path,
      bytes,
      label: `${what} rows into a nat_port_blocks${SHAPED})`,
      shape: 'nat-table',
      csv: await natCopy(`copy-${name}.csv`, line),
    });
  }

  // \copy runs before and after the importer, so drifting load on the shared machine hits
  // both sides; each baseline is the mean of its two runs. Each format is compared with its
  // own rows in a table of the shape it stores into, and Kea also with the earlier one-index
  // baseline.
  const baselines: Array<{ key: string; label: string; shape: Baseline; csv: string }> = runs.map(
    (r) => ({ key: r.name, label: r.label, shape: r.shape, csv: r.csv }),
  );
  const kea = runs.find((r) => r.name === 'kea-csv');
  if (kea) {
    baselines.push({
      key: 'one-index',
      label: 'Kea rows into a one-index table (earlier baseline)',
      shape: 'one-index',
      csv: kea.csv,
    });
  }
  const before = new Map<string, number>();
  for (const b of baselines) before.set(b.key, await copyBaseline(ds, b.csv, b.shape));
  const rss = rssSampler();

  const results: Array<{ name: string; bytes: number; seconds: number }> = [];
  for (const r of runs) {
    await ds.query(
      `TRUNCATE lease_bindings, nat_port_blocks, lease_imports, lease_sources CASCADE`,
    );
    const t0 = process.hrtime.bigint();
    const s = await importer.importFile(r.path, {
      source: `bench-${r.name}`,
      format: r.format,
      // The NAT lines carry their zone (RFC 5424 offset, epoch ms); the source still needs one.
      timeZone: 'UTC',
      maxErrorRatio: 0,
    });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (s.imported !== ROWS) throw new Error(`${r.name}: imported ${s.imported} of ${ROWS}`);
    results.push({ name: r.name, bytes: r.bytes, seconds });
  }
  const mem = rss.stop();
  const rates = new Map<string, number>();
  log(`rows: ${fmt(ROWS)}`);
  for (const b of baselines) {
    const after = await copyBaseline(ds, b.csv, b.shape);
    const first = before.get(b.key) ?? after;
    rates.set(b.key, ROWS / ((first + after) / 2));
    log(
      `psql \\copy, ${b.label}: ${fmt(rates.get(b.key) ?? 0)} rows/s (${first.toFixed(1)} s before, ${after.toFixed(1)} s after)`,
    );
  }
  for (const r of results) {
    const rate = ROWS / r.seconds;
    const oneIndex = rates.get('one-index');
    log(
      `${r.name.padEnd(13)} ${(r.bytes / 1024 ** 2).toFixed(0).padStart(6)} MB  ${fmt(rate).padStart(9)} rows/s  ratio to \\copy of the same rows into a table of its shape ${(rate / (rates.get(r.name) ?? 1)).toFixed(2)}${r.name === 'kea-csv' && oneIndex ? `, one-index baseline ${(rate / oneIndex).toFixed(2)}` : ''}`,
    );
  }
  log(
    `bench process (importer in-process, with Nest and ts-node) peak RSS: ${mem.sampledMb.toFixed(0)} MB (sampled), ${mem.kernelMaxMb.toFixed(0)} MB (kernel high-water mark)`,
  );
  await ds.query(`TRUNCATE lease_bindings, nat_port_blocks, lease_imports, lease_sources CASCADE`);
  await ctx.close();
  if (!flag('keep-files')) rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:ingest failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
