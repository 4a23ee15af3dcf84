import { randomBytes } from 'node:crypto';
import { databaseUrl, dropDatabase, withAdmin } from './pg-admin';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

// A fresh, migrated database for one spec file, cloned from the run's template.
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.NR_TEST_TEMPLATE_DB;
  if (!template) throw new Error('NR_TEST_TEMPLATE_DB is not set: run through jest (global setup)');
  const name = `${template.replace('nr_tmpl_', 'nr_t_')}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return { name, url: databaseUrl(name), drop: () => dropDatabase(name) };
}
