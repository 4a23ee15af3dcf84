import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, IDENTITY_ROLE } from '../role-names';
import { applyObjectPrivileges, ensureGranteeRoles, ident, Query } from '../roles';

// Least-privilege database roles (issue 16). The migrations run as the owner; the service runs
// as notice_relay_app, which owns nothing, may not CREATE in any schema and so cannot ALTER a
// table or switch a trigger off, has only SELECT and INSERT on the audit log and its
// checkpoints, and cannot see the identity schema, which only notice_relay_identity (the
// connection IdentityService uses) reads. See src/database/roles.ts for the grants, which
// default privileges extend to the tables of later migrations.
//
// The lease import creates a month's partitions as it goes and retention drops old ones: both
// need ownership, so they go through two functions that run with the owner's rights and do
// only that, on the two partitioned tables.
export class LeastPrivilegeRoles1796110000000 implements MigrationInterface {
  name = 'LeastPrivilegeRoles1796110000000';

  async up(q: QueryRunner): Promise<void> {
    const query: Query = (sql, params) => q.query(sql, params);
    await ensureGranteeRoles(query);
    await q.query(`
      CREATE FUNCTION lease_partition_ensure(parent text, in_month timestamptz) RETURNS text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        month_start timestamptz := date_trunc('month', in_month AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
        part text;
      BEGIN
        IF parent NOT IN ('lease_bindings', 'nat_port_blocks') THEN
          RAISE EXCEPTION 'not a partitioned lease table: %', parent
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        part := parent || '_y' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY')
                || 'm' || to_char(month_start AT TIME ZONE 'UTC', 'MM');
        EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
          part, parent, month_start, month_start + interval '1 month');
        RETURN part;
      END $$`);
    await q.query(`
      CREATE FUNCTION lease_partition_drop(part text) RETURNS void
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relname = part AND n.nspname = 'public'
             AND p.relname IN ('lease_bindings', 'nat_port_blocks')) THEN
          RAISE EXCEPTION 'not a lease partition: %', part
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        EXECUTE format('DROP TABLE %I', part);
      END $$`);
    const [{ owner }] = (await q.query(`SELECT current_user AS owner`)) as Array<{
      owner: string;
    }>;
    await applyObjectPrivileges(query, owner);
  }

  async down(q: QueryRunner): Promise<void> {
    const app = ident(APP_ROLE);
    const idn = ident(IDENTITY_ROLE);
    await q.query(`DROP FUNCTION lease_partition_drop(text)`);
    await q.query(`DROP FUNCTION lease_partition_ensure(text, timestamptz)`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public
                     REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${app}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public
                     REVOKE USAGE, SELECT ON SEQUENCES FROM ${app}, ${idn}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA identity
                     REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${idn}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA identity
                     REVOKE USAGE, SELECT ON SEQUENCES FROM ${idn}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${app}, ${idn}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${app}, ${idn}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA identity FROM ${idn}`);
    await q.query(`REVOKE ALL ON SCHEMA identity FROM ${idn}`);
  }
}
