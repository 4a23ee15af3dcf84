import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PrivateRedis } from '../support/redis-server';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('health and readiness', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    app = await createTestApp(testConfig(db.url, { REDIS_URL: redis.url }));
  });
  afterAll(async () => {
    await app?.close();
    await redis?.stop();
    await db?.drop();
  });

  it('is live and ready while PostgreSQL and Redis answer', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details).toEqual({ database: { status: 'up' }, redis: { status: 'up' } });
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
