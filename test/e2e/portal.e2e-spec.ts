import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { PERSON_ROLES, Role } from '../../src/common/roles';
import { Actors, seedActors } from '../support/fixtures';
import { seedAccounts } from '../support/lease-fixtures';
import { accountId, createNotice } from '../support/notice-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const PASSWORD = 'e2e-portal-password-1';

// The portal over plain HTTP, as a browser without JavaScript uses it, behind an https
// PUBLIC_URL (so cookies must be Secure).
describe('portal over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;

  const setCookies = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? (raw as string[]) : [];
  };
  const cookiePair = (c: string) => c.split(';')[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { PUBLIC_URL: 'https://portal.isp.example' }));
    actors = await seedActors(app);
    await app.get(AccountsService).createUser({
      email: 'desk-e2e@isp.example',
      displayName: 'Desk E2E',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    for (const role of PERSON_ROLES) {
      await app.get(AccountsService).createUser({
        email: `matrix-${role}@isp.example`,
        displayName: `Matrix ${role}`,
        role,
        organisationId: role === Role.Complainant ? actors.organisationId : null,
        password: PASSWORD,
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function signIn(
    email = 'desk-e2e@isp.example',
  ): Promise<{ session: string; csrfCookie: string }> {
    const page = await request(app.getHttpServer()).get('/portal/sign-in').expect(200);
    const csrfCookie = setCookies(page).find((c) => c.startsWith('__Host-nr_csrf='))!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await request(app.getHttpServer())
      .post('/portal/sign-in')
      .set('Cookie', cookiePair(csrfCookie))
      .type('form')
      .send({ _csrf: token, email, password: PASSWORD, next: '/portal' })
      .expect(303);
    expect(res.headers.location).toBe('/portal');
    const session = setCookies(res).find((c) => c.startsWith('nr_session='))!;
    return { session, csrfCookie };
  }

  it('serves HTML pages with a CSP that allows only its own stylesheet and no script', async () => {
    const res = await request(app.getHttpServer()).get('/portal/sign-in').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/style-src 'self'/);
    expect(csp).toMatch(/form-action 'self'/);
    expect(res.text).not.toMatch(/<script|style="/);
    const css = await request(app.getHttpServer()).get('/portal/assets/portal.css').expect(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
  });

  it('sets Secure, httpOnly, SameSite=Strict cookies when PUBLIC_URL is https', async () => {
    const page = await request(app.getHttpServer()).get('/portal/sign-in').expect(200);
    const csrf = setCookies(page).find((c) => c.startsWith('__Host-nr_csrf='));
    expect(csrf).toMatch(/; Secure/);
    expect(csrf).toMatch(/; HttpOnly/);
    expect(csrf).toMatch(/; SameSite=Strict/);
    const { session } = await signIn();
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
  });

  it('works as plain form posts: sign in, open a page, sign out', async () => {
    const { session, csrfCookie } = await signIn();
    const cookies = `${cookiePair(session)}; ${cookiePair(csrfCookie)}`;
    const imports = await request(app.getHttpServer())
      .get('/portal/desk/lease-imports')
      .set('Cookie', cookies)
      .expect(200);
    expect(imports.text).toContain('No lease logs have been imported yet.');
    expect(imports.headers['cache-control']).toBe('no-store');
    const token = /name="_csrf" value="([^"]+)"/.exec(imports.text)![1];
    // The page may have renewed the CSRF cookie for the new session.
    const renewed = setCookies(imports).find((c) => c.startsWith('__Host-nr_csrf='));
    const out = await request(app.getHttpServer())
      .post('/portal/sign-out')
      .set('Cookie', `${cookiePair(session)}; ${cookiePair(renewed ?? csrfCookie)}`)
      .type('form')
      .send({ _csrf: token })
      .expect(303);
    expect(out.headers.location).toBe('/portal/sign-in?signedOut=1');
    await request(app.getHttpServer())
      .get('/portal/desk/lease-imports')
      .set('Cookie', cookies)
      .expect(303)
      .expect('Location', '/portal/sign-in?next=%2Fportal%2Fdesk%2Flease-imports');
  });

  it('answers an unknown portal address with an HTML 404 page once signed in', async () => {
    await request(app.getHttpServer())
      .get('/portal/no-such-page')
      .expect(303)
      .expect('Location', '/portal/sign-in?next=%2Fportal%2Fno-such-page');
    const { session } = await signIn();
    const res = await request(app.getHttpServer())
      .get('/portal/no-such-page')
      .set('Cookie', cookiePair(session));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Page not found');
  });

  it('refuses a sign-in post without the CSRF token and cookie', async () => {
    const res = await request(app.getHttpServer())
      .post('/portal/sign-in')
      .type('form')
      .send({ email: 'desk-e2e@isp.example', password: PASSWORD })
      .expect(403);
    expect(res.text).toContain('This form could not be verified');
    expect(setCookies(res).some((c) => c.startsWith('nr_session='))).toBe(false);
  });

  // Each role's menu links all open (200); every other portal page answers 403.
  it.each(PERSON_ROLES)('offers %s exactly the pages it may open', async (role) => {
    const pages = [
      '/portal/api-keys',
      '/portal/desk/lease-imports',
      '/portal/desk/attribution',
      '/portal/legal/audit',
      '/portal/disclosure-requests',
      '/portal/legal/disclosure',
      '/portal/legal/identity',
      '/portal/legal/holds',
      '/portal/legal/senders',
      '/portal/admin/organisations',
      '/portal/admin/users',
    ];
    const { session } = await signIn(`matrix-${role}@isp.example`);
    const cookie = cookiePair(session);
    const home = await request(app.getHttpServer())
      .get('/portal')
      .set('Cookie', cookie)
      .expect(200);
    const menu = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home.text)![0];
    const offered = [...menu.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(offered[0]).toBe('/portal');
    for (const path of pages) {
      const res = await request(app.getHttpServer()).get(path).set('Cookie', cookie);
      expect([path, res.status]).toEqual([path, offered.includes(path) ? 200 : 403]);
    }
  });

  it('does not open portal pages to API keys', async () => {
    const res = await request(app.getHttpServer())
      .get('/portal')
      .set('Authorization', `Bearer ${actors.keys[Role.Admin]}`)
      .expect(303);
    expect(res.headers.location).toBe('/portal/sign-in?next=%2Fportal');
  });

  it('does not follow a sign-in "next" outside the portal', async () => {
    const page = await request(app.getHttpServer())
      .get('/portal/sign-in?next=https%3A%2F%2Fevil.example%2F')
      .expect(200);
    expect(page.text).toContain('name="next" value="/portal"');
  });

  it('answers a role mismatch with an HTML 403 page, not JSON', async () => {
    const { session, csrfCookie } = await signIn();
    const res = await request(app.getHttpServer())
      .get('/portal/api-keys')
      .set('Cookie', `${cookiePair(session)}; ${cookiePair(csrfCookie)}`);
    // The desk role has no API keys page.
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('You do not have access to this page');
  });
});

// Disclosure requests through the portal: counsel sends an order PDF with the multipart form,
// legal staff review it, and counsel never sees who the subscriber is.
describe('portal disclosure pages over HTTP', () => {
  const SECRET = { name: 'Ottoline Brankovic-Hale', email: 'ottoline.bh@subscriber.example' };
  const ACCOUNT = 'ACCT-OBH-7';
  const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let ownNotices: string[];
  let otherNotice: string;
  let subscriberRef: string;
  let accountUuid: string;
  const counselPages: string[] = [];
  const created: Record<string, string> = {};

  interface Session {
    cookie: string;
    token: string;
  }
  const http = () => request(app.getHttpServer());
  const setCookies = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? (raw as string[]) : [];
  };
  const pair = (c: string) => c.split(';')[0];
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

  // Signs in and opens a page, which issues the CSRF token bound to the new session.
  async function signIn(email: string, landing: string): Promise<Session> {
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
      .get(landing)
      .set('Cookie', `${session}; ${pair(csrf)}`);
    expect(opened.status).toBe(200);
    const renewed = setCookies(opened).find((c) => c.startsWith('__Host-nr_csrf=')) ?? csrf;
    return { cookie: `${session}; ${pair(renewed)}`, token: tokenOf(opened.text) };
  }

  const counselGet = async (s: Session, path: string) => {
    const res = await http().get(path).set('Cookie', s.cookie);
    counselPages.push(res.text ?? '', JSON.stringify(res.headers));
    return res;
  };

  const submit = (s: Session, fields: Record<string, string | string[]>, doc: Buffer | null) => {
    let r = http().post('/portal/disclosure-requests').set('Cookie', s.cookie);
    for (const [k, v] of Object.entries(fields)) {
      for (const one of Array.isArray(v) ? v : [v]) r = r.field(k, one);
    }
    if (doc)
      r = r.attach('document', doc, { filename: 'order.pdf', contentType: 'application/pdf' });
    return r;
  };

  const validFields = (s: Session, caseNumber: string, refs: string) => ({
    _csrf: s.token,
    kind: 'ca_norwich_order',
    issuingBody: 'Federal Court of Canada',
    caseNumber,
    noticeReferences: refs,
    allowedFields: ['fullName', 'postalAddress'],
    objectionWindowDays: '14',
    respondBy: '2030-01-31',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { PUBLIC_URL: 'https://portal.isp.example' }));
    actors = await seedActors(app);
    const accounts = app.get(AccountsService);
    for (const [email, role, org] of [
      ['counsel@vendor.example', Role.Complainant, actors.organisationId],
      ['other-counsel@other.example', Role.Complainant, actors.otherOrganisationId],
      ['legal@isp.example', Role.Legal, null],
    ] as const) {
      await accounts.createUser({
        email,
        displayName: email,
        role,
        organisationId: org,
        password: PASSWORD,
      });
    }
    const refs = await seedAccounts(app, [
      { account: ACCOUNT, type: 'mac', id: 'ab:00:00:00:07:01', ...SECRET },
    ]);
    subscriberRef = refs[ACCOUNT];
    const ds = app.get(DataSource);
    accountUuid = await accountId(ds, ACCOUNT);
    ownNotices = [];
    for (let i = 0; i < 3; i++) {
      const n = await createNotice(ds, {
        organisationId: actors.organisationId,
        items: [{ account: ACCOUNT, cgnat: i === 0 }],
      });
      ownNotices.push(n.reference);
    }
    otherNotice = (
      await createNotice(ds, {
        organisationId: actors.otherOrganisationId,
        items: [{ account: ACCOUNT }],
      })
    ).reference;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('shows counsel an empty list, then refuses a form without its CSRF token', async () => {
    const s = await signIn('counsel@vendor.example', '/portal/disclosure-requests');
    const list = await counselGet(s, '/portal/disclosure-requests');
    expect(list.text).toContain('has not sent any disclosure requests yet');
    const menu = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(list.text)![0];
    expect(menu).toContain('href="/portal/disclosure-requests"');
    expect(menu).not.toContain('/portal/legal/disclosure');
    const fields: Record<string, string | string[]> = validFields(s, 'T-NOCSRF', ownNotices[0]);
    delete fields._csrf;
    const refused = await submit(s, fields, PDF);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('This form could not be verified');
    const forged = await submit(s, { ...fields, _csrf: 'forged-token' }, PDF);
    expect(forged.status).toBe(403);
    const after = await counselGet(s, '/portal/disclosure-requests');
    expect(after.text).toContain('has not sent any disclosure requests yet');
  });

  it('shows each mistake beside its field and records nothing', async () => {
    const s = await signIn('counsel@vendor.example', '/portal/disclosure-requests/new');
    const notPdf = await submit(
      s,
      { ...validFields(s, 'T-BAD', `${ownNotices[0]}, ${otherNotice}`), allowedFields: [] },
      Buffer.from('<html>not a pdf</html>'),
    );
    expect(notPdf.status).toBe(400);
    expect(notPdf.text).toMatch(
      /id="document-error"[^<]*<span[^>]*>Error:<\/span> The order document must be a PDF/,
    );
    expect(notPdf.text).toContain('id="allowedFields-error"');
    expect(notPdf.text).toContain('value="T-BAD"');
    // Another organisation's notice is refused like an unknown one, by the intake service.
    const foreign = await submit(s, validFields(s, 'T-FOREIGN', otherNotice), PDF);
    expect(foreign.status).toBe(400);
    expect(foreign.text).toContain(`These references are not your notices: ${otherNotice}`);
    counselPages.push(notPdf.text, foreign.text);
    const noFile = await submit(s, validFields(s, 'T-NOFILE', ownNotices[0]), null);
    expect(noFile.status).toBe(400);
    expect(noFile.text).toContain('Choose the order document (a PDF file)');
    const list = await counselGet(s, '/portal/disclosure-requests');
    expect(list.text).toContain('has not sent any disclosure requests yet');
  });

  it('lets counsel submit requests with the order PDF and see them listed', async () => {
    const s = await signIn('counsel@vendor.example', '/portal/disclosure-requests/new');
    for (const [caseNumber, refs] of [
      ['T-2026-REFUSE', `${ownNotices[0]}\n${ownNotices[1]}`],
      ['T-2026-APPROVE', ownNotices[2]],
    ]) {
      const res = await submit(s, validFields(s, caseNumber, refs), PDF).expect(303);
      const location = String(res.headers.location);
      expect(location).toMatch(/^\/portal\/disclosure-requests\/[0-9a-f-]{36}\?created=1$/);
      created[caseNumber] = location.split('/')[3].split('?')[0];
      const detail = await counselGet(s, location);
      expect(detail.status).toBe(200);
      expect(detail.text).toContain('was received with its order');
      expect(detail.text).toContain(caseNumber);
      expect(detail.text).toMatch(/SHA-256 <code>[0-9a-f]{64}<\/code>/);
    }
    // A request whose deadline has passed, for the legal queue's flag.
    const overdue = await submit(
      s,
      { ...validFields(s, 'T-2026-OVERDUE', ownNotices[1]), respondBy: '2020-01-01' },
      PDF,
    ).expect(303);
    created['T-2026-OVERDUE'] = String(overdue.headers.location).split('/')[3].split('?')[0];
    const list = await counselGet(s, '/portal/disclosure-requests');
    expect(list.text).toContain('T-2026-REFUSE');
    expect(list.text).toContain('T-2026-APPROVE');
    expect(list.text).toContain('2030-01-31 00:00:00 UTC');
    expect(list.text).toContain('received');
  });

  it('keeps counsel out of legal pages and other organisations out of the request', async () => {
    const own = await signIn('counsel@vendor.example', '/portal/disclosure-requests');
    const legalPage = await counselGet(own, '/portal/legal/disclosure');
    expect(legalPage.status).toBe(403);
    const legalDetail = await counselGet(
      own,
      `/portal/legal/disclosure/${created['T-2026-REFUSE']}`,
    );
    expect(legalDetail.status).toBe(403);
    const other = await signIn('other-counsel@other.example', '/portal/disclosure-requests');
    const res = await http()
      .get(`/portal/disclosure-requests/${created['T-2026-REFUSE']}`)
      .set('Cookie', other.cookie);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('T-2026-REFUSE');
    const otherList = await http().get('/portal/disclosure-requests').set('Cookie', other.cookie);
    expect(otherList.text).toContain('has not sent any disclosure requests yet');
  });

  it('lets legal staff review, refuse one with grounds and approve and produce another', async () => {
    const s = await signIn('legal@isp.example', '/portal/legal/disclosure');
    const queue = await http().get('/portal/legal/disclosure').set('Cookie', s.cookie).expect(200);
    const rows = [...queue.text.matchAll(/<tr class="urgency--[^"]*">[\s\S]*?<\/tr>/g)].map(
      (m) => m[0],
    );
    // Most urgent first, and overdue said in words, not only by colour.
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('T-2026-OVERDUE');
    expect(rows[0]).toMatch(/<strong class="flag flag--overdue">Overdue<\/strong>/);
    expect(rows.slice(1).join('')).toContain('T-2026-REFUSE');
    expect(rows.slice(1).join('')).toContain('T-2026-APPROVE');
    expect(rows.slice(1).join('')).not.toContain('Overdue');
    const post = (path: string, form: Record<string, unknown>) =>
      http()
        .post(path)
        .set('Cookie', s.cookie)
        .type('form')
        .send({ _csrf: s.token, ...form });
    for (const id of [created['T-2026-REFUSE'], created['T-2026-APPROVE']]) {
      const base = `/portal/legal/disclosure/${id}`;
      const page = await http().get(base).set('Cookie', s.cookie).expect(200);
      expect(page.text).toContain(subscriberRef);
      expect(page.text).not.toContain(SECRET.name);
      expect(page.text).toContain('Start review');
      await post(`${base}/review`, {}).expect(303).expect('Location', `${base}?done=review`);
    }
    const refuseBase = `/portal/legal/disclosure/${created['T-2026-REFUSE']}`;
    // Refusing without grounds is sent back with the message beside the grounds.
    const noGrounds = await post(`${refuseBase}/decision`, {
      decision: 'refuse',
      reason: 'out of scope',
    }).expect(400);
    expect(noGrounds.text).toContain('id="grounds-error"');
    const withoutToken = await http()
      .post(`${refuseBase}/decision`)
      .set('Cookie', s.cookie)
      .type('form')
      .send({ decision: 'approve', reason: 'no token here' })
      .expect(403);
    expect(withoutToken.text).toContain('This form could not be verified');
    await post(`${refuseBase}/decision`, {
      decision: 'refuse',
      grounds: ['jurisdiction', 'joinder'],
      reason: 'Order issued outside the jurisdiction',
    }).expect(303);
    const refused = await http().get(refuseBase).set('Cookie', s.cookie).expect(200);
    expect(refused.text).toContain('jurisdiction, joinder');
    expect(refused.text).not.toContain('Record decision');

    const approveBase = `/portal/legal/disclosure/${created['T-2026-APPROVE']}`;
    await post(`${approveBase}/decision`, {
      decision: 'approve',
      reason: 'Valid Norwich order',
    }).expect(303);
    const approved = await http().get(approveBase).set('Cookie', s.cookie).expect(200);
    expect(approved.text).toContain('Produce package');
    await post(`${approveBase}/produce`, {})
      .expect(303)
      .expect('Location', `${approveBase}?done=produced`);
    const after = await http().get('/portal/legal/disclosure').set('Cookie', s.cookie).expect(200);
    expect(after.text).not.toContain('T-2026-APPROVE');
    expect(after.text).not.toContain('T-2026-REFUSE');
    expect(after.text).toContain('T-2026-OVERDUE');
  });

  it('shows counsel the history and the package link, and never the subscriber', async () => {
    const s = await signIn('counsel@vendor.example', '/portal/disclosure-requests');
    const refused = await counselGet(s, `/portal/disclosure-requests/${created['T-2026-REFUSE']}`);
    expect(refused.text).toContain('Order issued outside the jurisdiction');
    expect(refused.text).not.toContain('Download the package');
    const produced = await counselGet(
      s,
      `/portal/disclosure-requests/${created['T-2026-APPROVE']}`,
    );
    expect(produced.text).toMatch(/<td[^>]*>under review<\/td><td[^>]*>approved<\/td>/);
    // A download writes an audit entry: a form posting the CSRF token, not a link.
    const action =
      /<form method="post" action="(\/portal\/disclosure-requests\/[^"]+\/package)"/.exec(
        produced.text,
      )![1];
    expect(produced.text).not.toMatch(/href="[^"]*\/package/);
    const download = await http()
      .post(action)
      .set('Cookie', s.cookie)
      .type('form')
      .send({ _csrf: tokenOf(produced.text), format: 'html' })
      .expect(200);
    expect(download.headers['content-disposition']).toMatch(/attachment/);
    expect(download.headers['content-type']).toMatch(/text\/html/);
    const list = await counselGet(s, '/portal/disclosure-requests');
    expect(list.text).toContain('produced');
    expect(list.text).toContain('refused');
    const seen = counselPages.join('\n');
    for (const secret of [SECRET.name, SECRET.email, accountUuid, ACCOUNT, subscriberRef]) {
      expect([secret, seen.includes(secret)]).toEqual([secret, false]);
    }
  });
});
