import { Client } from 'pg';
import { APP_ROLE, IDENTITY_ROLE } from './role-names';

// Least-privilege database roles (issue 16; README, "Database roles"; docs/decisions.md).
//  - the owner runs the migrations and owns every table, function and schema;
//  - the service role (APP_ROLE) has SELECT, INSERT, UPDATE, DELETE on the public schema's
//    tables, but only SELECT and INSERT on the append-only tables, only some columns of the
//    tables in SERVICE_COLUMN_TABLES, no TRUNCATE anywhere, no CREATE on any schema and no
//    access to the identity schema;
//  - the identity role (IDENTITY_ROLE) is IdentityService's own connection: the identity schema,
//    SELECT and INSERT on the append-only tables (each identity read writes its audit entry in
//    the same transaction) and the subscriber accounts it writes with the identity on import.
// Tables created by later migrations get the service role's DML through default privileges
// (ALTER DEFAULT PRIVILEGES FOR ROLE <owner>); a table that needs less (append-only) is listed
// here and its migration revokes what it must not have.

export type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

// SELECT and INSERT only, for both roles: no UPDATE, DELETE or TRUNCATE even with the trigger off.
export const APPEND_ONLY_TABLES = ['audit_log', 'audit_checkpoints'] as const;

// Read-only for both roles: the owner writes them in migrations.
export const READ_ONLY_TABLES = ['audit_chain_start'] as const;

// What the identity role may do outside its own schema, beside the append-only tables.
export const IDENTITY_ROLE_TABLES: Record<string, string> = {
  subscriber_accounts: 'SELECT, INSERT, UPDATE',
  account_identifiers: 'SELECT, INSERT, UPDATE',
};

// Public tables with an identity-bearing column: the service role reads only the columns named
// here and may DELETE rows, nothing else (no table-wide SELECT, no INSERT or UPDATE; the
// subscriber import writes them on the identity connection). A column added later stays
// unreadable to the service role until it is listed. subscriber_accounts.account_number is the
// ISP's own customer number, which names the subscriber in the billing system (issue 16).
export const SERVICE_COLUMN_TABLES: Record<string, readonly string[]> = {
  subscriber_accounts: ['id', 'reference', 'regime', 'created_at'],
};

// Functions run with the owner's rights that the service role may call (leases: monthly
// partitions are created and dropped by the import and retention, which cannot own tables).
export const SERVICE_FUNCTIONS = [
  'lease_partition_ensure(text, timestamptz)',
  'lease_partition_drop(text)',
] as const;

export const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function exists(query: Query, regclass: string): Promise<boolean> {
  const rows = await query(`SELECT to_regclass($1) IS NOT NULL AS found`, [regclass]);
  return rows[0]?.found === true;
}

async function schemaExists(query: Query, name: string): Promise<boolean> {
  return (await query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [name])).length > 0;
}

// The grants on objects (idempotent). Run by the migration that introduced the roles (as the
// owner) and by `db:roles` (as a superuser, FOR ROLE the owner), before or after the tables exist.
export async function applyObjectPrivileges(query: Query, owner: string): Promise<void> {
  const o = ident(owner);
  const app = ident(APP_ROLE);
  const idn = ident(IDENTITY_ROLE);
  const run = (sql: string) => query(sql);

  if (await schemaExists(query, 'identity')) {
    await run(`REVOKE ALL ON SCHEMA identity FROM PUBLIC`);
    await run(`REVOKE ALL ON SCHEMA identity FROM ${app}`);
    await run(`GRANT USAGE ON SCHEMA identity TO ${idn}`);
    await run(`REVOKE ALL ON ALL TABLES IN SCHEMA identity FROM PUBLIC, ${app}`);
    // A table moved in from public (SET SCHEMA) keeps its sequence's grants: drop them too.
    await run(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA identity FROM PUBLIC, ${app}`);
    await run(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA identity TO ${idn}`);
    await run(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA identity TO ${idn}`);
    await run(`ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA identity
                 GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${idn}`);
    await run(`ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA identity
                 GRANT USAGE, SELECT ON SEQUENCES TO ${idn}`);
  }

  await run(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app}`);
  await run(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}, ${idn}`);
  await run(`ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA public
               GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await run(`ALTER DEFAULT PRIVILEGES FOR ROLE ${o} IN SCHEMA public
               GRANT USAGE, SELECT ON SEQUENCES TO ${app}, ${idn}`);

  // The migrations' own bookkeeping is the owner's alone.
  if (await exists(query, 'public.schema_migrations')) {
    await run(`REVOKE ALL ON schema_migrations FROM ${app}, ${idn}`);
  }
  for (const t of APPEND_ONLY_TABLES) {
    if (!(await exists(query, `public.${t}`))) continue;
    await run(`REVOKE ALL ON ${ident(t)} FROM PUBLIC, ${app}, ${idn}`);
    await run(`GRANT SELECT, INSERT ON ${ident(t)} TO ${app}, ${idn}`);
  }
  for (const t of READ_ONLY_TABLES) {
    if (!(await exists(query, `public.${t}`))) continue;
    await run(`REVOKE ALL ON ${ident(t)} FROM PUBLIC, ${app}, ${idn}`);
    await run(`GRANT SELECT ON ${ident(t)} TO ${app}, ${idn}`);
  }
  for (const [t, columns] of Object.entries(SERVICE_COLUMN_TABLES)) {
    if (!(await exists(query, `public.${t}`))) continue;
    // Revoking the table's SELECT also revokes any column grants; then the listed columns.
    await run(`REVOKE SELECT, INSERT, UPDATE ON ${ident(t)} FROM PUBLIC, ${app}`);
    await run(`GRANT SELECT (${columns.map(ident).join(', ')}) ON ${ident(t)} TO ${app}`);
  }
  for (const [t, privileges] of Object.entries(IDENTITY_ROLE_TABLES)) {
    if (await exists(query, `public.${t}`))
      await run(`GRANT ${privileges} ON ${ident(t)} TO ${idn}`);
  }
  for (const f of SERVICE_FUNCTIONS) {
    const found = await query(`SELECT to_regprocedure($1) IS NOT NULL AS found`, [`public.${f}`]);
    if (found[0]?.found !== true) continue;
    await run(`REVOKE ALL ON FUNCTION ${f} FROM PUBLIC`);
    await run(`GRANT EXECUTE ON FUNCTION ${f} TO ${app}`);
  }
}

// The service and identity roles must exist before the migration that grants to them. A
// superuser running the migrations (benchmarks, an old deployment) gets them as NOLOGIN roles;
// `db:roles` makes them able to log in.
export async function ensureGranteeRoles(query: Query): Promise<void> {
  const me = await query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  for (const role of [APP_ROLE, IDENTITY_ROLE]) {
    const found = await query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
    if (found.length) continue;
    if (me[0]?.rolsuper !== true) {
      throw new Error(
        `database role ${role} is missing: run \`notice-relay db:roles\` (with DATABASE_ADMIN_URL naming a superuser) before migrating`,
      );
    }
    await createRoleTolerant(query, role, 'NOLOGIN');
  }
}

// CREATE ROLE that accepts a concurrent creation of the same role (roles are cluster-wide, and
// parallel test runs or processes may create them at once).
async function createRoleTolerant(query: Query, role: string, attributes: string): Promise<void> {
  try {
    await query(
      `CREATE ROLE ${ident(role)} WITH NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ${attributes}`,
    );
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== '42710' && code !== '23505') throw e;
  }
}

interface RoleUrl {
  user: string;
  password: string | null;
  database: string;
}

function parseRoleUrl(url: string, variable: string): RoleUrl {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!user) throw new Error(`${variable} names no user`);
  if (!database) throw new Error(`${variable} names no database`);
  return { user, password: u.password ? decodeURIComponent(u.password) : null, database };
}

export interface RoleUrls {
  url: string;
  identityUrl: string;
  migrationUrl: string;
  adminUrl: string;
}

// One lock for every `db:roles` on the cluster (advisory locks are per database; all runs take
// it in the admin URL's database), so concurrent runs do not race on ALTER ROLE.
const ROLE_SETUP_LOCK = 7_341_120_161;

// The three roles' logins, all in one database.
interface RolePlan {
  owner: RoleUrl;
  app: RoleUrl;
  idn: RoleUrl;
  database: string;
}

function planRoles(urls: RoleUrls): RolePlan {
  const owner = parseRoleUrl(urls.migrationUrl, 'MIGRATION_DATABASE_URL');
  const app = parseRoleUrl(urls.url, 'DATABASE_URL');
  const idn = parseRoleUrl(urls.identityUrl, 'IDENTITY_DATABASE_URL');
  if (new Set([owner.database, app.database, idn.database]).size !== 1) {
    throw new Error(
      'DATABASE_URL, IDENTITY_DATABASE_URL and MIGRATION_DATABASE_URL must name the same database',
    );
  }
  if (new Set([owner.user, app.user, idn.user]).size !== 3) {
    throw new Error(
      'DATABASE_URL, IDENTITY_DATABASE_URL and MIGRATION_DATABASE_URL must name three different users',
    );
  }
  return { owner, app, idn, database: owner.database };
}

// Runs `fn` on its own connection, closed afterwards whatever happens.
async function withConnection<T>(url: string, fn: (query: Query) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(
      async (sql, params) => (await client.query<Record<string, unknown>>(sql, params)).rows,
    );
  } finally {
    await client.end();
  }
}

// Creates (or brings up to date) the three roles, the database owned by the owner, and the
// privileges, as a superuser. Idempotent; safe to run concurrently. Returns what it did.
export async function setupDatabaseRoles(urls: RoleUrls): Promise<string[]> {
  const done: string[] = [];
  const plan = planRoles(urls);
  await withConnection(urls.adminUrl, (query) => setupClusterRoles(query, plan, done));
  const target = new URL(urls.adminUrl);
  target.pathname = `/${encodeURIComponent(plan.database)}`;
  await withConnection(target.toString(), (q) => setupPrivileges(q, plan.owner.user, done));
  const { owner, app, idn, database } = plan;
  done.push(
    `roles ready: owner ${owner.user}, service ${app.user}, identity ${idn.user} (database ${database})`,
  );
  return done;
}

// On the cluster, under one lock: the roles, and the database owned by the owner.
async function setupClusterRoles(query: Query, plan: RolePlan, done: string[]): Promise<void> {
  const me = await query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`);
  if (me[0]?.rolsuper !== true) {
    throw new Error('DATABASE_ADMIN_URL must name a superuser (it creates roles)');
  }
  await query(`SELECT pg_advisory_lock($1)`, [ROLE_SETUP_LOCK]);
  try {
    await ensureRole(query, plan.owner, done);
    for (const [group, login] of [
      [APP_ROLE, plan.app],
      [IDENTITY_ROLE, plan.idn],
    ] as const) {
      if (login.user === group) {
        await ensureRole(query, login, done);
      } else {
        const groupRole = { user: group, password: null, database: plan.database };
        await ensureRole(query, groupRole, done, false);
        await ensureRole(query, login, done);
        await query(`GRANT ${ident(group)} TO ${ident(login.user)}`);
      }
    }
    await ensureDatabase(query, plan.database, plan.owner.user, done);
  } finally {
    await query(`SELECT pg_advisory_unlock($1)`, [ROLE_SETUP_LOCK]);
  }
}

async function ensureDatabase(
  query: Query,
  database: string,
  owner: string,
  done: string[],
): Promise<void> {
  const db = await query(
    `SELECT pg_get_userdba.rolname AS owner FROM pg_database d
       JOIN pg_roles pg_get_userdba ON pg_get_userdba.oid = d.datdba WHERE d.datname = $1`,
    [database],
  );
  if (db.length === 0) {
    try {
      await query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
      done.push(`created database ${database}`);
    } catch (e) {
      if ((e as { code?: string }).code !== '42P04') throw e;
    }
  } else if (db[0].owner !== owner) {
    await query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
    done.push(`database ${database} now owned by ${owner}`);
  }
}

// Inside the database, in one transaction: ownership to the owner, schema and object privileges.
async function setupPrivileges(q: Query, owner: string, done: string[]): Promise<void> {
  try {
    await q('BEGIN');
    const moved = await transferOwnership(q, owner);
    if (moved) done.push(`${moved} object(s) now owned by ${owner}`);
    await q(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q(`GRANT USAGE, CREATE ON SCHEMA public TO ${ident(owner)}`);
    await q(`GRANT USAGE ON SCHEMA public TO ${ident(APP_ROLE)}, ${ident(IDENTITY_ROLE)}`);
    await applyObjectPrivileges(q, owner);
    await q('COMMIT');
  } catch (e) {
    await q('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function ensureRole(query: Query, r: RoleUrl, done: string[], login = true): Promise<void> {
  const found = await query(
    `SELECT rolsuper, rolcanlogin, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = $1`,
    [r.user],
  );
  const password = r.password === null ? '' : ` PASSWORD '${r.password.replace(/'/g, "''")}'`;
  if (found.length === 0) {
    await createRoleTolerant(query, r.user, `${login ? 'LOGIN' : 'NOLOGIN'}${password}`);
    done.push(`created role ${r.user}`);
    return;
  }
  const role = found[0];
  if (role.rolsuper || role.rolcreaterole || role.rolcreatedb || role.rolbypassrls) {
    throw new Error(
      `role ${r.user} is a superuser or may create roles or databases or bypass row security: give the service roles of their own`,
    );
  }
  if ((login && !role.rolcanlogin) || password) {
    await query(`ALTER ROLE ${ident(r.user)} WITH ${login ? 'LOGIN' : 'NOLOGIN'}${password}`);
  }
}

// An existing deployment migrated as a superuser: its tables, functions and the identity schema
// pass to the owner (objects of extensions and sequences owned by a column follow on their own).
async function transferOwnership(q: Query, owner: string): Promise<number> {
  const o = ident(owner);
  let moved = 0;
  const relations = await q(
    `SELECT c.relkind::text AS kind, format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'identity') AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        AND pg_get_userbyid(c.relowner) <> $1
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND (d.deptype = 'e'
                            OR (d.deptype IN ('a', 'i') AND d.refobjid <> c.oid)))`,
    [owner],
  );
  const kinds: Record<string, string> = { S: 'SEQUENCE', v: 'VIEW', m: 'MATERIALIZED VIEW' };
  for (const r of relations) {
    await q(`ALTER ${kinds[r.kind as string] ?? 'TABLE'} ${r.name as string} OWNER TO ${o}`);
    moved++;
  }
  const functions = await q(
    `SELECT p.oid::regprocedure::text AS name FROM pg_proc p
       JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname IN ('public', 'identity') AND pg_get_userbyid(p.proowner) <> $1
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')`,
    [owner],
  );
  for (const f of functions) {
    await q(`ALTER FUNCTION ${f.name as string} OWNER TO ${o}`);
    moved++;
  }
  const schema = await q(
    `SELECT 1 FROM pg_namespace WHERE nspname = 'identity' AND pg_get_userbyid(nspowner) <> $1`,
    [owner],
  );
  if (schema.length) {
    await q(`ALTER SCHEMA identity OWNER TO ${o}`);
    moved++;
  }
  return moved;
}
