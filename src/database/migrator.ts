import { Client } from 'pg';
import { createDataSource } from './data-source';

// Creates the database named in the URL when missing, so a fresh machine needs no manual step.
export async function ensureDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error('DATABASE_URL names no database');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    } catch (e) {
      if ((e as { code?: string }).code !== '42501') throw e;
      // The owner role may not create databases: `db:roles` does (README, Database roles).
      throw new Error(
        `database ${name} does not exist: create it and the roles with \`notice-relay db:roles\``,
      );
    }
    return true;
  } finally {
    await client.end();
  }
}

export interface MigrationReport {
  createdDatabase: boolean;
  applied: string[];
}

export async function migrate(url: string): Promise<MigrationReport> {
  const createdDatabase = await ensureDatabase(url);
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return { createdDatabase, applied: applied.map((m) => m.name) };
  } finally {
    await ds.destroy();
  }
}

export async function revertLast(url: string): Promise<void> {
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    await ds.undoLastMigration({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
