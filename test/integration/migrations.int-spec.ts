import { Client } from 'pg';
import { migrate, revertLast } from '../../src/database/migrator';
import { MIGRATIONS } from '../../src/database/data-source';
import { databaseUrl, dropDatabase } from '../support/pg-admin';

describe('migrations', () => {
  const name = `nr_migr_${process.pid}_${Date.now().toString(36)}`;
  const url = databaseUrl(name);

  afterAll(() => dropDatabase(name));

  async function tables(): Promise<string[]> {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ tablename: string }>(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1`,
      );
      return r.rows.map((x) => x.tablename);
    } finally {
      await c.end();
    }
  }

  it('creates the database, applies every migration, and is idempotent', async () => {
    const first = await migrate(url);
    expect(first.createdDatabase).toBe(true);
    expect(first.applied).toHaveLength(MIGRATIONS.length);
    expect(await tables()).toEqual(
      expect.arrayContaining(['organisations', 'users', 'api_keys', 'sessions']),
    );
    const second = await migrate(url);
    expect(second).toEqual({ createdDatabase: false, applied: [] });
  });

  it('reverts every migration down to an empty schema and re-applies them', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await revertLast(url);
    expect(await tables()).toEqual([]);
    expect((await migrate(url)).applied).toHaveLength(MIGRATIONS.length);
  });
});
