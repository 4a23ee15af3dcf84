import { INestApplication } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDENTITY_CONNECTION } from '../../src/database/database.module';
import { APP_ROLE, IDENTITY_ROLE, OWNER_ROLE } from '../../src/database/role-names';
import { systemActor } from '../../src/modules/identity/audit.types';
import { FailureReplyStore } from '../../src/modules/identity/failure-reply.store';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { PackageContentStore } from '../../src/modules/identity/package-content.store';
import { seedSubscriber, subscribersRepository } from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 16: the service connected as the database owner, so it could switch the audit log's
// append-only trigger off itself. It now runs as notice_relay_app (the whole suite does), and
// every attack below, made on the service's own connections, must fail with a permission error.
const PERMISSION_DENIED = '42501';

async function refused(ds: DataSource, sql: string, params?: unknown[]): Promise<string> {
  try {
    await ds.query(sql, params);
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
  let accountNumber: string;

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
    [{ account_number: accountNumber }] = await identityDs.query(
      `SELECT account_number FROM subscriber_accounts WHERE id = $1`,
      [accountId],
    );
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

  it("cannot read a produced package's content; legal's download reads it, audited, and the purge removes it", async () => {
    const [{ id: requestId }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO disclosure_requests (reference, kind, channel, issuing_body, case_number,
         notice_references, allowed_fields, objection_window_days, received_at, status,
         created_by_kind, created_by_id)
       VALUES ('DR-ROLES', 'subscriber_consent', 'paper', 'X', 'C-1', '{}', '{fullName}', 0,
         now(), 'produced', 'user', 'x') RETURNING id`,
    );
    const contents = app.get(PackageContentStore);
    // As production stores it: the content on the identity connection, the record here.
    await contents.store(
      requestId,
      {
        sha256: 'f'.repeat(64),
        content: { subscribers: [{ identity: { fullName: 'Ottoline Hiddenhurst' } }] },
        html: '<p>Ottoline Hiddenhurst</p>',
      },
      () =>
        ds.query(
          `INSERT INTO disclosure_packages (request_id, sha256, produced_at) VALUES ($1, $2, now())`,
          [requestId, 'f'.repeat(64)],
        ),
    );
    for (const sql of [
      `SELECT content, html FROM identity.disclosure_package_contents`,
      `SELECT count(*) FROM identity.disclosure_package_contents`,
      `COPY identity.disclosure_package_contents TO STDOUT`,
      `DELETE FROM identity.disclosure_package_contents`,
    ]) {
      expect(await refused(ds, sql)).toMatch(/permission denied for schema identity/);
    }
    // The service's table holds the record only: no content, no HTML.
    const columns: Array<{ column_name: string }> = await ds.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'disclosure_packages' ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'produced_at',
      'purged_at',
      'request_id',
      'sha256',
    ]);
    // The download's path: the content, with its audit entry.
    const read = await contents.read(requestId, {
      actor: systemActor('security-test'),
      purpose: 'disclosure DR-ROLES',
      details: { sha256: 'f'.repeat(64) },
    });
    expect(read?.html).toBe('<p>Ottoline Hiddenhurst</p>');
    const entries: Array<{ n: string }> = await ds.query(
      `SELECT count(*)::text AS n FROM audit_log
        WHERE action = 'disclosure.package_downloaded' AND subject_id = $1`,
      [requestId],
    );
    expect(entries[0].n).toBe('1');
    // Retention marks the package purged on the service's connection: the content goes with it.
    await ds.query(`UPDATE disclosure_packages SET purged_at = now() WHERE request_id = $1`, [
      requestId,
    ]);
    const left: unknown[] = await identityDs.query(
      `SELECT 1 FROM identity.disclosure_package_contents WHERE request_id = $1`,
      [requestId],
    );
    expect(left).toHaveLength(0);
    expect(await contents.read(requestId, { actor: systemActor('t'), purpose: 'x' })).toBeNull();
  });

  it("cannot read or write the mail server's raw replies; legal's audited path reads them", async () => {
    const [{ id: messageId }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO outbound_messages (subscriber_account_id, kind, template, regime, status)
       VALUES ($1, 'warning', 'warning', 'generic', 'dead') RETURNING id`,
      [accountId],
    );
    const replies = app.get(FailureReplyStore);
    await replies.record({
      messageId,
      attempt: 1,
      replyCode: 550,
      enhancedStatus: '5.1.1',
      category: 'mailbox_unknown',
      raw: '550 5.1.1 <ottoline.hiddenhurst@subscriber.example>: no such user',
    });
    for (const sql of [
      `SELECT raw_reply FROM identity.smtp_failure_replies`,
      `SELECT count(*) FROM identity.smtp_failure_replies`,
      `COPY identity.smtp_failure_replies TO STDOUT`,
      `INSERT INTO identity.smtp_failure_replies (message_id, attempt, category, raw_reply)
         VALUES ('${messageId}', 9, 'other', 'forged')`,
    ]) {
      expect(await refused(ds, sql)).toMatch(/permission denied for schema identity/);
    }
    // The table itself is in the identity schema, none left in public.
    const where: Array<{ schema: string }> = await ds.query(
      `SELECT n.nspname AS schema FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = 'smtp_failure_replies'`,
    );
    expect(where).toEqual([{ schema: 'identity' }]);
    const read = await replies.read(systemActor('security-test'), messageId, 'bounce inquiry');
    expect(read).toEqual([
      expect.objectContaining({ replyCode: 550, category: 'mailbox_unknown' }),
    ]);
    expect(read![0].rawReply).toContain('ottoline.hiddenhurst@subscriber.example');
  });

  it("cannot read an account's number, by any route; the other columns stay readable", async () => {
    for (const [sql, params] of [
      [`SELECT account_number FROM subscriber_accounts`],
      [`SELECT * FROM subscriber_accounts`],
      [`SELECT a FROM subscriber_accounts a`],
      [`SELECT row_to_json(a) FROM subscriber_accounts a`],
      [`SELECT id FROM subscriber_accounts WHERE account_number = $1`, [accountNumber]],
      [`SELECT count(*) FROM subscriber_accounts WHERE account_number LIKE 'A%'`],
      [`SELECT id FROM subscriber_accounts ORDER BY account_number LIMIT 1`],
      [`COPY subscriber_accounts TO STDOUT`],
      [`COPY subscriber_accounts (account_number) TO STDOUT`],
      [`UPDATE subscriber_accounts SET regime = regime RETURNING account_number`],
      [`INSERT INTO subscriber_accounts (account_number, reference) VALUES ('X-1', 'SUB-X')`],
    ] as Array<[string, unknown[]?]>) {
      expect(await refused(ds, sql, params)).toMatch(
        /permission denied for table subscriber_accounts/,
      );
    }
    // Not through the planner's statistics either.
    await db.adminQuery(`ANALYZE subscriber_accounts`);
    const stats: unknown[] = await ds.query(
      `SELECT most_common_vals, histogram_bounds FROM pg_stats
        WHERE tablename = 'subscriber_accounts' AND attname = 'account_number'`,
    );
    expect(stats).toHaveLength(0);
    expect(
      await db.adminQuery(
        `SELECT 1 FROM pg_stats WHERE tablename = 'subscriber_accounts' AND attname = 'account_number'`,
      ),
    ).toHaveLength(1);
    // What attribution, the desk and the portal use is still there.
    const [row]: Array<Record<string, unknown>> = await ds.query(
      `SELECT id, reference, regime, created_at FROM subscriber_accounts WHERE id = $1`,
      [accountId],
    );
    expect(row.reference).toMatch(/^SUB-/);
    // The identity connection (the import, the subscriber export) reads it.
    expect(
      await app.get(IdentityService).readWithAccountNumber(accountId, {
        actor: systemActor('security-test'),
        purpose: 'check the identity role reads',
        fields: ['fullName'],
      }),
    ).toEqual({ accountNumber, identity: { fullName: 'Ottoline Hiddenhurst' } });
  });
});
