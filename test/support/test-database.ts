import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, dropDatabase, withAdmin } from './pg-admin';

export interface TestDatabase {
  name: string;
  // The admin (superuser) URL: testConfig turns it into the service's role URLs.
  url: string;
  // One statement as the admin, for specs that manipulate the database behind the service.
  adminQuery<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

async function adminQuery<T>(url: string, sql: string, params?: unknown[]): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

// A fresh, migrated database for one spec file, cloned from the run's template.
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.NR_TEST_TEMPLATE_DB;
  if (!template) throw new Error('NR_TEST_TEMPLATE_DB is not set: run through jest (global setup)');
  const name = `${template.replace('nr_tmpl_', 'nr_t_')}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  const url = databaseUrl(name);
  return {
    name,
    url,
    adminQuery: (sql, params) => adminQuery(url, sql, params),
    drop: () => dropDatabase(name),
  };
}
