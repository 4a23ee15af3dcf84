import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

// Hot-path statements run prepared under a name: PostgreSQL then plans each once per connection
// instead of on every call (planning the intake's 43-parameter insert cost about as much as
// running it). Same pool as every other query.
export async function preparedQuery<R>(
  ds: DataSource,
  name: string,
  text: string,
  values: unknown[],
): Promise<R[]> {
  const pool = (ds.driver as PostgresDriver).master as Pool;
  return (await pool.query<R & object>({ name, text, values })).rows;
}
