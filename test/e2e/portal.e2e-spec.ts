import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/modules/accounts/entities/roles';
import { Actors, seedActors } from '../support/fixtures';
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
    for (const role of Object.values(Role)) {
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
  it.each(Object.values(Role))('offers %s exactly the pages it may open', async (role) => {
    const pages = [
      '/portal/api-keys',
      '/portal/desk/lease-imports',
      '/portal/desk/attribution',
      '/portal/legal/audit',
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
