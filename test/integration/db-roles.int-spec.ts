import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { runCli } from '../../src/cli/program';
import { migrate } from '../../src/database/migrator';
import { OWNER_ROLE } from '../../src/database/role-names';
import { ADMIN_URL, databaseUrl, dropDatabase, withAdmin } from '../support/pg-admin';
import { asRole, databaseEnv } from '../support/test-config';

// `db:roles` (issue 16): an existing deployment migrated as the superuser is handed to the
// owner role; other login names join the service's roles; a superuser is refused as a service
// role. The fresh-database path runs in every test run's global setup.
async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { LOG_LEVEL: 'silent', DATABASE_ADMIN_URL: ADMIN_URL, ...env },
  });
  return { code, text: [...out, ...err].join('\n') };
}

async function asUser<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe('db:roles', () => {
  const name = `${(process.env.NR_TEST_TEMPLATE_DB ?? 'nr_tmpl_x').replace('nr_tmpl_', 'nr_t_')}_roles_${randomBytes(3).toString('hex')}`;
  const login = `nr_svc_${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    await dropDatabase(name);
    await withAdmin((c) => c.query(`DROP ROLE IF EXISTS ${login}`));
  });

  it('hands a database migrated as the superuser to the owner, idempotently', async () => {
    await migrate(databaseUrl(name));
    const env = databaseEnv(databaseUrl(name));
    const first = await cli(env, 'db:roles');
    expect(first.code).toBe(0);
    expect(first.text).toMatch(/database \S+ now owned by notice_relay_owner/);
    expect(first.text).toMatch(/\d+ object\(s\) now owned by notice_relay_owner/);
    const owners = await asUser(databaseUrl(name), (c) =>
      c.query<{ owner: string }>(
        `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname IN ('public', 'identity') AND c.relkind IN ('r', 'p', 'S')`,
      ),
    );
    expect(owners.rows).toEqual([{ owner: OWNER_ROLE }]);
    // Run again: nothing left to hand over.
    const again = await cli(env, 'db:roles');
    expect(again.code).toBe(0);
    expect(again.text).not.toMatch(/now owned/);
    expect(again.text).toMatch(/roles ready/);
    // The owner migrates from now on; the service role reads and cannot alter the log.
    expect((await migrate(asRole(databaseUrl(name), OWNER_ROLE))).applied).toEqual([]);
    await asUser(env.DATABASE_URL!, async (c) => {
      await c.query(`SELECT count(*) FROM organisations`);
      await expect(c.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied/);
      await expect(c.query(`SELECT 1 FROM identity.subscribers`)).rejects.toThrow(
        /permission denied/,
      );
      // db:roles grants the public tables wholesale, then takes back what is identity: the
      // account number (a column grant), the package contents and raw SMTP replies (schema).
      await c.query(`SELECT id, reference, regime, created_at FROM subscriber_accounts`);
      await expect(c.query(`SELECT account_number FROM subscriber_accounts`)).rejects.toThrow(
        /permission denied for table subscriber_accounts/,
      );
      for (const t of ['disclosure_package_contents', 'smtp_failure_replies']) {
        await expect(c.query(`SELECT 1 FROM identity.${t}`)).rejects.toThrow(
          /permission denied for schema identity/,
        );
      }
    });
    await asUser(env.IDENTITY_DATABASE_URL!, async (c) => {
      await c.query(`SELECT account_number FROM subscriber_accounts`);
      await c.query(`SELECT content FROM identity.disclosure_package_contents`);
      await c.query(`SELECT raw_reply FROM identity.smtp_failure_replies`);
    });
  });

  it('makes another login name a member of the service role, with its limits', async () => {
    const env = databaseEnv(databaseUrl(name));
    const u = new URL(env.DATABASE_URL!);
    u.username = login;
    const r = await cli({ ...env, DATABASE_URL: u.toString() }, 'db:roles');
    expect(r.code).toBe(0);
    expect(r.text).toContain(`created role ${login}`);
    await asUser(u.toString(), async (c) => {
      await c.query(`SELECT count(*) FROM organisations`);
      await expect(c.query(`SELECT 1 FROM identity.subscribers`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(c.query(`CREATE TABLE evil (id int)`)).rejects.toThrow(/permission denied/);
    });
  });

  it('refuses a superuser as the service role, and the same user for two roles', async () => {
    const env = databaseEnv(databaseUrl(name));
    const asSuper = await cli({ ...env, DATABASE_URL: databaseUrl(name) }, 'db:roles');
    expect(asSuper.code).toBe(1);
    expect(asSuper.text).toMatch(/role postgres is a superuser/);
    const same = await cli({ ...env, IDENTITY_DATABASE_URL: env.DATABASE_URL }, 'db:roles');
    expect(same.code).toBe(1);
    expect(same.text).toMatch(/three different users/);
  });
});
