import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { AppError } from '../common/errors/app-error';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { CliError } from './cli-error';
import { registerAccountCommands } from './commands/account.commands';
import { registerBlockingCommands } from './commands/blocking.commands';
import { registerDatabaseCommands, registerDemoCommand } from './commands/database.commands';
import { registerDisclosureCommands } from './commands/disclosure.commands';
import { registerIntakeCommands } from './commands/intake.commands';
import { registerLeaseCommands } from './commands/lease.commands';
import { registerMessagingCommands } from './commands/messaging.commands';
import { CliIo } from './cli-context';

export type { CliIo } from './cli-context';

// The version in package.json (src/cli and dist/cli are both two levels below it).
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? 'unknown';
}

export function buildProgram(io: CliIo): Command {
  let config: AppConfig | undefined;
  const cfg = (): AppConfig => (config ??= loadConfig(io.env));
  const program = new Command('notice-relay')
    .description('notice-relay: copyright notice relay for access providers')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });

  registerDatabaseCommands(program, { io, cfg });
  registerAccountCommands(program, { io, cfg });
  registerDemoCommand(program, { io, cfg });
  registerLeaseCommands(program, { io, cfg });
  registerDisclosureCommands(program, { io, cfg });
  registerIntakeCommands(program, { io, cfg });
  registerMessagingCommands(program, { io, cfg });
  registerBlockingCommands(program, { io, cfg });
  return program;
}

// Runs the CLI and returns the exit code; never calls process.exit itself (testable).
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (
      e instanceof Error &&
      'exitCode' in e &&
      'code' in e &&
      String(e.code).startsWith('commander.')
    ) {
      const code = (e as { exitCode: number }).exitCode;
      return code === 0 ? 0 : 2;
    }
    if (e instanceof ConfigError) {
      io.err(`notice-relay: ${e.message}`);
      return 78;
    }
    if (e instanceof CliError) {
      io.err(`notice-relay: ${e.message}`);
      return e.exitCode;
    }
    if (e instanceof AppError) {
      const fields = e.fields.map((f) => ` (${f.field}: ${f.message})`).join('');
      io.err(`notice-relay: ${e.message}${fields}`);
      return 1;
    }
    io.err(`notice-relay: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
