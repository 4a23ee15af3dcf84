import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { IDENTITY_ROLE } from '../../src/database/role-names';
import { PrivateRedis } from '../support/redis-server';
import { waitFor } from '../support/smtp-sink';
import { TcpProxy } from '../support/tcp-proxy';
import { createTestApp } from '../support/test-app';
import { asRole, testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// /metrics needs a token outside development (issue 16).
const METRICS_TOKEN = 'metrics-token-for-the-health-test';

describe('health and readiness', () => {
  let db: TestDatabase;
  let redis: PrivateRedis;
  let app: INestApplication;
  // The identity connection (IDENTITY_DATABASE_URL) goes through a relay the spec can cut, so
  // it fails while the service's own connection keeps answering.
  let identityLink: TcpProxy;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await PrivateRedis.create();
    const pg = new URL(db.url);
    identityLink = await TcpProxy.start({ host: pg.hostname, port: Number(pg.port || 5432) });
    app = await createTestApp(
      testConfig(db.url, {
        REDIS_URL: redis.url,
        METRICS_TOKEN,
        IDENTITY_DATABASE_URL: identityLink.via(asRole(db.url, IDENTITY_ROLE)),
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await identityLink?.stop();
    await redis?.stop();
    await db?.drop();
  });

  const readyAgain = async () => {
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(app.getHttpServer()).get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    return status;
  };

  it('is live and ready while PostgreSQL (both connections) and Redis answer', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    const res = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(res.body.details).toMatchObject({
      database: { status: 'up' },
      identity_database: { status: 'up' },
      redis: { status: 'up' },
      pipeline: { status: 'up', stranded: false },
    });
  });

  it('reports the identity connection down as not ready, naming it, and ready once it is back', async () => {
    await identityLink.stop();
    const down = await request(app.getHttpServer()).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(down.body).toMatchObject({
      code: 'not_ready',
      detail: 'Not ready: identity_database down',
    });
    expect(down.body.checks.identity_database.status).toBe('down');
    expect(down.body.checks.database.status).toBe('up');
    expect(down.body.checks.redis.status).toBe('up');
    await request(app.getHttpServer()).get('/health/live').expect(200);

    await identityLink.start();
    expect(await readyAgain()).toBe(200);
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
    expect(down.body.detail).toBe('Not ready: redis down');
    expect(down.body.checks.redis.status).toBe('down');
    expect(down.body.checks.database.status).toBe('up');
    expect(down.body.checks.identity_database.status).toBe('up');
    // Liveness does not depend on Redis: restarting the process would not help.
    await request(app.getHttpServer()).get('/health/live').expect(200);

    await redis.start();
    expect(await readyAgain()).toBe(200);
  });
});
