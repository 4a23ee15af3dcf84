import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { expectAccessible } from './a11y';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(120_000);

const PASSWORD = 'browser-language-password-1';

// Issue #19: the portal in French and English. The switch in every page's header changes the
// language and keeps it; a browser that asks for French gets French before anyone chooses.
describe('portal language in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    await app.get(AccountsService).createUser({
      email: 'langue@isp.example',
      displayName: 'Dominique Desk',
      role: Role.AbuseDesk,
      organisationId: null,
      password: PASSWORD,
    });
    tb = await launchBrowser();
  });
  afterAll(async () => {
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('switches to French with the link in the header and stays French after signing in', async () => {
    const context = await newContext(tb.browser, baseURL);
    const page = await context.newPage();
    await page.goto('/portal/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sign in');

    await page.getByRole('navigation', { name: 'Portal language' }).getByRole('link').click();
    await page.waitForURL(`${baseURL}/portal/sign-in`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Connexion');

    await page.getByLabel('Adresse électronique').fill('langue@isp.example');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Connexion' }).click();
    await page.waitForURL(`${baseURL}/portal`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    const menu = page.getByRole('navigation', { name: 'Principal' });
    await expect(menu.getByRole('link', { name: 'Tableau de bord' }).count()).resolves.toBe(1);
    await expect(menu.getByRole('link', { name: 'Contestations' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Se déconnecter' }).count()).resolves.toBe(1);
    await expect(page.locator('body').textContent()).resolves.not.toContain('Dashboard');
    await screenshot(page, 'language-dashboard-fr');

    // The French pages pass the same accessibility audit as the English ones.
    await expectAccessible(page, 'French dashboard');

    // And back to English from any page.
    await page.goto('/portal/desk/challenges');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${baseURL}/portal/desk/challenges`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Challenges');
    await context.close();
  });

  it('speaks French to a browser that asks for it, before any choice', async () => {
    const context = await tb.browser.newContext({ baseURL, locale: 'fr-CA' });
    const page = await context.newPage();
    await page.goto('/portal/sign-in');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.getByLabel('Adresse électronique').count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'English' }).count()).resolves.toBe(1);
    await screenshot(page, 'language-sign-in-fr');
    await context.close();
  });
});
