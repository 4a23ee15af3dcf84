import { migrate } from '../../src/database/migrator';
import { OWNER_ROLE } from '../../src/database/role-names';
import { setupDatabaseRoles } from '../../src/database/roles';
import { ADMIN_URL, databaseUrl, dropDatabase } from './pg-admin';
import { asRole, databaseEnv } from './test-config';

// The template database is made as production's is (issue 16): `db:roles` creates the roles
// (cluster-wide, idempotent, tolerant of parallel runs) and the database owned by the owner
// role, which then runs the migrations. Each spec's clone keeps the grants.
export default async function globalSetup(): Promise<void> {
  const name = `nr_tmpl_${process.pid}_${Date.now().toString(36)}`;
  await dropDatabase(name);
  const env = databaseEnv(databaseUrl(name));
  await setupDatabaseRoles({
    url: env.DATABASE_URL!,
    identityUrl: env.IDENTITY_DATABASE_URL!,
    migrationUrl: env.MIGRATION_DATABASE_URL!,
    adminUrl: ADMIN_URL,
  });
  await migrate(asRole(databaseUrl(name), OWNER_ROLE));
  // Workers inherit the parent's environment.
  process.env.NR_TEST_TEMPLATE_DB = name;
}
