import { MigrationInterface, QueryRunner } from 'typeorm';

// One challenge per warning (issue #19, issue #16 "a challenge link accepts unlimited
// challenges"): the database refuses a second one, whatever the service does. Each challenge
// gets a reference the subscriber can quote (CH-000001). Challenges already received twice for
// one message are kept: the later ones are marked as duplicates of the first, not deleted.
export class ChallengeOnce1796150000000 implements MigrationInterface {
  name = 'ChallengeOnce1796150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE challenge_reference_seq`);
    await q.query(`
      ALTER TABLE challenges
        ADD COLUMN reference text,
        ADD COLUMN duplicate_of uuid REFERENCES challenges (id) ON DELETE SET NULL`);
    await q.query(`
      UPDATE challenges c SET reference = 'CH-' || lpad(r.n::text, 6, '0')
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM challenges) r
       WHERE r.id = c.id`);
    await q.query(`
      SELECT setval('challenge_reference_seq', greatest(count(*), 1), count(*) > 0)
        FROM challenges`);
    await q.query(`
      ALTER TABLE challenges
        ALTER COLUMN reference SET DEFAULT 'CH-' || lpad(nextval('challenge_reference_seq')::text, 6, '0'),
        ALTER COLUMN reference SET NOT NULL,
        ADD CONSTRAINT challenges_reference_key UNIQUE (reference)`);
    await q.query(`ALTER SEQUENCE challenge_reference_seq OWNED BY challenges.reference`);
    await q.query(`
      UPDATE challenges c SET duplicate_of = f.id
        FROM (SELECT DISTINCT ON (message_id) message_id, id
                FROM challenges ORDER BY message_id, created_at, id) f
       WHERE c.message_id = f.message_id AND c.id <> f.id`);
    await q.query(`
      CREATE UNIQUE INDEX challenges_one_per_message ON challenges (message_id)
        WHERE duplicate_of IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX challenges_one_per_message`);
    await q.query(`
      ALTER TABLE challenges
        DROP CONSTRAINT challenges_reference_key,
        DROP COLUMN duplicate_of,
        DROP COLUMN reference`);
    await q.query(`DROP SEQUENCE IF EXISTS challenge_reference_seq`);
  }
}
