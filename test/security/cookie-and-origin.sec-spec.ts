import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { Actors, seedActors } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { listen, send } from './attack-client';

// Attack: with only legal's session cookie and a foreign Origin, a disclosure was reviewed,
// approved and produced through the JSON API, with form bodies. The cookie now serves the
// portal (CSRF tokens) and only reads on the API; a foreign Origin is refused wherever a cookie
// authenticates; JSON routes refuse forms; no GET writes anything.
const uuid = '00000000-0000-4000-8000-000000000000';

describe('cookie, origin and side effects', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  let actors: Actors;
  let cookie: string;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    base = await listen(app);
    actors = await seedActors(app);
    await app.get(AccountsService).createUser({
      email: 'legal@isp.example',
      displayName: 'Legal',
      role: Role.Legal,
      password: 'legal password 123',
    });
    const login = await send(
      base,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'legal@isp.example', password: 'legal password 123' }),
    );
    expect(login.status).toBe(200);
    token = JSON.parse(login.body).token;
    cookie = String(login.headers['set-cookie']).split(';')[0];
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const decide = (headers: Record<string, string>, body: string) =>
    send(base, 'POST', `/api/v1/legal/disclosure-requests/${uuid}/decision`, headers, body);

  it('refuses the cookie on state-changing API routes, with or without an Origin', async () => {
    const body = JSON.stringify({ decision: 'approve', reason: 'forged' });
    for (const origin of [{ origin: 'https://evil.example' }, {} as Record<string, string>]) {
      const res = await decide({ cookie, 'content-type': 'application/json', ...origin }, body);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body).code).toBe('auth_cookie_not_accepted');
    }
    for (const step of ['review', 'produce']) {
      const res = await send(
        base,
        'POST',
        `/api/v1/legal/disclosure-requests/${uuid}/${step}`,
        { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
        '{}',
      );
      expect(res.status).toBe(401);
    }
    // The same request with the bearer token reaches the handler (no such request: 404).
    const bearer = await decide(
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    );
    expect(bearer.status).toBe(404);
  });

  it('refuses form bodies on the API even with bearer credentials', async () => {
    const res = await decide(
      { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      'decision=approve&reason=forged',
    );
    expect(res.status).toBe(415);
  });

  it('refuses a cookie-authenticated read from a foreign origin', async () => {
    const own = await send(base, 'GET', '/api/v1/auth/me', { cookie });
    expect(own.status).toBe(200);
    const foreign = await send(base, 'GET', '/api/v1/auth/me', {
      cookie,
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).code).toBe('auth_foreign_origin');
    const crossSite = await send(base, 'GET', '/api/v1/auth/me', {
      cookie,
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    // A null Origin (a sandboxed frame) counts as ours only with Sec-Fetch-Site: same-origin.
    const nullOrigin = await send(base, 'GET', '/api/v1/auth/me', { cookie, origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const ownNull = await send(base, 'GET', '/api/v1/auth/me', {
      cookie,
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(ownNull.status).toBe(200);
  });

  it('refuses a portal form post from a foreign origin', async () => {
    const res = await send(
      base,
      'POST',
      '/portal/legal/identity',
      {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      'subscriberRef=SUB-1&purpose=forged',
    );
    expect(res.status).toBe(403);
  });

  it('opens an identity only by POST, audited and never cached', async () => {
    const get = await send(
      base,
      'GET',
      '/api/v1/legal/subscribers/SUB-NONE/identity?purpose=look',
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(get.status).toBe(404);
    const post = await send(
      base,
      'POST',
      '/api/v1/legal/subscribers/SUB-NONE/identity',
      { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      JSON.stringify({ purpose: 'check the match' }),
    );
    expect(post.status).toBe(404); // no such subscriber; the route is there
    expect(post.headers['cache-control']).toBe('no-store');
  });

  it('writes nothing to the audit log on any GET route of the API', async () => {
    const ds = app.get(DataSource);
    const count = async () =>
      Number((await ds.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n);
    const doc = JSON.parse((await send(base, 'GET', '/api/docs/openapi.json', {})).body) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const before = await count();
    let calls = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.get) continue;
      const concrete = path.replace(/\{[^}]+\}/g, uuid) + '?purpose=sweep&format=json';
      for (const key of [token, actors.keys[Role.Admin], actors.keys[Role.Complainant]]) {
        const res = await send(base, 'GET', concrete, { authorization: `Bearer ${key}` });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) expect(res.headers['cache-control']).toMatch(/no-store/);
        calls++;
      }
    }
    expect(calls).toBeGreaterThan(30);
    expect(await count()).toBe(before);
  });
});
