import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { OutboxDeskRepository } from '../../modules/messaging/outbox-desk.repository';
import { TemplateRenderer } from '../../modules/messaging/rendering/template-renderer';
import { StrikesService } from '../../modules/messaging/strikes.service';
import { TemplatePreviewService } from '../../modules/messaging/template-preview.service';
import { WarningDigestService } from '../../modules/messaging/warning-digest.service';
import { CommandDeps, oneOf, withContext } from '../cli-context';

const stageArg = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new InvalidArgumentError('1 to 20');
  return n;
};

export function registerMessagingCommands(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('templates:preview')
    .description('render a subscriber message template with sample data')
    .option('--template <name>', 'warning | disclosure-notice | challenge-decision', 'warning')
    .option('--regime <regime>', 'ca | us | fr | generic ...', 'generic')
    .option('--language <lang>', 'en | fr', 'en')
    .option('--stage <n>', 'escalation stage (warnings)', stageArg, 1)
    .addOption(
      new Option('--part <part>', 'which part to print')
        .argParser(oneOf(['all', 'subject', 'text', 'html'] as const, '--part'))
        .default('all'),
    )
    .option('--list', 'list the template variants on disk')
    .action(
      async (opts: {
        template: string;
        regime: string;
        language: string;
        stage: number;
        part: 'all' | 'subject' | 'text' | 'html';
        list?: boolean;
      }) => {
        // Needs no database: only the templates folder.
        const previews = new TemplatePreviewService(
          new TemplateRenderer(cfg().messaging.templatesDir),
        );
        {
          if (opts.list) {
            for (const v of previews.variants()) {
              io.out(`${v.template} ${v.regime} ${v.language}`);
            }
            return;
          }
          const r = previews.preview(opts);
          if (opts.part === 'subject' || opts.part === 'all') io.out(`Subject: ${r.subject}`);
          if (opts.part === 'all') io.out(`(rendered as ${r.regime}/${r.language})\n`);
          if (opts.part === 'text' || opts.part === 'all') io.out(r.text);
          if (opts.part === 'all') io.out('\n----- HTML -----');
          if (opts.part === 'html' || opts.part === 'all') io.out(r.html);
        }
      },
    );

  program
    .command('messages:digest')
    .description('turn attributed notice items into outbox messages now (the worker does this)')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const r = await ctx.get(WarningDigestService).runOnce();
        io.out(`${r.messages} message(s) written, ${r.notForwarded} item(s) not forwarded`);
      });
    });

  program
    .command('messages:status')
    .description('count outbox messages by status')
    .action(async () => {
      await withContext(cfg(), async (ctx) => {
        const counts = await ctx.get(OutboxDeskRepository).statusCounts();
        const entries = Object.entries(counts).filter(([, n]) => n > 0);
        if (entries.length === 0) io.out('no messages');
        for (const [status, n] of entries) io.out(`${status.padEnd(10)} ${n}`);
      });
    });

  program
    .command('strikes:withdraw')
    .description('withdraw the strikes of a notice shown invalid')
    .requiredOption('--notice <reference>', 'notice reference')
    .requiredOption('--reason <text>', 'why the notice is invalid')
    .action(async (opts: { notice: string; reason: string }) => {
      await withContext(cfg(), async (ctx) => {
        const n = await ctx.get(StrikesService).withdrawForNotice(opts.notice, opts.reason);
        io.out(`withdrew ${n} strike(s) of notice ${opts.notice}`);
      });
    });
}
