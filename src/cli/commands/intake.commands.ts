import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { ConfigModule } from '../../config/config.module';
import { DatabaseModule } from '../../database/database.module';
import { NoticeReceiptDto } from '../../modules/intake/dto/receipt.dto';
import { IntakeModule } from '../../modules/intake/intake.module';
import { NoticeSubmissionService } from '../../modules/intake/notice-submission.service';
import { QueueModule } from '../../queue/queue.module';
import { CliError } from '../cli-error';
import { CommandDeps } from '../cli-context';

// Intake needs the queues to hand accepted notices to the attribution worker.
@Module({})
class IntakeCliModule {
  static forRoot(config: AppConfig) {
    return {
      module: IntakeCliModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, QueueModule, IntakeModule],
    };
  }
}

async function withIntake<T>(
  config: AppConfig,
  fn: (ctx: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(IntakeCliModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

interface Message {
  name: string;
  read: () => Buffer;
  // Maildir: a delivered message moves from new/ to cur/ once stored.
  done?: () => void;
}

function messagesIn(path: string): Message[] {
  if (!existsSync(path)) throw new CliError(`${path} does not exist`);
  if (!statSync(path).isDirectory()) return [{ name: path, read: () => readFileSync(path) }];
  const fresh = join(path, 'new');
  if (existsSync(fresh) && statSync(fresh).isDirectory()) {
    const cur = join(path, 'cur');
    return readdirSync(fresh)
      .filter((f) => !f.startsWith('.'))
      .sort()
      .map((f) => ({
        name: join(fresh, f),
        read: () => readFileSync(join(fresh, f)),
        done: () => {
          mkdirSync(cur, { recursive: true });
          renameSync(join(fresh, f), join(cur, `${basename(f).split(':')[0]}:2,S`));
        },
      }));
  }
  return readdirSync(path)
    .filter((f) => !f.startsWith('.') && statSync(join(path, f)).isFile())
    .sort()
    .map((f) => ({ name: join(path, f), read: () => readFileSync(join(path, f)) }));
}

function summary(r: NoticeReceiptDto): string {
  const counts = new Map<string, number>();
  for (const i of r.items) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  const items = [...counts].map(([s, n]) => `${s}=${n}`).join(' ');
  const why = r.refusalCode ? ` (${r.refusalCode})` : '';
  return `${r.reference} ${r.status}${why}${items ? ` items: ${items}` : ''}`;
}

export function registerIntakeCommands(program: Command, { io, cfg }: CommandDeps): void {
  program
    .command('ingest-mail')
    .description(
      'take e-mailed notices: one message on stdin (pipe abuse@ into it), a message file, or a maildir',
    )
    .argument('[path]', 'a message file, a maildir (new/ is read and moved to cur/) or a directory')
    .option('--json', 'print each receipt as JSON')
    .option('--client-ip <ip>', "the SMTP client's address, for SPF (from the MTA's pipe)")
    .option('--helo <name>', 'the SMTP HELO name, for SPF')
    .option('--mail-from <address>', 'the envelope sender (MAIL FROM), for SPF')
    .action(
      async (
        path: string | undefined,
        opts: { json?: boolean; clientIp?: string; helo?: string; mailFrom?: string },
      ) => {
        const envelope = { ip: opts.clientIp, helo: opts.helo, mailFrom: opts.mailFrom };
        const messages: Message[] =
          path === undefined ? [{ name: 'stdin', read: () => Buffer.alloc(0) }] : messagesIn(path);
        const stdin = path === undefined ? await (io.stdin ?? readStdin)() : null;
        if (stdin !== null && stdin.length === 0) throw new CliError('no message on stdin');
        await withIntake(cfg(), async (ctx) => {
          const intake = ctx.get(NoticeSubmissionService);
          let failed = 0;
          for (const m of messages) {
            const raw = stdin ?? m.read();
            try {
              const { receipt } = await intake.ingestMail(raw, envelope);
              m.done?.();
              io.out(opts.json ? JSON.stringify(receipt) : `${m.name}: ${summary(receipt)}`);
            } catch (err) {
              failed += 1;
              io.err(`${m.name}: ${err instanceof Error ? err.message : String(err)}`);
            }
          }
          if (failed > 0) throw new CliError(`${failed} message(s) could not be stored`);
        });
      },
    );
}
