import { MigrationInterface, QueryRunner } from 'typeorm';

// Court-ordered blocking register (BO-1 to BO-5): orders, their targets, counsel's update
// requests and legal's decisions, the protected list, cost lines, imported tickets and the
// export serial. Resolver machines get API keys of their own role (never a person's role).
export class Blocking1796080000000 implements MigrationInterface {
  name = 'Blocking1796080000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
      CHECK (role IN ('complainant', 'abuse_desk', 'legal', 'admin', 'resolver'))`);
    await q.query(`
      CREATE TABLE blocking_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        status text NOT NULL CHECK (status IN ('submitted', 'confirmed', 'rejected')),
        court text NOT NULL,
        jurisdiction text NOT NULL,
        case_number text NOT NULL,
        order_date date NOT NULL,
        claimants text[] NOT NULL,
        isp_named text NOT NULL,
        measures text[] NOT NULL,
        implementation_days int NOT NULL CHECK (implementation_days BETWEEN 0 AND 365),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        cost_bearer text NOT NULL CHECK (cost_bearer IN ('rights_holders', 'isp', 'shared')),
        update_basis text NOT NULL CHECK (update_basis IN ('court_order', 'authority', 'agreement')),
        how_to_contest text NOT NULL,
        document bytea,
        document_sha256 text,
        document_size int,
        decided_at timestamptz,
        decided_by text,
        decision_reason text,
        created_by_kind text NOT NULL,
        created_by_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK ('dns' = ANY (measures) OR 'ip' = ANY (measures))
      )`);
    await q.query(`CREATE INDEX blocking_orders_ends_idx ON blocking_orders (ends_at)`);
    // The order document is frozen once stored: its bytes and hash never change.
    await q.query(`
      CREATE FUNCTION blocking_order_document_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.document_sha256 IS NOT NULL AND (NEW.document_sha256 IS DISTINCT FROM OLD.document_sha256
            OR NEW.document IS DISTINCT FROM OLD.document) THEN
          RAISE EXCEPTION 'blocking order % document is frozen', OLD.reference;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER blocking_order_document_frozen BEFORE UPDATE ON blocking_orders
      FOR EACH ROW EXECUTE FUNCTION blocking_order_document_frozen()`);
    await q.query(`
      CREATE TABLE blocking_event_windows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES blocking_orders (id) ON DELETE CASCADE,
        label text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(
      `CREATE INDEX blocking_event_windows_order_idx ON blocking_event_windows (order_id)`,
    );
    await q.query(`
      CREATE TABLE blocking_update_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        order_id uuid NOT NULL REFERENCES blocking_orders (id) ON DELETE RESTRICT,
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('fqdn', 'ip', 'cidr')),
        value text NOT NULL,
        mirror_of text NOT NULL,
        evidence jsonb NOT NULL,
        flags jsonb NOT NULL DEFAULT '[]',
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
        basis_kind text CHECK (basis_kind IN ('court_order', 'authority', 'agreement')),
        basis_reference text,
        refusal_ground text CHECK (refusal_ground IN
          ('no_basis', 'not_a_mirror', 'shared_infrastructure', 'expired', 'other')),
        decision_reason text,
        override_justification text,
        decided_at timestamptz,
        decided_by text,
        submitted_by_kind text NOT NULL,
        submitted_by_id text NOT NULL,
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX blocking_update_requests_queue_idx ON blocking_update_requests (status, submitted_at)`,
    );
    await q.query(`
      CREATE TABLE blocking_targets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES blocking_orders (id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN ('fqdn', 'ip', 'cidr')),
        value text NOT NULL,
        source text NOT NULL CHECK (source IN ('order', 'update', 'ticket')),
        update_request_id uuid REFERENCES blocking_update_requests (id) ON DELETE RESTRICT,
        ticket_id uuid,
        status text NOT NULL CHECK (status IN ('pending', 'active', 'refused')),
        refusal_reason text,
        override_justification text,
        override_by text,
        window_starts_at timestamptz,
        window_ends_at timestamptz,
        effective_from timestamptz,
        implement_by timestamptz,
        first_exported_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (order_id, kind, value)
      )`);
    await q.query(`CREATE INDEX blocking_targets_value_idx ON blocking_targets (value)`);
    await q.query(`
      CREATE TABLE blocking_protected (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('fqdn', 'cidr', 'asn')),
        value text NOT NULL,
        asn bigint,
        note text NOT NULL DEFAULT '',
        source text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (kind, value)
      )`);
    await q.query(`
      CREATE TABLE blocking_costs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        order_id uuid NOT NULL REFERENCES blocking_orders (id) ON DELETE RESTRICT,
        incurred_on date NOT NULL,
        description text NOT NULL,
        hours numeric(10, 2) NOT NULL DEFAULT 0 CHECK (hours >= 0),
        amount_cents bigint NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
        currency text NOT NULL DEFAULT 'EUR',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX blocking_costs_order_idx ON blocking_costs (order_id)`);
    await q.query(`
      CREATE TABLE blocking_tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id text NOT NULL UNIQUE,
        reporter text NOT NULL,
        order_id uuid REFERENCES blocking_orders (id) ON DELETE RESTRICT,
        reported_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        processed_at timestamptz NOT NULL,
        items jsonb NOT NULL,
        imported_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE blocking_export_state (
        id int PRIMARY KEY CHECK (id = 1),
        serial bigint NOT NULL,
        content_sha256 text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blocking_export_state`);
    await q.query(`DROP TABLE blocking_tickets`);
    await q.query(`DROP TABLE blocking_costs`);
    await q.query(`DROP TABLE blocking_protected`);
    await q.query(`DROP TABLE blocking_targets`);
    await q.query(`DROP TABLE blocking_update_requests`);
    await q.query(`DROP TABLE blocking_event_windows`);
    await q.query(`DROP TABLE blocking_orders`);
    await q.query(`DROP FUNCTION blocking_order_document_frozen()`);
    await q.query(`DELETE FROM api_keys WHERE role = 'resolver'`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check`);
    await q.query(`ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
      CHECK (role IN ('complainant', 'abuse_desk', 'legal', 'admin'))`);
  }
}
