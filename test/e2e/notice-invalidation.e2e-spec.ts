import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/roles';
import { WarningDigestService } from '../../src/modules/messaging/warning-digest.service';
import { Actors, seedActors } from '../support/fixtures';
import {
  seedAttributedNotice,
  SeededNotice,
  SeededSubscriber,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// ER-3 over HTTP: the desk marks a notice invalid and its strikes are withdrawn.
describe('desk: marking a notice invalid', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let ds: DataSource;
  let sub: SeededSubscriber;
  let notice: SeededNotice;
  const http = () => request(app.getHttpServer());
  const path = (ref: string) => `/api/v1/desk/notices/${ref}/invalidate`;

  beforeAll(async () => {
    db = await createTestDatabase();
    // The test runs the digest itself; nothing is sent.
    app = await createTestApp(
      testConfig(db.url, { MAIL_DIGEST_WINDOW_SECONDS: '0', MAIL_POLL_MS: '600000' }),
    );
    actors = await seedActors(app);
    ds = app.get(DataSource);
    sub = await seedSubscriber(ds, subscribersRepository(app), {
      regime: 'us',
      language: 'en',
      name: 'Quentin Undisclosed',
      email: 'quentin.undisclosed@subscriber.example',
    });
    notice = await seedAttributedNotice(ds, {
      organisationId: actors.organisationId,
      subscriber: sub,
      regime: 'us',
      items: 2,
    });
    await app.get(WarningDigestService).runOnce();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('is for staff only and needs a reason', async () => {
    const asSender = await http()
      .post(path(notice.reference))
      .set('Authorization', `Bearer ${actors.keys[Role.Complainant]}`)
      .send({ reason: 'mine' });
    expect(asSender.status).toBe(403);
    const noReason = await http()
      .post(path(notice.reference))
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`)
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((noReason.body as { errors: Array<{ field: string }> }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'reason' })]),
    );
  });

  it('withdraws the strikes, says how many, and refuses a second time with 409', async () => {
    const res = await http()
      .post(path(notice.reference))
      .set('Authorization', `Bearer ${actors.keys[Role.Legal]}`)
      .send({ reason: 'the sender confirmed the time was local, not UTC' });
    expect(res.status).toBe(200);
    const body = res.body as { withdrawnStrikes: number; notice: { status: string } };
    expect(body.withdrawnStrikes).toBe(2);
    expect(body.notice.status).toBe('rejected');
    // Identity never appears in the desk's answer.
    expect(res.text).not.toContain(sub.name);
    expect(res.text).not.toContain(sub.email);
    const active: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM strikes
        WHERE subscriber_account_id = $1 AND withdrawn_at IS NULL`,
      [sub.accountId],
    );
    expect(active[0].n).toBe(0);

    const again = await http()
      .post(path(notice.reference))
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`)
      .send({ reason: 'again' });
    expect(again.status).toBe(409);
    expect((again.body as { code: string }).code).toBe('notice_not_accepted');
    const missing = await http()
      .post(path('NR-NO-SUCH-NOTICE'))
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`)
      .send({ reason: 'x' });
    expect(missing.status).toBe(404);
  });
});
