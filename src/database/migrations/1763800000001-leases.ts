import { MigrationInterface, QueryRunner } from 'typeorm';

// Lease and NAT history (partitioned by month of `starts`, so retention drops partitions),
// subscriber accounts with their pseudonymous reference, and the identity store in its own
// schema, apart from lease data (MA-4).
export class Leases1763800000001 implements MigrationInterface {
  name = 'Leases1763800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE lease_sources (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        format text NOT NULL,
        time_zone text NOT NULL DEFAULT 'UTC',
        tolerance_seconds int NOT NULL DEFAULT 60 CHECK (tolerance_seconds BETWEEN 0 AND 3600),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE lease_imports (
        id bigserial PRIMARY KEY,
        source_id int NOT NULL REFERENCES lease_sources (id),
        file_name text NOT NULL,
        file_sha256 text,
        format text NOT NULL,
        status text NOT NULL CHECK (status IN ('running', 'completed', 'aborted', 'failed')),
        rows_read bigint NOT NULL DEFAULT 0,
        imported bigint NOT NULL DEFAULT 0,
        duplicates bigint NOT NULL DEFAULT 0,
        rejected bigint NOT NULL DEFAULT 0,
        problems jsonb NOT NULL DEFAULT '[]',
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE lease_bindings (
        id bigint GENERATED ALWAYS AS IDENTITY,
        source_id int NOT NULL,
        family smallint NOT NULL CHECK (family IN (4, 6)),
        ip inet NOT NULL,
        identifier_type text NOT NULL,
        identifier text NOT NULL,
        identifiers text[] NOT NULL DEFAULT '{}',
        -- The account's pseudonymous reference, resolved from the identifiers at import and
        -- again whenever the customer export changes a mapping: keeps the probe index-only.
        account_ref text,
        session_key text,
        nas inet,
        starts timestamptz NOT NULL,
        ends timestamptz,
        end_is_actual boolean NOT NULL DEFAULT false,
        confirmed_until timestamptz NOT NULL,
        close_reason text,
        import_id bigint,
        line_number int,
        raw text NOT NULL,
        raw_last text,
        PRIMARY KEY (id, starts)
      ) PARTITION BY RANGE (starts)`);
    await q.query(`
      CREATE INDEX lease_bindings_probe_idx ON lease_bindings (ip, starts DESC)
        INCLUDE (id, ends, confirmed_until, end_is_actual, account_ref, source_id)`);
    await q.query(
      `CREATE INDEX lease_bindings_session_idx ON lease_bindings (source_id, session_key) WHERE session_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX lease_bindings_open_nas_idx ON lease_bindings (nas) WHERE ends IS NULL AND nas IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE nat_pools (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        public_prefix cidr NOT NULL,
        inside_prefix cidr,
        port_min int NOT NULL DEFAULT 1024 CHECK (port_min BETWEEN 0 AND 65535),
        port_max int NOT NULL DEFAULT 65535 CHECK (port_max BETWEEN 0 AND 65535),
        block_size int NOT NULL CHECK (block_size BETWEEN 1 AND 65536),
        deterministic boolean NOT NULL DEFAULT false,
        quarantine_seconds int NOT NULL DEFAULT 120,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (port_min <= port_max),
        CHECK (NOT deterministic OR inside_prefix IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE nat_port_blocks (
        id bigint GENERATED ALWAYS AS IDENTITY,
        source_id int NOT NULL,
        public_ip inet NOT NULL,
        port_lo int NOT NULL,
        port_hi int NOT NULL,
        inside_ip inet NOT NULL,
        pool text,
        starts timestamptz NOT NULL,
        ends timestamptz,
        start_is_inferred boolean NOT NULL DEFAULT false,
        confirmed_until timestamptz NOT NULL,
        import_id bigint,
        line_number int,
        raw text NOT NULL,
        raw_last text,
        PRIMARY KEY (id, starts)
      ) PARTITION BY RANGE (starts)`);
    await q.query(`
      CREATE INDEX nat_port_blocks_probe_idx ON nat_port_blocks (public_ip, port_lo, starts DESC)
        INCLUDE (port_hi, ends, confirmed_until, inside_ip, source_id)`);
    await q.query(`
      CREATE TABLE subscriber_accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_number text NOT NULL UNIQUE,
        reference text NOT NULL UNIQUE,
        regime text NOT NULL DEFAULT 'generic',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE account_identifiers (
        id bigserial PRIMARY KEY,
        account_id uuid NOT NULL REFERENCES subscriber_accounts (id) ON DELETE CASCADE,
        identifier_type text NOT NULL,
        identifier text NOT NULL,
        valid_from timestamptz NOT NULL DEFAULT '-infinity',
        valid_until timestamptz NOT NULL DEFAULT 'infinity',
        UNIQUE (identifier_type, identifier, valid_from)
      )`);
    await q.query(`CREATE SCHEMA identity`);
    await q.query(`
      CREATE TABLE identity.subscribers (
        account_id uuid PRIMARY KEY REFERENCES subscriber_accounts (id) ON DELETE CASCADE,
        full_name text NOT NULL,
        email text,
        phone text,
        postal_address text,
        installation_address text,
        language text NOT NULL DEFAULT 'en',
        regime text NOT NULL DEFAULT 'generic',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA identity CASCADE`);
    await q.query(`DROP TABLE account_identifiers`);
    await q.query(`DROP TABLE subscriber_accounts`);
    await q.query(`DROP TABLE nat_port_blocks`);
    await q.query(`DROP TABLE nat_pools`);
    await q.query(`DROP TABLE lease_bindings`);
    await q.query(`DROP TABLE lease_imports`);
    await q.query(`DROP TABLE lease_sources`);
  }
}
