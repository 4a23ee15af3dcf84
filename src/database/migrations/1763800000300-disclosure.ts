import { MigrationInterface, QueryRunner } from 'typeorm';

// Disclosure requests (DR-1 to DR-6), their recorded transitions, produced packages, legal
// holds and Canadian "proceedings started" notes (RA-1, RA-6).
export class Disclosure1763800000300 implements MigrationInterface {
  name = 'Disclosure1763800000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE disclosure_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- What the requester and legal staff quote; never derived from subscriber data.
        reference text NOT NULL UNIQUE,
        -- NULL for a request entered by legal staff that names no known organisation.
        organisation_id uuid REFERENCES organisations (id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN
          ('us_subpoena', 'us_court_order', 'us_512h_subpoena', 'ca_norwich_order',
           'fr_arcom_identification', 'subscriber_consent', 'other')),
        channel text NOT NULL CHECK (channel IN ('api', 'paper')),
        issuing_body text NOT NULL,
        case_number text NOT NULL,
        notice_references text[] NOT NULL,
        allowed_fields text[] NOT NULL,
        -- Days the subscriber has to object once told (DR-2): from the order, not a constant.
        objection_window_days int NOT NULL CHECK (objection_window_days BETWEEN 0 AND 365),
        received_at timestamptz NOT NULL,
        respond_by timestamptz,
        status text NOT NULL CHECK (status IN
          ('received', 'under_review', 'approved', 'refused', 'on_hold', 'subscriber_notified',
           'waiting_window', 'produced', 'withdrawn')),
        refusal_grounds text[],
        window_ends_at timestamptz,
        motion_pending boolean NOT NULL DEFAULT false,
        document bytea,
        document_sha256 text,
        document_size int,
        created_by_kind text NOT NULL,
        created_by_id text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX disclosure_requests_org_idx ON disclosure_requests (organisation_id, received_at DESC)`,
    );
    await q.query(
      `CREATE INDEX disclosure_requests_queue_idx ON disclosure_requests (status, respond_by)`,
    );
    await q.query(`
      CREATE TABLE disclosure_request_notices (
        request_id uuid NOT NULL REFERENCES disclosure_requests (id) ON DELETE CASCADE,
        notice_id uuid NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
        PRIMARY KEY (request_id, notice_id)
      )`);
    await q.query(
      `CREATE INDEX disclosure_request_notices_notice_idx ON disclosure_request_notices (notice_id)`,
    );
    await q.query(`
      CREATE TABLE disclosure_transitions (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES disclosure_requests (id) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        actor_kind text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        at timestamptz NOT NULL,
        reason text NOT NULL,
        grounds text[]
      )`);
    await q.query(
      `CREATE INDEX disclosure_transitions_request_idx ON disclosure_transitions (request_id, id)`,
    );
    // The produced package: the disclosed copy, purged with its request's retention.
    await q.query(`
      CREATE TABLE disclosure_packages (
        request_id uuid PRIMARY KEY REFERENCES disclosure_requests (id) ON DELETE CASCADE,
        content jsonb,
        html text,
        sha256 text NOT NULL,
        produced_at timestamptz NOT NULL,
        purged_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE legal_holds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text NOT NULL CHECK (subject_type IN ('notice', 'account', 'request')),
        subject_id uuid NOT NULL,
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        released_at timestamptz,
        released_by text,
        release_reason text
      )`);
    await q.query(
      `CREATE INDEX legal_holds_active_idx ON legal_holds (subject_type, subject_id) WHERE released_at IS NULL`,
    );
    // RA-1: a claimant's note that it started proceedings extends retention to one year.
    await q.query(`
      CREATE TABLE notice_proceedings (
        notice_id uuid PRIMARY KEY REFERENCES notices (id) ON DELETE CASCADE,
        noted_at timestamptz NOT NULL,
        noted_by text NOT NULL,
        note text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_proceedings`);
    await q.query(`DROP TABLE legal_holds`);
    await q.query(`DROP TABLE disclosure_packages`);
    await q.query(`DROP TABLE disclosure_transitions`);
    await q.query(`DROP TABLE disclosure_request_notices`);
    await q.query(`DROP TABLE disclosure_requests`);
  }
}
