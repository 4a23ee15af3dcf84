import { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { AuditRepository } from '../../modules/identity/audit.repository';
import { AuditActor } from '../../modules/identity/audit.types';
import { DisclosureQueryService } from '../../modules/disclosure/disclosure-query.service';
import { RetentionPurgeService } from '../../modules/retention/retention-purge.service';
import { SubscriberExportService } from '../../modules/retention/subscriber-export.service';
import { CliError } from '../cli-error';
import { CommandDeps, withContext } from '../cli-context';

// A person at the console: named in the audit log as the CLI operator.
const operator = (name: string): AuditActor => ({
  kind: 'system',
  id: `cli:${name}`,
  role: 'legal',
});

export function registerDisclosureCommands(program: Command, deps: CommandDeps): void {
  addAuditVerify(program, deps);
  addRetentionRun(program, deps);
  addSubscriberExport(program, deps);
  addDisclosureQueue(program, deps);
}

function addAuditVerify(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('audit:verify')
    .description('walk the audit log hash chain and report the first broken link (exit 1 if any)')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const v = await ctx.get(AuditRepository).verify();
        if (v.ok) {
          io.out(`audit log intact: ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'} verified`);
          return;
        }
        throw new CliError(
          `audit log BROKEN at entry ${v.firstBroken!.seq} (after ${v.entries - 1} intact): ${v.firstBroken!.problem}`,
        );
      });
    });
}

function addRetentionRun(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('retention:run')
    .description('purge what is past its retention period (legal holds respected)')
    .option('--dry-run', 'report what would be purged without removing anything')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      await withContext(cfg(), async (ctx) => {
        const r = await ctx.get(RetentionPurgeService).run(Boolean(opts.dryRun));
        if (opts.json) {
          io.out(JSON.stringify(r, null, 2));
          return;
        }
        const verb = r.dryRun ? 'would remove' : 'removed';
        io.out(`retention at ${r.at}: ${verb}`);
        io.out(`  lease partitions (before ${r.leaseCutoff}): ${r.leasePartitions.length}`);
        for (const p of r.leasePartitions) io.out(`    ${p}`);
        io.out(
          `  notices: ${r.notices.length}${r.notices.length ? ` (${r.notices.join(', ')})` : ''}`,
        );
        io.out(`  identity links: ${r.identityLinks}`);
        io.out(`  messages: ${r.messages}`);
        io.out(`  disclosure packages: ${r.packages}`);
        if (r.noticesKeptByHoldOrPending.length) {
          io.out(`  kept (legal hold or open request): ${r.noticesKeptByHoldOrPending.join(', ')}`);
        }
      });
    });
}

function addSubscriberExport(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('subscriber:export')
    .description('everything held about one subscriber, as a JSON file (RA-8; audited)')
    .argument('<subscriber-ref>', 'the pseudonymous subscriber reference')
    .requiredOption(
      '--purpose <text>',
      'why (e.g. the access request reference), for the audit log',
    )
    .requiredOption('--operator <name>', 'who runs the export, for the audit log')
    .requiredOption('--out <file>', 'file to write')
    .action(async (ref: string, opts: { purpose: string; operator: string; out: string }) => {
      await withContext(cfg(), async (ctx) => {
        const data = await ctx
          .get(SubscriberExportService)
          .export(operator(opts.operator), ref, opts.purpose);
        await writeFile(opts.out, JSON.stringify(data, null, 2), { mode: 0o600 });
        io.out(`wrote ${opts.out}`);
      });
    });
}

function addDisclosureQueue(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('disclosure:queue')
    .description('open disclosure requests, most urgent first')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const q = await ctx.get(DisclosureQueryService).queue();
        if (q.length === 0) io.out('no open disclosure requests');
        for (const { request: r, urgency } of q) {
          const flag = urgency === 'normal' ? '' : ` [${urgency.toUpperCase()}]`;
          io.out(
            `${r.reference} ${r.kind} ${r.status} due ${r.respond_by?.toISOString() ?? '-'}${flag} case ${r.case_number}`,
          );
        }
      });
    });
}
