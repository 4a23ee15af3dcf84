import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1763800000000 implements MigrationInterface {
  name = 'Accounts1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('rights_holder', 'vendor', 'law_firm')),
        accreditation text NOT NULL DEFAULT 'pending'
          CHECK (accreditation IN ('pending', 'accredited', 'suspended', 'revoked')),
        accreditation_note text,
        contact_email text,
        postal_address text,
        sender_addresses text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name))`);
    await q.query(`
      CREATE TABLE represented_owners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
        owner_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX represented_owners_key ON represented_owners (organisation_id, lower(owner_name))`,
    );
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('complainant', 'abuse_desk', 'legal', 'admin')),
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        password_hash text,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        disabled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_complainant_has_org CHECK ((role = 'complainant') = (organisation_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('complainant', 'abuse_desk', 'legal', 'admin')),
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_keys_complainant_has_org CHECK ((role = 'complainant') = (organisation_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX api_keys_organisation_idx ON api_keys (organisation_id)`);
    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE represented_owners`);
    await q.query(`DROP TABLE organisations`);
  }
}
