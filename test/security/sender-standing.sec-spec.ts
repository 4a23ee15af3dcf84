import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { Actors, seedActors, seedPeople } from '../support/fixtures';
import { seedAccounts } from '../support/lease-fixtures';
import { createNotice } from '../support/notice-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attacks: (1) a suspended or revoked sender still downloaded disclosure packages, created API
// keys and filed disclosure requests; (2) the package download was a GET that wrote an audit
// entry, a side effect a link, a prefetch or a cross-site image could trigger. Now standing is
// checked in the services (API and portal alike) and the download is a POST: bearer-only on
// the API, a CSRF-protected form in the portal.
const PASSWORD = 'standing password 1';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

jest.setTimeout(60_000);

describe('sender standing and the package download', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let people: Record<Role, string>;
  let noticeRef: string;
  let requestId: string;
  const http = () => request(app.getHttpServer());
  const bearer = (t: string) => `Bearer ${t}`;
  const setCookies = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? (raw as string[]) : [];
  };
  const pair = (c: string) => c.split(';')[0];
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const downloads = async () =>
    Number(
      (
        await app
          .get(DataSource)
          .query<Array<{ n: number }>>(
            `SELECT count(*)::int AS n FROM audit_log WHERE action = 'disclosure.package_downloaded'`,
          )
      )[0].n,
    );

  // Signed in through the portal, with a page open (its CSRF token bound to the session).
  async function portalSession(email: string): Promise<{ cookie: string; token: string }> {
    const page = await http().get('/portal/sign-in').expect(200);
    const csrf = setCookies(page).find((c) => c.startsWith('__Host-nr_csrf='))!;
    const res = await http()
      .post('/portal/sign-in')
      .set('Cookie', pair(csrf))
      .type('form')
      .send({ _csrf: tokenOf(page.text), email, password: PASSWORD, next: '/portal' })
      .expect(303);
    const session = pair(setCookies(res).find((c) => c.startsWith('nr_session='))!);
    const opened = await http()
      .get('/portal/api-keys')
      .set('Cookie', `${session}; ${pair(csrf)}`)
      .expect(200);
    const renewed = setCookies(opened).find((c) => c.startsWith('__Host-nr_csrf=')) ?? csrf;
    return { cookie: `${session}; ${pair(renewed)}`, token: tokenOf(opened.text) };
  }

  const newRequest = () => ({
    kind: 'subscriber_consent',
    issuingBody: 'Subscriber consent form',
    caseNumber: `CONSENT-${Math.random().toString(36).slice(2, 8)}`,
    noticeReferences: [noticeRef],
    allowedFields: ['fullName'],
    objectionWindowDays: 0,
  });
  const legal = (r: request.Test) => r.set('Authorization', bearer(actors.keys[Role.Legal]));
  const setStanding = (accreditation: string) =>
    http()
      .patch(`/api/v1/organisations/${actors.organisationId}/accreditation`)
      .set('Authorization', bearer(people[Role.Legal]))
      .send({ accreditation, note: `set to ${accreditation} by the attack suite` })
      .expect(200);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { PUBLIC_URL: 'https://portal.isp.example' }));
    actors = await seedActors(app);
    people = await seedPeople(app, actors.organisationId);
    await app.get(AccountsService).createUser({
      email: 'counsel@standing.example',
      displayName: 'Counsel',
      role: Role.Complainant,
      organisationId: actors.organisationId,
      password: PASSWORD,
    });
    await seedAccounts(app, [{ account: 'ACCT-ST-1', type: 'mac', id: 'ab:00:00:00:0f:01' }]);
    noticeRef = (
      await createNotice(app.get(DataSource), {
        organisationId: actors.organisationId,
        items: [{ account: 'ACCT-ST-1' }],
      })
    ).reference;
    // A produced package, the sender's own.
    const made = await http()
      .post('/api/v1/disclosure-requests')
      .set('Authorization', bearer(actors.keys[Role.Complainant]))
      .send(newRequest())
      .expect(201);
    requestId = (made.body as { id: string }).id;
    await http()
      .put(`/api/v1/disclosure-requests/${requestId}/document`)
      .set('Authorization', bearer(actors.keys[Role.Complainant]))
      .set('Content-Type', 'application/pdf')
      .send(PDF)
      .expect(200);
    const base = `/api/v1/legal/disclosure-requests/${requestId}`;
    await legal(http().post(`${base}/review`).send({ reason: 'checking' })).expect(200);
    await legal(
      http().post(`${base}/decision`).send({ decision: 'approve', reason: 'consent verified' }),
    ).expect(200);
    await legal(http().post(`${base}/produce`)).expect(200);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('downloads the package only by POST, each download audited; no GET writes anything', async () => {
    const portal = await portalSession('counsel@standing.example');
    const before = await downloads();
    // The old GET routes, and the portal page's address, write nothing and give nothing.
    const apiGet = await http()
      .get(`/api/v1/disclosure-requests/${requestId}/package`)
      .set('Authorization', bearer(actors.keys[Role.Complainant]));
    expect(apiGet.status).toBe(404);
    const portalGet = await http()
      .get(`/portal/disclosure-requests/${requestId}/package`)
      .set('Cookie', portal.cookie);
    expect(portalGet.status).toBe(404);
    expect(await downloads()).toBe(before);

    // The API's POST takes bearer credentials only: the portal's cookie does not download.
    const byCookie = await http()
      .post(`/api/v1/disclosure-requests/${requestId}/package`)
      .set('Cookie', portal.cookie);
    expect(byCookie.status).toBe(401);
    // The portal's form without its CSRF token is refused.
    const noToken = await http()
      .post(`/portal/disclosure-requests/${requestId}/package`)
      .set('Cookie', portal.cookie)
      .type('form')
      .send({ format: 'json' });
    expect(noToken.status).toBe(403);
    expect(await downloads()).toBe(before);

    const api = await http()
      .post(`/api/v1/disclosure-requests/${requestId}/package`)
      .set('Authorization', bearer(actors.keys[Role.Complainant]));
    expect(api.status).toBe(200);
    expect(api.headers['cache-control']).toBe('no-store');
    const form = await http()
      .post(`/portal/disclosure-requests/${requestId}/package`)
      .set('Cookie', portal.cookie)
      .type('form')
      .send({ _csrf: portal.token, format: 'json' });
    expect(form.status).toBe(200);
    expect(form.headers['content-disposition']).toMatch(/attachment/);
    expect(form.headers['content-type']).toMatch(/application\/json/);
    expect(await downloads()).toBe(before + 2);
  });

  // The three acts, through the API (a key and a person's bearer session) and the portal.
  async function attempts(portal: { cookie: string; token: string }, key: string, person: string) {
    const before = await downloads();
    const api = {
      key: await http()
        .post('/api/v1/api-keys')
        .set('Authorization', bearer(person))
        .send({ name: 'one more' }),
      keyByAdmin: await http()
        .post('/api/v1/api-keys')
        .set('Authorization', bearer(people[Role.Admin]))
        .send({ name: 'for them', role: 'complainant', organisationId: actors.organisationId }),
      request: await http()
        .post('/api/v1/disclosure-requests')
        .set('Authorization', bearer(key))
        .send(newRequest()),
      download: await http()
        .post(`/api/v1/disclosure-requests/${requestId}/package`)
        .set('Authorization', bearer(key)),
    };
    const page = {
      key: await http()
        .post('/portal/api-keys')
        .set('Cookie', portal.cookie)
        .type('form')
        .send({ _csrf: portal.token, name: 'one more', scopes: 'notices:submit' }),
      request: await http()
        .post('/portal/disclosure-requests')
        .set('Cookie', portal.cookie)
        .field('_csrf', portal.token)
        .field('kind', 'subscriber_consent')
        .field('issuingBody', 'Subscriber consent form')
        .field('caseNumber', 'CONSENT-PORTAL')
        .field('noticeReferences', noticeRef)
        .field('allowedFields', 'fullName')
        .field('objectionWindowDays', '0')
        .attach('document', PDF, { filename: 'order.pdf', contentType: 'application/pdf' }),
      download: await http()
        .post(`/portal/disclosure-requests/${requestId}/package`)
        .set('Cookie', portal.cookie)
        .type('form')
        .send({ _csrf: portal.token, format: 'html' }),
    };
    return { api, page, downloaded: (await downloads()) - before };
  }

  it('lets a suspended sender do none of the three, through the API or the portal', async () => {
    // In good standing first: the same calls work, so the refusals below are the standing's.
    const portalBefore = await portalSession('counsel@standing.example');
    const ok = await attempts(
      portalBefore,
      actors.keys[Role.Complainant],
      people[Role.Complainant],
    );
    expect([ok.api.key.status, ok.api.keyByAdmin.status, ok.api.request.status]).toEqual([
      201, 201, 201,
    ]);
    expect(ok.api.download.status).toBe(200);
    expect([ok.page.key.status, ok.page.request.status, ok.page.download.status]).toEqual([
      201, 303, 200,
    ]);
    expect(ok.downloaded).toBe(2);

    await setStanding('suspended');
    const portal = await portalSession('counsel@standing.example');
    const r = await attempts(portal, actors.keys[Role.Complainant], people[Role.Complainant]);
    for (const res of Object.values(r.api)) {
      expect(res.status).toBe(403);
      expect((res.body as { code: string }).code).toBe('sender_not_in_good_standing');
    }
    for (const res of Object.values(r.page)) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/A suspended sender cannot/);
    }
    expect(r.downloaded).toBe(0);
    // Reinstated, the sender has them back.
    await setStanding('accredited');
    const back = await http()
      .post(`/api/v1/disclosure-requests/${requestId}/package`)
      .set('Authorization', bearer(actors.keys[Role.Complainant]));
    expect(back.status).toBe(200);
  });

  it('lets a revoked sender do none of the three, even after signing in again', async () => {
    await setStanding('revoked');
    // Its keys and sessions ended with the revocation; its people can still sign in.
    const oldKey = await http()
      .post(`/api/v1/disclosure-requests/${requestId}/package`)
      .set('Authorization', bearer(actors.keys[Role.Complainant]));
    expect(oldKey.status).toBe(401);
    const login = await http()
      .post('/api/v1/auth/login')
      .send({ email: 'counsel@standing.example', password: PASSWORD })
      .expect(200);
    const session = (login.body as { token: string }).token;
    const portal = await portalSession('counsel@standing.example');
    const r = await attempts(portal, session, session);
    for (const res of Object.values(r.api)) {
      expect(res.status).toBe(403);
      expect((res.body as { code: string }).code).toBe('sender_not_in_good_standing');
    }
    for (const res of Object.values(r.page)) {
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/A revoked sender cannot/);
    }
    expect(r.downloaded).toBe(0);
  });
});
