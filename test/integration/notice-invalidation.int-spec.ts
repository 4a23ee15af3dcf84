import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { IntakeErrorCode } from '../../src/modules/intake/intake.errors';
import { NoticeInvalidationService } from '../../src/modules/intake/notice-invalidation.service';
import { WarningDigestService } from '../../src/modules/messaging/warning-digest.service';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import {
  seedAttributedNotice,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { PrivateRedis } from '../support/redis-server';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// ER-3: strikes from a notice later found invalid are withdrawn, automatically, in the same
// commit that marks the notice invalid.
describe('a notice found invalid after the fact', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let ctx: INestApplicationContext;
  let ds: DataSource;
  let subscribers: SubscribersRepository;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    ctx = await NestFactory.createApplicationContext(
      AppModule.forRoot(
        testConfig(db.url, {
          MODE: 'worker',
          REDIS_URL: redis.url,
          MAIL_DIGEST_WINDOW_SECONDS: '0',
          // The test drives the digest itself; nothing is sent.
          MAIL_POLL_MS: '600000',
        }),
      ),
      { logger: false },
    );
    await ctx.init();
    ds = ctx.get(DataSource);
    subscribers = subscribersRepository(ctx);
    orgId = await seedOrganisation(ds, 'Invalidation Vendor');
  });

  afterAll(async () => {
    await ctx?.close();
    await redis?.stop();
    await db?.drop();
  });

  const strikesOf = (accountId: string) =>
    ds.query<
      Array<{ notice_id: string; withdrawn_at: Date | null; withdrawn_reason: string | null }>
    >(
      `SELECT notice_id, withdrawn_at, withdrawn_reason FROM strikes
        WHERE subscriber_account_id = $1 ORDER BY counted_at, id`,
      [accountId],
    );

  it('withdraws the strikes of that notice only, stops its waiting items, and keeps the record', async () => {
    const s = await seedSubscriber(ds, subscribers, { regime: 'us', language: 'en' });
    const bad = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'us',
      items: 2,
    });
    const good = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'us',
    });
    // The digest counts three strikes (two from the bad notice) in one warning.
    await ctx.get(WarningDigestService).runOnce();
    expect(await strikesOf(s.accountId)).toHaveLength(3);
    // A later item of the bad notice, attributed but not yet messaged.
    const late: Array<{ id: string }> = await ds.query(
      `INSERT INTO notice_items (notice_id, position, ip, port, observed_at, status,
         attribution_outcome, subscriber_account_id, subscriber_ref, regime, attributed_at)
       VALUES ($1, 9, '198.51.100.10', 51413, now(), 'attributed', 'unique', $2, $3, 'us', now())
       RETURNING id`,
      [bad.noticeId, s.accountId, s.reference],
    );

    const r = await ctx
      .get(NoticeInvalidationService)
      .invalidate(bad.reference, 'observation time was local time, not UTC');
    expect(r.withdrawnStrikes).toBe(2);
    expect(r.notice).toMatchObject({ reference: bad.reference, status: 'rejected' });

    const strikes = await strikesOf(s.accountId);
    const ofBad = strikes.filter((x) => x.notice_id === bad.noticeId);
    const ofGood = strikes.filter((x) => x.notice_id === good.noticeId);
    // Withdrawn strikes stay on record with the reason; the other notice's strike still counts.
    expect(ofBad).toHaveLength(2);
    for (const x of ofBad) {
      expect(x.withdrawn_at).toBeInstanceOf(Date);
      expect(x.withdrawn_reason).toBe(
        'notice invalidated: observation time was local time, not UTC',
      );
    }
    expect(ofGood).toEqual([expect.objectContaining({ withdrawn_at: null })]);

    const notice: Array<{ status: string; refusal_code: string; refusal_reason: string }> =
      await ds.query(`SELECT status, refusal_code, refusal_reason FROM notices WHERE id = $1`, [
        bad.noticeId,
      ]);
    expect(notice[0]).toEqual({
      status: 'rejected',
      refusal_code: 'invalidated',
      refusal_reason: 'observation time was local time, not UTC',
    });
    // The waiting item is never forwarded; the digest has nothing left for this account.
    const item: Array<{ status: string; reason_code: string }> = await ds.query(
      `SELECT status, reason_code FROM notice_items WHERE id = $1`,
      [late[0].id],
    );
    expect(item[0]).toEqual({ status: 'not_forwarded', reason_code: 'notice_invalidated' });
    const before: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE subscriber_account_id = $1`,
      [s.accountId],
    );
    await ctx.get(WarningDigestService).runOnce();
    const after: Array<{ n: number }> = await ds.query(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE subscriber_account_id = $1`,
      [s.accountId],
    );
    expect(after[0].n).toBe(before[0].n);
    // The warning also covers the good notice: it still goes out.
    const first: Array<{ status: string }> = await ds.query(
      `SELECT status FROM outbound_messages WHERE subscriber_account_id = $1`,
      [s.accountId],
    );
    expect(first).toEqual([{ status: 'pending' }]);

    // The next notice counts from the one remaining strike: 2 strikes, still stage 1 in the US
    // table (stage 2 starts at 3).
    await seedAttributedNotice(ds, { organisationId: orgId, subscriber: s, regime: 'us' });
    await ctx.get(WarningDigestService).runOnce();
    const stages: Array<{ stage: number }> = await ds.query(
      `SELECT stage FROM outbound_messages WHERE subscriber_account_id = $1 ORDER BY created_at`,
      [s.accountId],
    );
    expect(stages.map((x) => x.stage)).toEqual([2, 1]);
  });

  it('refuses a notice that is not accepted, and an unknown reference, changing nothing', async () => {
    const s = await seedSubscriber(ds, subscribers, { regime: 'generic', language: 'en' });
    const n = await seedAttributedNotice(ds, {
      organisationId: orgId,
      subscriber: s,
      regime: 'generic',
    });
    await ctx.get(WarningDigestService).runOnce();
    const service = ctx.get(NoticeInvalidationService);
    await service.invalidate(n.reference, 'sender withdrew it');
    // Its warning, not sent yet and about this notice alone, is not sent at all.
    const msgs: Array<{ status: string; last_error: string }> = await ds.query(
      `SELECT status, last_error FROM outbound_messages WHERE subscriber_account_id = $1`,
      [s.accountId],
    );
    expect(msgs).toEqual([{ status: 'cancelled', last_error: 'notice_invalidated' }]);
    // Twice: the second is a conflict and withdraws nothing more.
    await expect(service.invalidate(n.reference, 'again')).rejects.toMatchObject({
      code: IntakeErrorCode.NotAccepted,
    });
    const strikes = await strikesOf(s.accountId);
    expect(strikes).toEqual([
      expect.objectContaining({ withdrawn_reason: 'notice invalidated: sender withdrew it' }),
    ]);
    await expect(service.invalidate('NR-NO-SUCH', 'x')).rejects.toMatchObject({
      code: IntakeErrorCode.NotFound,
    });
  });
});
