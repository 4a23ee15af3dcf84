import { INestApplication } from '@nestjs/common';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { seedOrganisation } from '../support/notice-factories';
import { freePort } from '../support/redis-server';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { expectAccessible } from './a11y';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(180_000);

const PASSWORD = 'browser-admin-password-1';
const ADMIN = 'admin-portal@isp.example';
const DESK = 'desk-portal@isp.example';
const LEGAL = 'legal-portal@isp.example';

interface ScrollSize {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

// Administration in the portal (issue #19) in Debian's chromium: people, one-time password
// links, organisations and their standing, complainants' API keys with scopes, and Bull Board
// behind the portal's sign-in and 403 pages. Granting the legal role stays out of reach.
describe('administration in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let tb: TestBrowser;
  let baseURL: string;
  let page: Page;
  let legalId: string;
  let vendorId: string;

  async function signIn(browser: Browser, email: string, password = PASSWORD, width = 1280) {
    const ctx =
      width === 1280
        ? await newContext(browser, baseURL)
        : await browser.newContext({ baseURL, viewport: { width, height: 844 } });
    const p = await ctx.newPage();
    await p.goto('/portal/sign-in');
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${baseURL}/portal`);
    return p;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // Links an admin hands out are built on PUBLIC_URL, so it is the address served here.
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    app = await createTestApp(testConfig(db.url, { MODE: 'api', PUBLIC_URL: baseURL }));
    await app.listen(port, '127.0.0.1');
    ds = app.get(DataSource);
    const accounts = app.get(AccountsService);
    for (const [email, role, name] of [
      [ADMIN, Role.Admin, 'Ada Admin'],
      [DESK, Role.AbuseDesk, 'Dee Desk'],
      [LEGAL, Role.Legal, 'Lena Legal'],
    ] as const) {
      const u = await accounts.createUser({ email, displayName: name, role, password: PASSWORD });
      if (role === Role.Legal) legalId = u.id;
    }
    vendorId = await seedOrganisation(ds, 'Keyed Vendor Ltd');
    tb = await launchBrowser();
    page = await signIn(tb.browser, ADMIN);
  });

  afterAll(async () => {
    await page?.context().close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('sends a visitor without a session from Bull Board to sign-in, and back after it', async () => {
    const ctx = await newContext(tb.browser, baseURL);
    try {
      const p = await ctx.newPage();
      await p.goto('/admin/queues');
      await p.waitForURL(/\/portal\/sign-in\?next=%2Fportal%2Fadmin%2Fqueues$/);
      await p.getByLabel('E-mail address').fill(ADMIN);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${baseURL}/admin/queues`);
      expect(await p.title()).toMatch(/bull/i);
    } finally {
      await ctx.close();
    }
  });

  it('shows the portal 403 page, not JSON, to a signed-in person of another role', async () => {
    const desk = await signIn(tb.browser, DESK);
    try {
      const r = await desk.goto('/admin/queues');
      expect(r?.status()).toBe(403);
      expect(r?.headers()['content-type']).toMatch(/text\/html/);
      await expect(desk.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'You do not have access to this page',
      );
      await screenshot(desk, 'admin-queues-403-desk');
      await expectAccessible(desk);
      // The desk's menu offers no Bull Board.
      expect(
        await desk
          .getByRole('navigation', { name: 'Main' })
          .getByRole('link', { name: 'Queues (Bull Board)' })
          .count(),
      ).toBe(0);
    } finally {
      await desk.context().close();
    }
    await page.goto('/portal');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Queues (Bull Board)' })
      .click();
    await page.waitForURL(`${baseURL}/admin/queues`);
  });

  it('adds a person who sets a password with a one-time link, then deactivates them', async () => {
    await page.goto('/portal/admin/users');
    // Legal is not offered.
    const roles = await page.locator('#role option').allTextContents();
    expect(roles).not.toContain('Legal');
    await page.getByLabel('Name', { exact: true }).fill('Nia Newdesk');
    await page.getByLabel('E-mail address').fill('nia.newdesk@isp.example');
    await page.getByLabel('Role').selectOption({ label: 'Abuse desk' });
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForURL(/\/portal\/admin\/users$/);
    const link = await page.getByLabel('Link for Nia Newdesk').inputValue();
    expect(link.startsWith(`${baseURL}/portal/password/`)).toBe(true);
    expect(link).toMatch(/\/portal\/password\/[A-Za-z0-9_-]{40,}$/);
    await screenshot(page, 'admin-user-created-link');
    await expectAccessible(page);

    const visitor = await newContext(tb.browser, baseURL);
    try {
      const p = await visitor.newPage();
      await p.goto(link);
      await p.getByLabel('New password', { exact: true }).fill('a-long-new-password-1');
      await p.getByLabel('The same password again').fill('a-long-new-password-2');
      await p.getByRole('button', { name: 'Set password' }).click();
      await p.waitForSelector('#again-error');
      await expectAccessible(p);
      await p.getByLabel('New password', { exact: true }).fill('a-long-new-password-1');
      await p.getByLabel('The same password again').fill('a-long-new-password-1');
      await p.getByRole('button', { name: 'Set password' }).click();
      await p.waitForURL(/\/portal\/sign-in\?passwordSet=1$/);
      await p.getByLabel('E-mail address').fill('nia.newdesk@isp.example');
      await p.getByLabel('Password').fill('a-long-new-password-1');
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${baseURL}/portal`);
      // The link works once.
      const again = await p.goto(link);
      expect(again?.status()).toBe(410);
      await expect(p.getByTestId('link-invalid').count()).resolves.toBe(1);
    } finally {
      await visitor.close();
    }

    await page.goto('/portal/admin/users');
    await page.getByRole('link', { name: 'Nia Newdesk' }).click();
    await page.getByRole('button', { name: 'Deactivate Nia Newdesk' }).click();
    await page.waitForSelector('#reason-error');
    await page.getByLabel('Why?').fill('Left the abuse desk team');
    await page.getByRole('button', { name: 'Deactivate Nia Newdesk' }).click();
    await page.waitForURL(/done=disabled$/);
    await expect(page.getByTestId('user-status').textContent()).resolves.toBe('deactivated');
    await screenshot(page, 'admin-user-deactivated');
    const audit: Array<{ action: string }> = await ds.query(
      `SELECT action FROM audit_log a JOIN users u ON u.id::text = a.subject_id
        WHERE u.email = 'nia.newdesk@isp.example' ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'account.created',
      'account.password_link_issued',
      'account.password_set',
      'account.disabled',
    ]);
  });

  it('keeps the legal role out of an admin’s reach, even from a tampered form', async () => {
    await page.goto('/portal/admin/users');
    await page.getByLabel('Name', { exact: true }).fill('Mallory Legal');
    await page.getByLabel('E-mail address').fill('mallory@isp.example');
    // The form offers no legal role; a tampered form sends it anyway.
    await page.locator('#role').evaluate((el) => {
      const sel = el as unknown as {
        ownerDocument: { createElement(t: string): { value: string; text: string } };
        appendChild(o: unknown): void;
      };
      const o = sel.ownerDocument.createElement('option');
      o.value = 'legal';
      o.text = 'Legal (forged)';
      sel.appendChild(o);
    });
    await page.getByLabel('Role').selectOption('legal');
    await page.getByRole('button', { name: 'Add person' }).click();
    await page.waitForSelector('#role-error');
    await expect(page.locator('#role-error').textContent()).resolves.toContain(
      'an admin cannot grant the legal role',
    );
    const made: unknown[] = await ds.query(
      `SELECT 1 FROM users WHERE email = 'mallory@isp.example'`,
    );
    expect(made).toHaveLength(0);
    // Nor can an admin take a legal account over with a password link.
    await page.goto(`/portal/admin/users/${legalId}`);
    expect(await page.getByRole('button', { name: /one-time link/ }).count()).toBe(0);
    const r = await page.request.post(`/portal/admin/users/${legalId}/password-link`, {
      form: { _csrf: await page.locator('input[name="_csrf"]').first().inputValue() },
    });
    expect(r.status()).toBe(403);
    const links: unknown[] = await ds.query(`SELECT 1 FROM password_resets WHERE user_id = $1`, [
      legalId,
    ]);
    expect(links).toHaveLength(0);
  });

  it('adds an organisation and changes its standing with a reason', async () => {
    await page.goto('/portal/admin/organisations');
    await page.getByLabel('Name', { exact: true }).fill('Harbour Films SA');
    await page.getByLabel('Kind').selectOption({ label: 'Rights holder' });
    await page.getByRole('button', { name: 'Add organisation' }).click();
    await page.waitForURL(/done=created$/);
    await expect(page.getByTestId('standing').textContent()).resolves.toContain('Pending');
    await page.getByLabel('Standing', { exact: true }).selectOption('accredited');
    await page.getByLabel('Why?').fill('Accreditation papers checked');
    await page.getByRole('button', { name: 'Change standing' }).click();
    await page.waitForURL(/done=standing$/);
    await expect(page.getByTestId('standing').textContent()).resolves.toContain('Accredited');
    await screenshot(page, 'admin-organisation-standing');
    await expectAccessible(page);
  });

  it('issues a complainant key with chosen scopes and revokes it', async () => {
    await page.goto('/portal/api-keys');
    await page.getByLabel('Name').fill('vendor robot');
    await page.getByLabel('Organisation').selectOption({ label: 'Keyed Vendor Ltd' });
    await page.getByLabel('Read its notices and their outcomes').uncheck();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByLabel('Your new key').inputValue();
    expect(key.length).toBeGreaterThan(20);
    await screenshot(page, 'admin-api-key-issued');
    await expectAccessible(page);
    const [row]: Array<{ id: string; role: string; organisation_id: string; scopes: string[] }> =
      await ds.query(
        `SELECT id, role, organisation_id, scopes FROM api_keys WHERE name = 'vendor robot'`,
      );
    expect(row).toMatchObject({
      role: 'complainant',
      organisation_id: vendorId,
      scopes: ['notices:submit'],
    });
    await page.getByRole('button', { name: 'Revoke key vendor robot' }).click();
    await page.waitForURL(/revoked=1$/);
    const [after]: Array<{ revoked_at: Date | null }> = await ds.query(
      `SELECT revoked_at FROM api_keys WHERE id = $1`,
      [row.id],
    );
    expect(after.revoked_at).not.toBeNull();
  });

  it('fits a phone (390 px): users, a user, organisations and keys', async () => {
    const p = await signIn(tb.browser, ADMIN, PASSWORD, 390);
    try {
      for (const [path, shot] of [
        ['/portal/admin/users', 'admin-users-390'],
        [`/portal/admin/users/${legalId}`, 'admin-user-390'],
        ['/portal/admin/organisations', 'admin-organisations-390'],
        ['/portal/api-keys', 'admin-api-keys-390'],
      ]) {
        await p.goto(path);
        await screenshot(p, shot);
        const size = await p.evaluate(() => {
          const d = (globalThis as unknown as ScrollSize).document.documentElement;
          return { scroll: d.scrollWidth, client: d.clientWidth };
        });
        expect({ path, ...size }).toEqual({ path, scroll: size.client, client: size.client });
        await expectAccessible(p);
      }
    } finally {
      await p.context().close();
    }
  });
});
