import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { AttributionService } from '../../modules/attribution/attribution.service';
import { LEASE_FORMATS } from '../../modules/leases/dto/lease-import.dto';
import { AuditActor } from '../../modules/identity/audit.types';
import { LeaseImportService } from '../../modules/leases/lease-import.service';
import { LeaseSourcesService } from '../../modules/leases/lease-sources.service';
import { prefixWithin } from '../../modules/leases/nat-pools';
import { LeasesRepository } from '../../modules/leases/leases.repository';
import { NatPoolsRepository } from '../../modules/leases/nat-pools.repository';
import type { LeaseFormat } from '../../modules/leases/parsing/lease-event';
import { SubscriberImportService } from '../../modules/subscribers/subscriber-import.service';
import { CliError } from '../cli-error';
import { CommandDeps, oneOf, withContext } from '../cli-context';
import { cidr, int, parseInstant, ratio, transportOption } from './option-parsers';

export function registerLeaseCommands(program: Command, deps: CommandDeps): void {
  addLeasesImport(program, deps);
  addSubscribersImport(program, deps);
  addLeasesSources(program, deps);
  addLeasesSourceSet(program, deps);
  addNatPoolSet(program, deps);
  addAttribute(program, deps);
  addLeasesPurge(program, deps);
}

interface LeasesImportOptions {
  source: string;
  format: LeaseFormat | 'auto';
  timeZone?: string;
  tolerance?: number;
  maxErrorRatio: number;
  year?: number;
}

function addLeasesImport(program: Command, deps: CommandDeps): void {
  program
    .command('leases:import')
    .description('import DHCP, RADIUS or CGNAT logs (gzip accepted) into the lease history')
    .argument('<files...>', 'log files')
    .requiredOption('--source <name>', 'name of the log source, e.g. dhcp-core-1')
    .addOption(
      new Option('--format <format>', 'log format')
        .argParser(oneOf(LEASE_FORMATS, '--format'))
        .default('auto'),
    )
    .option('--time-zone <zone>', 'IANA zone of a source that logs local time (first import)')
    .option(
      '--tolerance <seconds>',
      'clock tolerance of the source (first import)',
      int('--tolerance', 0, 3600),
    )
    .option(
      '--max-error-ratio <ratio>',
      'abort and roll back above this share of bad records',
      ratio,
      0.05,
    )
    .option(
      '--year <year>',
      'year of BSD syslog stamps, which carry none (default: inferred from the file modification time)',
      int('--year', 1970, 9999),
    )
    .action((files: string[], opts: LeasesImportOptions) => importLeaseFiles(deps, files, opts));
}

async function importLeaseFiles(
  { io, cfg }: CommandDeps,
  files: string[],
  opts: LeasesImportOptions,
): Promise<void> {
  await withContext(cfg(), async (ctx) => {
    const service = ctx.get(LeaseImportService);
    let failed = false;
    for (const file of files) {
      if (!(await importLeaseFile(io, service, file, opts))) failed = true;
    }
    if (failed) throw new CliError('some files were not imported', 1);
  });
}

// One file, with a progress bar on a terminal; false when it was not imported.
async function importLeaseFile(
  io: CommandDeps['io'],
  service: LeaseImportService,
  file: string,
  opts: LeasesImportOptions,
): Promise<boolean> {
  const bar = process.stderr.isTTY
    ? new SingleBar({
        format: `${file} | {value} records read, {rejected} rejected`,
        stream: process.stderr,
      })
    : null;
  bar?.start(0, 0, { rejected: 0 });
  try {
    const s = await service.importFile(file, {
      source: opts.source,
      format: opts.format,
      timeZone: opts.timeZone,
      toleranceSeconds: opts.tolerance,
      maxErrorRatio: opts.maxErrorRatio,
      year: opts.year,
      onProgress: (p) => bar?.update(p.rowsRead, { rejected: p.rejected }),
    });
    bar?.stop();
    io.out(
      `${file}: ${s.format}, ${s.rowsRead} read, ${s.imported} imported, ${s.duplicates} duplicate, ${s.rejected} rejected, ${s.skipped} skipped (no binding)`,
    );
    if (s.syslogYears) {
      io.out(
        `${file}: syslog stamps without a year read as ${s.syslogYears.years.join(', ')}${s.syslogYears.inferred ? " (inferred from the file's modification time; give --year to override)" : ' (--year)'}`,
      );
    }
    for (const p of s.problems.slice(0, 20)) io.err(`${file}:${p.line}: ${p.reason}`);
    return true;
  } catch (e) {
    bar?.stop();
    io.err(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

function addSubscribersImport(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('subscribers:import')
    .description("import the ISP's customer export: identifier-to-account mapping and identity")
    .argument('<file>', 'CSV with account_number,identifier_type,identifier,full_name,email,...')
    .action(async (file: string) => {
      await withContext(cfg(), async (ctx) => {
        const s = await ctx.get(SubscriberImportService).importCsv(file);
        io.out(
          `${file}: ${s.rowsRead} rows, ${s.accounts} accounts, ${s.identifiers} identifiers, ${s.rejected} rejected`,
        );
        for (const p of s.problems.slice(0, 20)) io.err(`${file}:${p.line}: ${p.reason}`);
        if (s.rejected > 0) throw new CliError(`${s.rejected} rows were rejected`, 1);
      });
    });
}

function addLeasesSources(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('leases:sources')
    .description('list lease sources: format, time zone, clock tolerance and what is stored')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const sources = await ctx.get(LeaseSourcesService).list();
        if (sources.length === 0) io.out('no lease sources yet (leases:import creates them)');
        for (const s of sources) {
          io.out(
            `${s.name}: ${s.format}, time zone ${s.timeZone}${s.timeZoneConfigured ? '' : ' (default, never named)'}, tolerance ${s.toleranceSeconds} s, ${s.bindings} bindings, ${s.blocks} port blocks, ${s.imports} imports${s.lastImportAt ? `, last ${s.lastImportAt.toISOString()}` : ''}`,
          );
        }
      });
    });
}

interface SourceSetOptions {
  source: string;
  timeZone?: string;
  tolerance?: number;
  discardStoredRows?: boolean;
  operator: string;
}

function addLeasesSourceSet(program: Command, deps: CommandDeps): void {
  program
    .command('leases:source:set')
    .description("correct a lease source's time zone or clock tolerance (audited)")
    .requiredOption('--source <name>', 'the source, as leases:sources lists it')
    .option('--time-zone <zone>', 'IANA zone its logs are written in')
    .option('--tolerance <seconds>', 'how far its clock may be off', int('--tolerance', 0, 3600))
    .option(
      '--discard-stored-rows',
      'with --time-zone, for a source whose logs carry local times: delete its stored rows (read in the old zone) to import its files again',
    )
    .requiredOption('--operator <name>', 'who makes the change, for the audit log')
    .action((opts: SourceSetOptions) => setLeaseSource(deps, opts));
}

async function setLeaseSource({ io, cfg }: CommandDeps, opts: SourceSetOptions): Promise<void> {
  if (opts.timeZone === undefined && opts.tolerance === undefined) {
    throw new CliError('give --time-zone, --tolerance or both', 2);
  }
  if (opts.discardStoredRows && opts.timeZone === undefined) {
    throw new CliError('--discard-stored-rows goes with --time-zone', 2);
  }
  const actor: AuditActor = { kind: 'system', id: `cli:${opts.operator}`, role: 'admin' };
  await withContext(cfg(), async (ctx) => {
    const change = await ctx.get(LeaseSourcesService).update(actor, opts.source, {
      timeZone: opts.timeZone,
      toleranceSeconds: opts.tolerance,
      discardStoredRows: opts.discardStoredRows,
    });
    reportSourceChange(io, change);
  });
}

type SourceChange = Awaited<ReturnType<LeaseSourcesService['update']>>;

function reportSourceChange(
  io: CommandDeps['io'],
  { before, after, overview, discarded }: SourceChange,
): void {
  io.out(
    `source ${after.name}: time zone ${before.timeZone} -> ${after.timeZone}, tolerance ${before.toleranceSeconds} s -> ${after.toleranceSeconds} s (recorded in the audit log)`,
  );
  if (before.toleranceSeconds !== after.toleranceSeconds) {
    io.out(
      'The tolerance applies to every attribution answer from now on, stored rows included (a running server reads it again within 30 s).',
    );
  }
  if (before.timeZone === after.timeZone) return;
  if (discarded) {
    io.out(
      `Deleted ${discarded.bindings} bindings and ${discarded.blocks} port blocks read in ${before.timeZone}: until the files are imported again, this source answers no attribution for their times. Import them again in ${after.timeZone}:`,
    );
    io.out(
      `  notice-relay leases:import --source ${after.name} --format ${after.format} ${overview.files.length > 0 ? overview.files.join(' ') : 'FILE...'}`,
    );
  } else if (overview.bindings + overview.blocks > 0) {
    // A format whose lines carry their zone (epoch or explicit offsets).
    io.out(
      `The time zone applies to imports from now on. The ${overview.bindings} bindings and ${overview.blocks} port blocks stored keep their times: ${after.format} lines state their instants without the source's zone.`,
    );
  } else {
    io.out('The time zone applies to imports from now on (nothing is stored yet).');
  }
}

interface NatPoolOptions {
  name: string;
  public: string;
  blockSize: number;
  inside?: string;
  portMin: number;
  portMax: number;
  deterministic?: boolean;
  quarantine: number;
}

function addNatPoolSet(program: Command, deps: CommandDeps): void {
  program
    .command('nat-pool:set')
    .description('configure a CGNAT pool (logged port blocks, or deterministic per RFC 7422)')
    .requiredOption('--name <name>', 'pool name as the NAT logs it')
    .requiredOption('--public <cidr>', 'public address range', cidr('--public'))
    .requiredOption('--block-size <ports>', 'ports per block', int('--block-size', 1, 65536))
    .option(
      '--inside <cidr>',
      'inside (subscriber) range; required for deterministic pools',
      cidr('--inside'),
    )
    .option('--port-min <port>', 'first port handed out', int('--port-min', 0, 65535), 1024)
    .option('--port-max <port>', 'last port handed out', int('--port-max', 0, 65535), 65535)
    .option('--deterministic', 'compute mappings from configuration (RFC 7422) instead of logs')
    .option(
      '--quarantine <seconds>',
      'port reuse quarantine (RFC 6888)',
      int('--quarantine', 0, 3600),
      120,
    )
    .action((opts: NatPoolOptions) => setNatPool(deps, opts));
}

async function setNatPool({ io, cfg }: CommandDeps, opts: NatPoolOptions): Promise<void> {
  if (opts.deterministic && !opts.inside)
    throw new CliError('a deterministic pool needs --inside <cidr>');
  if (opts.portMin > opts.portMax) throw new CliError('--port-min must not exceed --port-max');
  const config = cfg();
  // Attribution refuses addresses outside ADDRESS_SPACE before it looks at pools: a pool
  // outside it would answer not_our_address to every probe.
  if (!config.addressSpace.some((space) => prefixWithin(opts.public, space))) {
    throw new CliError(
      `--public ${opts.public} is not inside ADDRESS_SPACE (${config.addressSpace.join(', ')}): every probe of this pool would answer not_our_address. Widen ADDRESS_SPACE or correct the range.`,
    );
  }
  await withContext(config, async (ctx) => {
    const pool = await ctx.get(NatPoolsRepository).upsertPool({
      name: opts.name,
      publicPrefix: opts.public,
      insidePrefix: opts.inside ?? null,
      portMin: opts.portMin,
      portMax: opts.portMax,
      blockSize: opts.blockSize,
      deterministic: Boolean(opts.deterministic),
      quarantineSeconds: opts.quarantine,
    });
    io.out(
      `nat pool ${pool.name}: ${pool.publicPrefix}, blocks of ${pool.blockSize}${pool.deterministic ? ', deterministic' : ''}`,
    );
  });
}

interface AttributeOptions {
  ip: string;
  port?: number;
  protocol?: 'tcp' | 'udp';
  at: Date;
  json?: boolean;
}

function addAttribute(program: Command, deps: CommandDeps): void {
  program
    .command('attribute')
    .description(
      'who held an address (and port) at a time: a pseudonymous reference, never identity',
    )
    .requiredOption('--ip <address>', 'IPv4 or IPv6 address')
    .option('--port <port>', 'source port (needed behind CGNAT)', int('--port', 0, 65535))
    .option(
      '--protocol <tcp|udp>',
      'transport protocol, if known (a per-protocol port block of another protocol then does not compete)',
      transportOption,
    )
    .requiredOption('--at <time>', 'ISO 8601 time with seconds and zone', parseInstant)
    .option('--json', 'print the whole result with its evidence as JSON')
    .action((opts: AttributeOptions) => attribute(deps, opts));
}

async function attribute({ io, cfg }: CommandDeps, opts: AttributeOptions): Promise<void> {
  await withContext(cfg(), async (ctx) => {
    const r = await ctx.get(AttributionService).attribute({
      ip: opts.ip,
      port: opts.port ?? null,
      at: opts.at,
      protocol: opts.protocol ?? null,
    });
    if (opts.json) {
      io.out(JSON.stringify(r, null, 2));
      return;
    }
    io.out(
      `${r.outcome}${r.subscriberRef ? ` ${r.subscriberRef}` : ''}${r.reason ? ` (${r.reason})` : ''}`,
    );
    for (const e of r.evidence) {
      io.out(
        `  ${e.hop} ${e.table}#${e.recordId} source=${e.source} ${e.address} ${e.starts} .. ${e.ends ?? `confirmed ${e.confirmedUntil}`}${e.onlyWithinTolerance ? ` (within ±${e.toleranceSeconds}s)` : ''}${e.protocol ? ` ${e.protocol}` : ''}`,
      );
    }
  });
}

function addLeasesPurge(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('leases:purge')
    .description('drop lease and NAT partitions older than the retention period')
    .option('--dry-run', 'list what would be dropped')
    .action(async (opts: { dryRun?: boolean }) => {
      await withContext(cfg(), async (ctx) => {
        const cutoff = new Date(Date.now() - cfg().retention.leaseDays * 86_400_000);
        const dropped = await ctx
          .get(LeasesRepository)
          .dropPartitionsBefore(cutoff, Boolean(opts.dryRun));
        io.out(
          `${opts.dryRun ? 'would drop' : 'dropped'} ${dropped.length} partition(s) ending before ${cutoff.toISOString()}`,
        );
        for (const d of dropped) io.out(`  ${d}`);
      });
    });
}
