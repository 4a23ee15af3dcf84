import { MigrationInterface, QueryRunner } from 'typeorm';

// PostgreSQL is the only record of pending mail work (issue #17); Redis only carries it.
// - claim_id: the claim a 'sending' row belongs to. Only that claim may mark the row handed to
//   SMTP, so a row given back to 'pending' (its worker died before handing it over) is never sent
//   by the old claim too.
// - handed_at: written, durably, just before the message's bytes go to SMTP. A 'sending' row
//   without it was never sent (back to pending); with it and no acknowledgement, the outcome is
//   unknown.
// - heartbeat_at: a live worker refreshes its claims; a claim whose heartbeat stops is recovered.
// - next_attempt_at: when a 'failed' row is due again (the retry schedule lives here, not in Bull).
// - possible_duplicate: the row was sent again after a send whose SMTP reply was lost.
export class DurableOutbox1796070000000 implements MigrationInterface {
  name = 'DurableOutbox1796070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbound_messages
        ADD COLUMN claim_id uuid,
        ADD COLUMN handed_at timestamptz,
        ADD COLUMN heartbeat_at timestamptz,
        ADD COLUMN next_attempt_at timestamptz,
        ADD COLUMN possible_duplicate boolean NOT NULL DEFAULT false`);
    // The sweeps look at unfinished rows only; finished rows are the bulk of the table.
    await q.query(`
      CREATE INDEX outbound_messages_unfinished_idx ON outbound_messages (status, created_at)
        WHERE status IN ('pending', 'queued', 'sending', 'failed')`);
    // Sends that may have reached the subscriber twice, counted by /metrics.
    await q.query(`
      CREATE INDEX outbound_messages_possible_duplicate_idx ON outbound_messages (sent_at)
        WHERE possible_duplicate`);
    // Each sweep of the workers (relay, recovery, attribution) records when it last ran, so
    // readiness and /metrics in any process can tell whether the sweeps run.
    await q.query(`
      CREATE TABLE sweep_runs (
        sweep text PRIMARY KEY,
        ran_at timestamptz NOT NULL,
        worker text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sweep_runs`);
    await q.query(`DROP INDEX outbound_messages_possible_duplicate_idx`);
    await q.query(`DROP INDEX outbound_messages_unfinished_idx`);
    await q.query(`
      ALTER TABLE outbound_messages
        DROP COLUMN possible_duplicate,
        DROP COLUMN next_attempt_at,
        DROP COLUMN heartbeat_at,
        DROP COLUMN handed_at,
        DROP COLUMN claim_id`);
  }
}
