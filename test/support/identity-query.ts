import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { IDENTITY_ROLE } from '../../src/database/role-names';

// One query as the identity role, on the database a service DataSource (as notice_relay_app)
// is connected to: for fixtures that look an account up by its account number, which the
// service role cannot read (issue 16).
export async function identityQuery<T = Record<string, unknown>>(
  ds: DataSource,
  sql: string,
  params?: unknown[],
): Promise<T[]> {
  const url = new URL((ds.options as { url?: string }).url ?? '');
  if (!url.pathname || url.pathname === '/') throw new Error('the DataSource has no URL');
  url.username = IDENTITY_ROLE;
  url.password = '';
  const c = new Client({ connectionString: url.toString() });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}
