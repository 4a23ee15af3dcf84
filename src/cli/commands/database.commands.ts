import { Command } from 'commander';
import { migrate, revertLast } from '../../database/migrator';
import { setupDatabaseRoles } from '../../database/roles';
import { CliError } from '../cli-error';
import { CommandDeps, withContext } from '../cli-context';
import { DEMO_PASSWORD, DemoLoader } from '../demo-loader';

// The schema and the roles that own and use it.
export function registerDatabaseCommands(program: Command, { io, cfg }: CommandDeps): void {
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
}

// The demo ISP of the README's quick start.
export function registerDemoCommand(program: Command, { io, cfg }: CommandDeps): void {
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
}
