import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { AppError } from '../common/errors/app-error';
import { AppConfig, ConfigError, loadConfig } from '../config/app-config';
import { migrate, revertLast } from '../database/migrator';
import { setupDatabaseRoles } from '../database/roles';
import { AccountsService } from '../modules/accounts/accounts.service';
import { Accreditation, OrganisationKind, Role } from '../modules/accounts/entities/roles';
import { ApiKeyService } from '../modules/auth/api-key.service';
import { CliError } from './cli-error';
import { registerBlockingCommands } from './commands/blocking.commands';
import { registerDisclosureCommands } from './commands/disclosure.commands';
import { registerIntakeCommands } from './commands/intake.commands';
import { registerLeaseCommands } from './commands/lease.commands';
import { registerMessagingCommands } from './commands/messaging.commands';
import { CliIo, oneOf, withContext } from './cli-context';
import { DEMO_PASSWORD, DemoLoader } from './demo-loader';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const collect = (v: string, prev: string[] = []) => [...prev, v];

async function resolveOrganisation(accounts: AccountsService, ref: string): Promise<string> {
  if (UUID.test(ref)) return (await accounts.getOrganisation(ref)).id;
  const org = await accounts.findOrganisationByName(ref);
  if (!org) throw new CliError(`No organisation named "${ref}" (give its name or id)`);
  return org.id;
}

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

  program
    .command('migrate')
    .description('create the database if missing and apply pending migrations')
    .option('--revert', 'revert the most recent migration instead')
    .action(async (opts: { revert?: boolean }) => {
      if (opts.revert) {
        await revertLast(cfg().database.migrationUrl);
        io.out('reverted the most recent migration');
        return;
      }
      const report = await migrate(cfg().database.migrationUrl);
      if (report.createdDatabase) io.out('created the database');
      io.out(
        report.applied.length
          ? `applied ${report.applied.length} migration(s): ${report.applied.join(', ')}`
          : 'database schema is up to date',
      );
    });

  program
    .command('db:roles')
    .description(
      'create the database roles and the database as a superuser (DATABASE_ADMIN_URL); idempotent',
    )
    .option('--admin-url <url>', 'a superuser URL (default: DATABASE_ADMIN_URL)')
    .action(async (opts: { adminUrl?: string }) => {
      const { database } = cfg();
      const adminUrl = opts.adminUrl ?? database.adminUrl;
      if (!/^postgres(ql)?:\/\/\S+$/.test(adminUrl)) {
        throw new CliError('--admin-url must be a postgres:// URL');
      }
      try {
        for (const line of await setupDatabaseRoles({ ...database, adminUrl })) io.out(line);
      } catch (e) {
        throw new CliError(`db:roles: ${(e as Error).message}`);
      }
    });

  program
    .command('complainant:create')
    .description('register a complainant organisation (rights holder or vendor)')
    .requiredOption('--name <name>', 'organisation name')
    .addOption(
      new Option('--kind <kind>', 'rights_holder | vendor | law_firm')
        .argParser(oneOf(Object.values(OrganisationKind), '--kind'))
        .default(OrganisationKind.Vendor),
    )
    .option('--owner <owner>', 'a rights owner it acts for (repeatable)', collect, [])
    .option(
      '--sender <address>',
      'an address its e-mailed notices come from (repeatable)',
      collect,
      [],
    )
    .option('--contact <email>', 'contact e-mail')
    .option('--accredited', 'mark as accredited now (default: pending)')
    .action(
      async (opts: {
        name: string;
        kind: OrganisationKind;
        owner: string[];
        sender: string[];
        contact?: string;
        accredited?: boolean;
      }) => {
        await withContext(cfg(), async (ctx) => {
          const org = await ctx.get(AccountsService).createOrganisation({
            name: opts.name,
            kind: opts.kind,
            owners: opts.owner,
            senderAddresses: opts.sender,
            contactEmail: opts.contact ?? null,
            accreditation: opts.accredited ? Accreditation.Accredited : Accreditation.Pending,
          });
          io.out(`organisation ${org.id} "${org.name}" (${org.accreditation})`);
        });
      },
    );

  program
    .command('apikey:create')
    .description('issue an API key (shown once)')
    .option('--org <name-or-id>', 'organisation a complainant key acts for')
    .addOption(
      new Option('--role <role>', 'role of the key')
        .argParser(oneOf(Object.values(Role), '--role'))
        .default(Role.Complainant),
    )
    .option('--name <label>', 'label for the key', 'cli')
    .option(
      '--scopes <list>',
      "comma-separated scopes (notices:submit, notices:read, disclosure); default: the role's",
    )
    .action(async (opts: { org?: string; role: Role; name: string; scopes?: string }) => {
      if (opts.role === Role.Complainant && !opts.org) {
        throw new CliError('a complainant key needs --org <organisation name or id>');
      }
      if (opts.role !== Role.Complainant && opts.org) {
        throw new CliError('only complainant keys belong to an organisation; drop --org');
      }
      await withContext(cfg(), async (ctx) => {
        const organisationId = opts.org
          ? await resolveOrganisation(ctx.get(AccountsService), opts.org)
          : null;
        // Made on the server: audited as the server's act (break-glass for any role).
        const scopes = opts.scopes
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const { apiKey, key } = await ctx
          .get(ApiKeyService)
          .create({ name: opts.name, role: opts.role, organisationId, scopes, createdBy: null });
        io.out(
          `api key ${apiKey.id} (${apiKey.role}; scopes: ${apiKey.scopes.join(', ') || 'none'}) — store it now, it is not shown again:`,
        );
        io.out(key);
      });
    });

  program
    .command('user:create')
    .description('create a person who signs in to the portal')
    .requiredOption('--email <email>', 'sign-in e-mail')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--role <role>', 'complainant | abuse_desk | legal | admin')
        .argParser(oneOf(Object.values(Role), '--role'))
        .makeOptionMandatory(),
    )
    .option('--org <name-or-id>', 'organisation (complainants only)')
    .option(
      '--password-env <var>',
      'read the password from this environment variable',
      'NOTICE_RELAY_PASSWORD',
    )
    .action(
      async (opts: {
        email: string;
        name: string;
        role: Role;
        org?: string;
        passwordEnv: string;
      }) => {
        const password = io.env[opts.passwordEnv] || null;
        await withContext(cfg(), async (ctx) => {
          const accounts = ctx.get(AccountsService);
          const organisationId = opts.org ? await resolveOrganisation(accounts, opts.org) : null;
          const user = await accounts.createUser({
            email: opts.email,
            displayName: opts.name,
            role: opts.role,
            organisationId,
            password,
          });
          io.out(`user ${user.id} ${user.email} (${user.role})`);
          if (!password) io.out(`no password set: set ${opts.passwordEnv} to give one`);
        });
      },
    );

  program
    .command('demo')
    .description(
      'load a demo ISP: subscribers, leases, a CGNAT pool, a complainant with an API key, staff accounts',
    )
    .action(async () => {
      const report = await migrate(cfg().database.migrationUrl);
      if (report.applied.length) io.out(`applied ${report.applied.length} migration(s)`);
      await withContext(cfg(), async (ctx) => {
        const demo = await ctx.get(DemoLoader).load();
        io.out(demo.alreadyLoaded ? 'demo data was already loaded' : 'demo data loaded');
        io.out(`complainant organisation: ${demo.organisationId}`);
        io.out(`complainant API key (new, shown once): ${demo.apiKey}`);
        io.out(`sign-in accounts (password "${DEMO_PASSWORD}"):`);
        for (const u of demo.users) io.out(`  ${u.email.padEnd(26)} ${u.role}`);
        io.out(`lease and NAT records loaded: ${demo.leases}; try:`);
        for (const e of demo.examples) io.out(`  npx notice-relay ${e}`);
        io.out(
          `try: curl -H "Authorization: Bearer ${demo.apiKey}" ${cfg().http.publicUrl}/api/v1/auth/me`,
        );
      });
    });

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
