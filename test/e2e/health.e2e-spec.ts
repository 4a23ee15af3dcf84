import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PrivateRedis } from '../support/redis-server';
import { waitFor } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// /metrics needs a token outside development (issue 16).
const METRICS_TOKEN = 'metrics-token-for-the-health-test';

describe('health and readiness', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    app = await createTestApp(testConfig(db.url, { REDIS_URL: redis.url, METRICS_TOKEN }));
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('is live and ready while PostgreSQL and Redis answer', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({
      database: { status: 'up' },
      redis: { status: 'up' },
      pipeline: { status: 'up', stranded: false },
    });
  });

  it('reports the pending work and whether the worker sweeps run, in readiness and /metrics', async () => {
    // MODE=all: this process runs the sweeps; each records its runs in PostgreSQL.
    const ready = await waitFor('sweeps recorded', async () => {
      const res = await request(app.getHttpServer()).get('/health/ready');
      const sweeps = res.body.details?.pipeline?.sweeps as Record<string, { running: boolean }>;
      return sweeps && Object.values(sweeps).every((s) => s.running) && res.body;
    });
    expect(Object.keys(ready.details.pipeline.sweeps).sort()).toEqual([
      'attribution',
      'mail-recovery',
      'mail-relay',
    ]);
    expect(ready.details.pipeline.pending).toEqual({});
    const metrics = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(metrics.text).toMatch(
      /notice_relay_pending_oldest_seconds\{table="outbound_messages",state="sending"\} 0/,
    );
    expect(metrics.text).toMatch(/notice_relay_sweep_running\{sweep="mail-relay"\} 1/);
    expect(metrics.text).toMatch(/notice_relay_mail_possible_duplicates 0/);
  });

  it('reports a stopped Redis as not ready, and ready again once it is back', async () => {
    await redis.stop();
    const down = await request(app.getHttpServer()).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(down.body.code).toBe('not_ready');
    expect(down.body.checks.redis.status).toBe('down');
    expect(down.body.checks.database.status).toBe('up');
    // Liveness does not depend on Redis: restarting the process would not help.
    await request(app.getHttpServer()).get('/health/live').expect(200);

    await redis.start();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(app.getHttpServer()).get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(200);
  });
});
