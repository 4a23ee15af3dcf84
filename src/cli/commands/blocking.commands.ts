import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { Command, Option } from 'commander';
import { readFile, writeFile } from 'node:fs/promises';
import { AuditActor } from '../../modules/identity/audit.types';
import { BlockingExportService } from '../../modules/blocking/blocking-export.service';
import { BlockingOrdersService } from '../../modules/blocking/blocking-orders.service';
import { CreateOrderDto } from '../../modules/blocking/dto/blocking-requests.dto';
import { EXPORT_FORMATS, ExportFormat } from '../../modules/blocking/export-writers';
import { ProtectedListService } from '../../modules/blocking/protected-list.service';
import { Ticket, TicketImportService } from '../../modules/blocking/ticket-import.service';
import { CliError } from '../cli-error';
import { CommandDeps, oneOf, withContext } from '../cli-context';

// A legal person at the console, named in the audit log.
const operator = (name: string): AuditActor => ({
  kind: 'system',
  id: `cli:${name}`,
  role: 'legal',
});

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((e: Error) => {
    throw new CliError(`cannot read ${path}: ${e.message}`);
  });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path} is not JSON: ${(e as Error).message}`);
  }
}

function problems(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${e.property}: ${m}`),
    ...problems(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

export function registerBlockingCommands(program: Command, deps: CommandDeps): void {
  addOrderCreate(program, deps);
  addOrderConfirm(program, deps);
  addOrdersList(program, deps);
  addProtectedAdd(program, deps);
  addProtectedLoad(program, deps);
  addProtectedList(program, deps);
  addBlockingExport(program, deps);
  addTicketImport(program, deps);
}

function addOrderCreate(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:order:create')
    .description(
      'record a court order (JSON file, shape of POST /api/v1/blocking/orders); confirmed at once',
    )
    .requiredOption('--file <order.json>', 'the order as JSON')
    .option('--pdf <file>', 'the order PDF (stored with its SHA-256, frozen)')
    .requiredOption('--operator <name>', 'the legal person recording it, for the audit log')
    .action(async (opts: { file: string; pdf?: string; operator: string }) => {
      const dto = plainToInstance(CreateOrderDto, await readJson(opts.file));
      const bad = problems(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
      if (bad.length)
        throw new CliError(`${opts.file} is not a valid order:\n  ${bad.join('\n  ')}`, 2);
      const pdf = opts.pdf ? await readFile(opts.pdf) : null;
      await withContext(cfg(), async (ctx) => {
        const orders = ctx.get(BlockingOrdersService);
        const actor = operator(opts.operator);
        const d = await orders.record({ actor, organisationId: null, legal: true }, dto);
        if (pdf) await orders.storeDocument(actor, d.order.id, pdf, null);
        io.out(
          `order ${d.order.reference} ${d.order.id} (${d.order.status}) ends ${d.order.endsAt.toISOString()}`,
        );
        for (const t of d.targets) {
          io.out(
            `  ${t.status.padEnd(8)} ${t.value}${t.refusalReason ? `  (${t.refusalReason})` : ''}${t.overrideJustification ? '  [OVERRIDE]' : ''}`,
          );
        }
      });
    });
}

function addOrderConfirm(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:order:confirm')
    .description("confirm counsel's submitted order: its targets take effect now")
    .requiredOption('--order <reference>', 'order reference (BO-…)')
    .requiredOption('--reason <text>', 'why')
    .requiredOption('--operator <name>', 'the legal person confirming, for the audit log')
    .action(async (opts: { order: string; reason: string; operator: string }) => {
      await withContext(cfg(), async (ctx) => {
        const orders = ctx.get(BlockingOrdersService);
        const order = await orders.findByReference(opts.order);
        const d = await orders.confirm(operator(opts.operator), order.id, opts.reason);
        io.out(
          `order ${d.order.reference} ${d.order.status}: ${d.targets.filter((t) => t.status === 'active').length} target(s) active`,
        );
      });
    });
}

function addOrdersList(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:orders')
    .description('list blocking orders; orders near expiry are flagged [EXPIRING]')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const orders = ctx.get(BlockingOrdersService);
        const expiring = new Set((await orders.expiring()).map((o) => o.id));
        for (const o of await orders.list(null)) {
          io.out(
            `${o.reference}  ${o.status.padEnd(9)} ${o.court} ${o.caseNumber}  ends ${o.endsAt.toISOString()}${expiring.has(o.id) ? '  [EXPIRING]' : ''}`,
          );
        }
      });
    });
}

function addProtectedAdd(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:protected:add <value>')
    .description('add an FQDN, CIDR or ASN (AS13335) to the protected list')
    .addOption(
      new Option('--kind <kind>', 'fqdn | cidr | asn (guessed from the value)').argParser(
        oneOf(['fqdn', 'cidr', 'asn'], '--kind'),
      ),
    )
    .option('--asn <n>', 'AS number announcing a CIDR')
    .option('--note <text>', 'why it is protected', '')
    .requiredOption('--operator <name>', 'who adds it, for the audit log')
    .action(
      async (
        value: string,
        opts: { kind?: string; asn?: string; note: string; operator: string },
      ) => {
        await withContext(cfg(), async (ctx) => {
          const row = await ctx.get(ProtectedListService).add(operator(opts.operator), {
            kind: opts.kind,
            value,
            asn: opts.asn,
            note: opts.note,
          });
          io.out(`protected ${row.kind} ${row.value} (${row.id})`);
        });
      },
    );
}

function addProtectedLoad(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:protected:load <file>')
    .description("load a protected-list file (docs/blocking.md), e.g. a CDN's published ranges")
    .requiredOption('--source <name>', "the file's source name, e.g. cloudflare-v4")
    .option('--asn <n>', 'AS number for bare ranges in the file')
    .option('--replace', "drop this source's entries the file no longer lists")
    .requiredOption('--operator <name>', 'who loads it, for the audit log')
    .action(
      async (
        file: string,
        opts: { source: string; asn?: string; replace?: boolean; operator: string },
      ) => {
        const text = await readFile(file, 'utf8').catch((e: Error) => {
          throw new CliError(`cannot read ${file}: ${e.message}`);
        });
        await withContext(cfg(), async (ctx) => {
          const r = await ctx.get(ProtectedListService).load(operator(opts.operator), text, opts);
          io.out(`${r.source}: read ${r.read}, added ${r.added}, removed ${r.removed}`);
        });
      },
    );
}

function addProtectedList(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:protected:list')
    .description('print the protected list in its file format')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        for (const p of await ctx.get(ProtectedListService).list()) {
          io.out(
            `${p.kind} ${p.value}${p.asn ? ` asn=${p.asn}` : ''}${p.note ? `  # ${p.note}` : ''}`,
          );
        }
      });
    });
}

function addBlockingExport(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:export')
    .description('write an export for resolvers or routers (rpz, unbound, dnsmasq, csv, json)')
    .addOption(
      new Option('--format <format>', EXPORT_FORMATS.join(' | '))
        .argParser(oneOf(EXPORT_FORMATS, '--format'))
        .default('rpz'),
    )
    .option('--out <file>', 'write here instead of standard output')
    .option('--operator <name>', 'counts as the resolvers taking it (records implementation)')
    .action(async (opts: { format: ExportFormat; out?: string; operator?: string }) => {
      await withContext(cfg(), async (ctx) => {
        const out = await ctx
          .get(BlockingExportService)
          .render(opts.format, opts.operator ? operator(opts.operator) : null);
        if (opts.out) {
          await writeFile(opts.out, out.body);
          io.out(`wrote ${opts.out} (${opts.format}, serial ${out.serial})`);
        } else io.out(out.body.trimEnd());
      });
    });
}

function addTicketImport(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('blocking:ticket:import <file>')
    .description('import a Piracy-Shield-style ticket (JSON, docs/blocking.md); prints each item')
    .requiredOption('--operator <name>', 'the legal person deciding it, for the audit log')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { operator: string; json?: boolean }) => {
      const ticket = (await readJson(file)) as Ticket;
      await withContext(cfg(), async (ctx) => {
        const r = await ctx.get(TicketImportService).import(operator(opts.operator), ticket);
        if (opts.json) {
          io.out(JSON.stringify(r, null, 2));
          return;
        }
        io.out(
          `ticket ${r.ticketId} order ${r.order ?? '-'}: ${r.elapsedSeconds} s from report to answer (${r.withinThirtyMinutes ? 'within' : 'PAST'} 30 minutes)`,
        );
        for (const i of r.items)
          io.out(
            `  ${i.outcome.padEnd(11)} ${i.kind} ${i.value}${i.reason ? `  ${i.reason}` : ''}${i.detail ? `: ${i.detail}` : ''}`,
          );
      });
    });
}
