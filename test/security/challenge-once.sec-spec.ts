import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { systemActor } from '../../src/modules/identity/audit.types';
import { ChallengeService } from '../../src/modules/messaging/challenges/challenge.service';
import { seedSentWarning } from '../support/challenge-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attack (issue #16, low): one signed challenge link accepted unlimited challenges, even after
// the desk had decided. Now one challenge per warning, held by a unique index, and every later
// visit shows the first challenge's status.
describe('a challenge link takes one challenge', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let config: AppConfig;
  const count = async (messageId: string) =>
    (
      await ds.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM challenges WHERE message_id = $1`,
        [messageId],
      )
    )[0].n;
  const post = (path: string, ground: string, statement: string) =>
    request(app.getHttpServer()).post(path).type('form').send({ ground, statement });

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, { MODE: 'api' });
    app = await createTestApp(config);
    ds = app.get(DataSource);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('refuses a second challenge and shows the first one instead', async () => {
    const w = await seedSentWarning(app, config.secretKey, { regime: 'us', language: 'en' });
    const first = await post(w.path, 'wrong_account', 'I did not have Internet service then.');
    expect(first.status).toBe(200);
    const reference = /CH-\d{6}/.exec(first.text)?.[0];
    expect(reference).toBeDefined();
    const second = await post(w.path, 'licence', 'Trying again with another ground here.');
    expect(second.status).toBe(409);
    expect(second.text).toContain(reference);
    expect(second.text).toContain('Being reviewed');
    expect(await count(w.messageId)).toBe(1);
    // The form is not offered again on a later visit.
    const visit = await request(app.getHttpServer()).get(w.path);
    expect(visit.status).toBe(200);
    expect(visit.text).not.toContain('<form');
    expect(visit.text).toContain(reference);
  });

  it('lets exactly one of many simultaneous challenges through', async () => {
    const w = await seedSentWarning(app, config.secretKey, { regime: 'generic', language: 'en' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(w.path, 'other', `Simultaneous challenge number ${i} from one link.`),
      ),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(11);
    expect(await count(w.messageId)).toBe(1);
  });

  it('refuses a challenge after the decision, and the database refuses a second row', async () => {
    const w = await seedSentWarning(app, config.secretKey, { regime: 'fr', language: 'fr' });
    expect((await post(w.path, 'unauthorised_use', 'Un voisin utilisait mon Wi-Fi.')).status).toBe(
      200,
    );
    const [{ id }] = await ds.query<Array<{ id: string }>>(
      `SELECT id FROM challenges WHERE message_id = $1`,
      [w.messageId],
    );
    await app.get(ChallengeService).decide(id, 'rejected', 'no evidence', systemActor('test'));
    const after = await post(w.path, 'licence', 'Après la décision, une nouvelle tentative.');
    expect(after.status).toBe(409);
    expect(after.text).toContain('Rejetée');
    expect(await count(w.messageId)).toBe(1);
    // Below the service: the unique index holds even for a direct insert.
    await expect(
      ds.query(
        `INSERT INTO challenges (message_id, ground, statement) VALUES ($1, 'other', 'direct')`,
        [w.messageId],
      ),
    ).rejects.toThrow(/challenges_one_per_message/);
    // Nothing about the subscriber or the sender's people on any of these pages.
    for (const page of [after.text, (await request(app.getHttpServer()).get(w.path)).text]) {
      for (const secret of w.secrets) expect(page).not.toContain(secret);
    }
  });
});
