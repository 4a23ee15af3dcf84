import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../src/database/database.module';
import { APP_ROLE, IDENTITY_ROLE, OWNER_ROLE } from '../../src/database/role-names';
import { systemActor } from '../../src/modules/identity/audit.types';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { seedSubscriber, subscribersRepository } from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 16: the service connected as the database owner, so it could switch the audit log's
// append-only trigger off itself. It now runs as notice_relay_app (the whole suite does), and
// every attack below, made on the service's own connections, must fail with a permission error.
const PERMISSION_DENIED = '42501';

async function refused(ds: DataSource, sql: string): Promise<string> {
  try {
    await ds.query(sql);
  } catch (e) {
    const err = e as { code?: string; message: string };
    expect({ sql, code: err.code }).toEqual({ sql, code: PERMISSION_DENIED });
    return err.message;
  }
  throw new Error(`the service's role was allowed: ${sql}`);
}

describe('database roles: the service cannot get round the audit log or the identity schema', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let identityDs: DataSource;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    ds = app.get(DataSource);
    identityDs = app.get<DataSource>(getDataSourceToken(IDENTITY_CONNECTION));
    const sub = await seedSubscriber(ds, subscribersRepository(app), {
      regime: 'generic',
      language: 'en',
      name: 'Ottoline Hiddenhurst',
      email: 'ottoline.hiddenhurst@subscriber.example',
    });
    accountId = sub.accountId;
    // Something in the log to delete.
    await app.get(IdentityService).read(accountId, {
      actor: systemActor('security-test'),
      purpose: 'seed an audit entry',
      fields: ['language'],
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('runs the service as its own role: no superuser, owner of nothing, no other role', async () => {
    const [me]: Array<{ user: string; super: boolean; owns: string; member_of: string[] }> =
      await ds.query(
        `SELECT current_user AS user, r.rolsuper AS super,
                (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid) AS owns,
                ARRAY(SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
                       WHERE m.member = r.oid)::text[] AS member_of
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
    expect(me).toEqual({ user: APP_ROLE, super: false, owns: '0', member_of: [] });
    const [idn]: Array<{ user: string }> = await identityDs.query(`SELECT current_user AS user`);
    expect(idn.user).toBe(IDENTITY_ROLE);
    // The tables belong to the owner role, which ran the migrations.
    const owners: Array<{ owner: string }> = await ds.query(
      `SELECT DISTINCT pg_get_userbyid(c.relowner) AS owner FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('public', 'identity') AND c.relkind IN ('r', 'p')`,
    );
    expect(owners).toEqual([{ owner: OWNER_ROLE }]);
  });

  it('cannot switch the append-only triggers off or alter the audit tables', async () => {
    for (const sql of [
      `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`,
      `ALTER TABLE audit_log DISABLE TRIGGER ALL`,
      `ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`,
      `DROP TRIGGER audit_log_no_truncate ON audit_log`,
      `ALTER TABLE audit_log OWNER TO ${APP_ROLE}`,
      `CREATE OR REPLACE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`,
    ]) {
      expect(await refused(ds, sql)).toMatch(/must be owner|permission denied/);
    }
    // Not as a session setting either.
    await refused(ds, `SET session_replication_role = replica`);
  });

  it('cannot UPDATE, DELETE or TRUNCATE the audit log or its checkpoints', async () => {
    for (const [t, set] of [
      ['audit_log', 'at = now()'],
      ['audit_checkpoints', 'at = now()'],
      ['audit_chain_start', 'gapless_after = 1000000'],
    ]) {
      for (const sql of [`UPDATE ${t} SET ${set}`, `DELETE FROM ${t}`, `TRUNCATE ${t}`]) {
        expect(await refused(ds, sql)).toMatch(/permission denied for table/);
      }
    }
    // The identity role, which writes the audit entries of identity reads, cannot either.
    for (const sql of [`UPDATE audit_log SET purpose = 'x'`, `DELETE FROM audit_log`]) {
      await refused(identityDs, sql);
    }
    const [{ n }]: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM audit_log`);
    expect(Number(n)).toBeGreaterThan(0);
  });

  it('cannot read the identity schema from the main connection', async () => {
    for (const sql of [
      `SELECT full_name, email FROM identity.subscribers`,
      `SELECT count(*) FROM identity.subscribers`,
      `COPY identity.subscribers TO STDOUT`,
    ]) {
      expect(await refused(ds, sql)).toMatch(/permission denied for schema identity/);
    }
    await refused(ds, `GRANT USAGE ON SCHEMA identity TO ${APP_ROLE}`);
    await refused(ds, `SET ROLE ${IDENTITY_ROLE}`);
    await refused(ds, `SET ROLE ${OWNER_ROLE}`);
    // IdentityService's own connection reads it (and audits the read).
    const found = await app.get(IdentityService).read(accountId, {
      actor: systemActor('security-test'),
      purpose: 'check the identity role reads',
      fields: ['fullName'],
    });
    expect(found).toEqual({ fullName: 'Ottoline Hiddenhurst' });
  });

  it('cannot create tables, functions or schemas', async () => {
    for (const sql of [
      `CREATE TABLE evil (id int)`,
      `CREATE TABLE public.evil (id int)`,
      `CREATE VIEW evil AS SELECT 1`,
      `CREATE FUNCTION evil() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `CREATE SCHEMA evil`,
      `CREATE TABLE identity.evil (id int)`,
    ]) {
      await refused(ds, sql);
    }
  });

  it("the owner's partition functions do their one job only", async () => {
    await refused(ds, `SELECT lease_partition_ensure('audit_log', now())`);
    await refused(ds, `SELECT lease_partition_drop('audit_log')`);
    await refused(ds, `SELECT lease_partition_drop('audit_checkpoints')`);
    const [{ part }]: Array<{ part: string }> = await ds.query(
      `SELECT lease_partition_ensure('lease_bindings', '2031-05-17T12:00:00Z') AS part`,
    );
    expect(part).toBe('lease_bindings_y2031m05');
    await ds.query(`SELECT lease_partition_drop($1)`, [part]);
    const left: unknown[] = await ds.query(`SELECT 1 FROM pg_class WHERE relname = $1`, [part]);
    expect(left).toHaveLength(0);
  });
});
