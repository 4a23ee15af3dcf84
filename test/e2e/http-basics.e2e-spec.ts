import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../../src/common/roles';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Actors, seedActors } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const METRICS_TOKEN = 'metrics-token-for-the-test';

describe('HTTP basics', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { METRICS_TOKEN }));
    actors = await seedActors(app);
    await app.get(AccountsService).createUser({
      email: 'desk@isp.example',
      displayName: 'Desk',
      role: Role.AbuseDesk,
      password: 'desk password 123',
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/organisations',
        '/api/v1/api-keys/{id}',
        '/health/ready',
      ]),
    );
    await request(app.getHttpServer()).get('/api/docs').expect(200).expect('content-type', /html/);
  });

  it('sets security headers and echoes or creates a request id', async () => {
    const res = await request(app.getHttpServer())
      .get('/health/live')
      .set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
    const gen = await request(app.getHttpServer())
      .get('/health/live')
      .set('X-Request-Id', 'bad id with spaces');
    expect(gen.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers validation failures with problem+json naming each field', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/organisations')
      .set('Authorization', `Bearer ${actors.keys[Role.Admin]}`)
      .send({ name: 'X', kind: 'pirate', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.type).toBe('urn:notice-relay:problem:validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'property extra should not exist' },
        expect.objectContaining({ field: 'name' }),
        expect.objectContaining({ field: 'kind' }),
      ]),
    );
    expect(res.body.requestId).toBeDefined();
  });

  it('answers malformed JSON and unknown routes with problem+json', async () => {
    const bad = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .set('content-type', 'application/json')
      .send('{"email":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    const missing = await request(app.getHttpServer())
      .get('/api/v1/nothing-here')
      .set('Authorization', `Bearer ${actors.keys[Role.Admin]}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
  });

  it('signs in with a password, uses the cookie session, and signs out', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent
      .post('/api/v1/auth/login')
      .send({ email: 'desk@isp.example', password: 'desk password 123' })
      .expect(200);
    expect(login.body.principal.role).toBe('abuse_desk');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/nr_session=nrs_/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    await agent.get('/api/v1/auth/me').expect(200);
    await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(200);
    // The cookie reads the API but does not change state there: sign out with the bearer token.
    await agent.post('/api/v1/auth/logout').expect(401);
    await request(app.getHttpServer())
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(204);
    await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${login.body.token}`)
      .expect(401);
  });

  it('does not tell a wrong password from an unknown account', async () => {
    const a = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: 'desk@isp.example', password: 'wrong' });
    const b = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ email: 'ghost@isp.example', password: 'wrong' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.detail).toBe(b.body.detail);
  });

  it('exposes Prometheus metrics with request counts and queue depths', async () => {
    await request(app.getHttpServer()).get('/health/live');
    const res = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(res.text).toMatch(
      /notice_relay_http_requests_total\{method="GET",route="\/health\/live",status="200"\} \d+/,
    );
    expect(res.text).toMatch(/notice_relay_http_request_duration_seconds_bucket/);
    expect(res.text).toMatch(/notice_relay_queue_jobs\{queue="maintenance",state="waiting"\} \d+/);
  });

  it('serves the queue dashboard to an admin', async () => {
    const res = await request(app.getHttpServer())
      .get('/admin/queues')
      .set('Authorization', `Bearer ${actors.keys[Role.Admin]}`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<html/i);
  });
});
