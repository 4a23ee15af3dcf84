import { migrate } from '../../src/database/migrator';
import { databaseUrl, dropDatabase } from './pg-admin';

export default async function globalSetup(): Promise<void> {
  const name = `nr_tmpl_${process.pid}_${Date.now().toString(36)}`;
  await dropDatabase(name);
  await migrate(databaseUrl(name));
  // Workers inherit the parent's environment.
  process.env.NR_TEST_TEMPLATE_DB = name;
}
