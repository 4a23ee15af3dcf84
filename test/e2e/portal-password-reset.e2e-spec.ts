import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { ForgottenPasswordService } from '../../src/modules/portal/forgotten-password.service';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

jest.setTimeout(120_000);

const PUBLIC_URL = 'https://portal.isp.example';
const PASSWORD = 'the-old-password-1';
const DESK = 'reset-desk@isp.example';
const ADMIN = 'reset-admin@isp.example';
const LEGAL = 'reset-legal@isp.example';
const GONE = 'reset-gone@isp.example';

// "Forgot your password?" (issue #19) over HTTP, with the mail caught by a real SMTP server:
// the link arrives by mail on PUBLIC_URL, works once and not after it expires, setting the
// password ends the person's sessions, and the page answers an unknown, a disabled and a known
// address alike (only the mailbox learns which). Requests are rate limited per address typed.
describe('forgotten password: a one-time link by mail', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sink: SmtpSink;
  let gone: string;
  const http = () => request(app.getHttpServer());
  const cookiePair = (c: string) => c.split(';')[0];
  const setCookies = (res: request.Response): string[] =>
    ([] as string[]).concat((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []);
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

  // A page with its CSRF cookie and token, for a POST as a browser would send it.
  async function form(path: string) {
    const page = await http().get(path);
    const cookie = setCookies(page).find((c) => c.startsWith('__Host-nr_csrf='))!;
    return { cookie: cookiePair(cookie), token: csrfOf(page.text), page };
  }

  async function signIn(email: string, password: string) {
    const f = await form('/portal/sign-in');
    const res = await http()
      .post('/portal/sign-in')
      .set('Cookie', f.cookie)
      .type('form')
      .send({ _csrf: f.token, email, password, next: '/portal' });
    const session = setCookies(res).find((c) => c.startsWith('nr_session='));
    return { status: res.status, session: session ? cookiePair(session) : null };
  }

  async function ask(email: string) {
    const f = await form('/portal/forgot-password');
    return http()
      .post('/portal/forgot-password')
      .set('Cookie', f.cookie)
      .type('form')
      .send({ _csrf: f.token, email });
  }

  const linkIn = (text: string) =>
    /https:\/\/portal\.isp\.example\/portal\/password\/([A-Za-z0-9_-]+)/.exec(text);

  beforeAll(async () => {
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, {
        PUBLIC_URL,
        SMTP_URL: sink.url,
        RATE_LIMITS: 'on',
        RATE_LIMIT_LOGIN_PER_IP: '0',
        RATE_LIMIT_LOGIN_PER_ACCOUNT: '0',
        RATE_LIMIT_PASSWORD_RESET_PER_IP: '0',
      }),
    );
    const accounts = app.get(AccountsService);
    for (const [email, role] of [
      [DESK, Role.AbuseDesk],
      [ADMIN, Role.Admin],
      [LEGAL, Role.Legal],
      [GONE, Role.AbuseDesk],
    ] as const) {
      const u = await accounts.createUser({ email, displayName: email, role, password: PASSWORD });
      if (email === GONE) gone = u.id;
    }
    await db.adminQuery(`UPDATE users SET disabled_at = now() WHERE id = $1`, [gone]);
  });
  afterAll(async () => {
    await app?.close();
    await sink?.stop();
    await db?.drop();
  });

  it('offers the link on the sign-in page', async () => {
    const page = await http().get('/portal/sign-in').expect(200);
    expect(page.text).toContain('<a href="/portal/forgot-password">Forgot your password?</a>');
    const forgot = await http().get('/portal/forgot-password').expect(200);
    expect(forgot.text).toContain('<h1>Forgot your password?</h1>');
  });

  it('mails a link on PUBLIC_URL that sets the password once and ends every session', async () => {
    const before = await signIn(DESK, PASSWORD);
    expect(before.session).not.toBeNull();
    const res = await ask(DESK);
    expect(res.status).toBe(200);
    expect(res.text).toContain('If an account uses that address, we have sent it a link');

    const mail = await waitFor('the mail with the link', () => Promise.resolve(sink.to(DESK)[0]));
    expect(mail.parsed.subject).toBe('Set your notice-relay password');
    expect(mail.parsed.from?.text).toContain('abuse@isp.example');
    const link = linkIn(mail.parsed.text ?? '');
    expect(link).not.toBeNull();
    const path = `/portal/password/${link![1]}`;

    const page = await form(path);
    expect(page.page.status).toBe(200);
    const mismatch = await http()
      .post(path)
      .set('Cookie', page.cookie)
      .type('form')
      .send({ _csrf: page.token, password: 'a-brand-new-password', again: 'something else' });
    expect(mismatch.status).toBe(400);
    const set = await http()
      .post(path)
      .set('Cookie', page.cookie)
      .type('form')
      .send({ _csrf: page.token, password: 'a-brand-new-password', again: 'a-brand-new-password' });
    expect(set.status).toBe(303);
    expect(set.headers.location).toBe('/portal/sign-in?passwordSet=1');

    // The session opened before is over; the old password no longer works, the new one does.
    const old = await http().get('/portal').set('Cookie', before.session!);
    expect(old.status).toBe(303);
    expect(old.headers.location).toMatch(/^\/portal\/sign-in/);
    expect((await signIn(DESK, PASSWORD)).status).toBe(401);
    expect((await signIn(DESK, 'a-brand-new-password')).status).toBe(303);
    // Once only.
    expect((await http().get(path)).status).toBe(410);
    const audit = await db.adminQuery<{ action: string; actor_kind: string }>(
      `SELECT action, actor_kind FROM audit_log WHERE subject_id = (SELECT id::text FROM users WHERE email = $1) ORDER BY seq`,
      [DESK],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['account.password_link_requested', 'account.password_set']),
    );
  });

  it('answers every address alike and mails only the account that exists', async () => {
    const answers: Array<{ status: number; type: unknown; body: string }> = [];
    for (const email of ['nobody-here@isp.example', GONE, ADMIN, LEGAL]) {
      const r = await ask(email);
      answers.push({
        status: r.status,
        type: r.headers['content-type'],
        body: r.text.replace(/name="_csrf" value="[^"]+"/g, ''),
      });
    }
    expect(answers.every((a) => JSON.stringify(a) === JSON.stringify(answers[0]))).toBe(true);
    expect(answers[0].status).toBe(200);

    await app.get(ForgottenPasswordService).settled();
    const admin = await waitFor('the admin’s mail', () => Promise.resolve(sink.to(ADMIN)[0]));
    expect(linkIn(admin.parsed.text ?? '')).not.toBeNull();
    // Legal staff get a link at their own address too (an admin cannot make them one).
    const legal = await waitFor('the legal mail', () => Promise.resolve(sink.to(LEGAL)[0]));
    expect(linkIn(legal.parsed.text ?? '')).not.toBeNull();
    expect(sink.to('nobody-here@isp.example')).toHaveLength(0);
    expect(sink.to(GONE)).toHaveLength(0);
    const links = await db.adminQuery<{ email: string }>(
      `SELECT u.email FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE u.email IN ($1, $2, $3) ORDER BY u.email`,
      [LEGAL, GONE, ADMIN],
    );
    expect(links.map((l) => l.email)).toEqual([ADMIN, LEGAL]);
  });

  it('lets a legal account set its password with the mailed link, while an admin still cannot make one', async () => {
    const email = 'reset-legal-2@isp.example';
    const legal = await app.get(AccountsService).createUser({
      email,
      displayName: email,
      role: Role.Legal,
      password: PASSWORD,
    });
    const links = () =>
      db.adminQuery<{ n: number }>(
        `SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1`,
        [legal.id],
      );
    // The admin's button is refused for a legal account, and makes no link.
    const admin = await signIn(ADMIN, PASSWORD);
    const f = await form('/portal/sign-in');
    const userPage = await http()
      .get(`/portal/admin/users/${legal.id}`)
      .set('Cookie', `${admin.session}; ${f.cookie}`);
    const fresh = setCookies(userPage).find((c) => c.startsWith('__Host-nr_csrf='));
    const refused = await http()
      .post(`/portal/admin/users/${legal.id}/password-link`)
      .set('Cookie', `${admin.session}; ${fresh ? cookiePair(fresh) : f.cookie}`)
      .type('form')
      .send({ _csrf: csrfOf(userPage.text) });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('/portal/password/');
    expect((await links())[0].n).toBe(0);

    // The holder asks by mail and gets a one-time link that works.
    await ask(email);
    const mail = await waitFor('the legal mail', () => Promise.resolve(sink.to(email)[0]));
    const token = linkIn(mail.parsed.text ?? '')![1];
    const page = await form(`/portal/password/${token}`);
    expect(page.page.status).toBe(200);
    const set = await http()
      .post(`/portal/password/${token}`)
      .set('Cookie', page.cookie)
      .type('form')
      .send({ _csrf: page.token, password: 'legal-new-password-1', again: 'legal-new-password-1' });
    expect(set.status).toBe(303);
    expect((await signIn(email, PASSWORD)).status).toBe(401);
    expect((await signIn(email, 'legal-new-password-1')).status).toBe(303);
    expect((await http().get(`/portal/password/${token}`)).status).toBe(410);
    const audit = await db.adminQuery<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_id = $1::text ORDER BY seq`,
      [legal.id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['account.password_link_requested', 'account.password_set']),
    );
  });

  it('refuses an expired link, and a newer link replaces an older one', async () => {
    const email = 'reset-twice@isp.example';
    await app.get(AccountsService).createUser({
      email,
      displayName: email,
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    await ask(email);
    const first = linkIn(
      (await waitFor('a first mail', () => Promise.resolve(sink.to(email)[0]))).parsed.text ?? '',
    )![1];
    expect((await http().get(`/portal/password/${first}`)).status).toBe(200);
    await ask(email);
    const second = linkIn(
      (await waitFor('a second mail', () => Promise.resolve(sink.to(email)[1]))).parsed.text ?? '',
    )![1];
    expect((await http().get(`/portal/password/${first}`)).status).toBe(410);
    expect((await http().get(`/portal/password/${second}`)).status).toBe(200);
    await db.adminQuery(
      `UPDATE password_resets SET expires_at = now() - interval '1 second'
        WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
      [email],
    );
    const expired = await http().get(`/portal/password/${second}`);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('data-testid="link-invalid"');
  });

  it('limits requests per address typed, known or not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await ask('flood@isp.example')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('builds the admin’s link on PUBLIC_URL, whatever Host the request names', async () => {
    const admin = await signIn(ADMIN, PASSWORD);
    const [{ id }] = await db.adminQuery<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
      GONE,
    ]);
    await db.adminQuery(`UPDATE users SET disabled_at = NULL WHERE id = $1`, [id]);
    const f = await form('/portal/sign-in');
    const user = await http()
      .get(`/portal/admin/users/${id}`)
      .set('Cookie', `${admin.session}; ${f.cookie}`);
    expect(user.status).toBe(200);
    // The token is bound to the session: the page may have set a new CSRF cookie with it.
    const fresh = setCookies(user).find((c) => c.startsWith('__Host-nr_csrf='));
    const csrfCookie = fresh ? cookiePair(fresh) : f.cookie;
    const res = await http()
      .post(`/portal/admin/users/${id}/password-link`)
      .set('Host', 'evil.example')
      .set('Cookie', `${admin.session}; ${csrfCookie}`)
      .type('form')
      .send({ _csrf: csrfOf(user.text) });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`${PUBLIC_URL}/portal/password/`);
    expect(res.text).not.toContain('evil.example');
  });
});
