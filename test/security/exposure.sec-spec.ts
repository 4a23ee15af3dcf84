import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attacks: /metrics (identity-read counts) was public by default; the CSP allowed inline
// scripts everywhere, the portal included.
describe('exposure', () => {
  let db: TestDatabase;
  let open: INestApplication;
  let guarded: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    open = await createTestApp(testConfig(db.url));
    guarded = await createTestApp(testConfig(db.url, { METRICS_TOKEN: 'scrape-token-0123456789' }));
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await guarded?.close();
    await db?.drop();
  });

  it('serves /metrics outside development only with the configured token', async () => {
    const none = await request(open.getHttpServer()).get('/metrics');
    expect(none.status).toBe(403);
    expect(none.body.code).toBe('metrics_token_required');
    await request(guarded.getHttpServer()).get('/metrics').expect(401);
    await request(guarded.getHttpServer())
      .get('/metrics')
      .set('Authorization', 'Bearer wrong-token-0123456789')
      .expect(401);
    await request(guarded.getHttpServer())
      .get('/metrics')
      .set('Authorization', 'Bearer scrape-token-0123456789')
      .expect(200);
  });

  it('allows no inline script on the portal, only on Swagger UI and Bull Board', async () => {
    const portal = await request(open.getHttpServer()).get('/portal/sign-in');
    const csp = String(portal.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toMatch(/style-src[^;]*unsafe-inline/);
    const docs = await request(open.getHttpServer()).get('/api/docs');
    expect(String(docs.headers['content-security-policy'])).toMatch(
      /script-src[^;]*'unsafe-inline'/,
    );
  });
});
