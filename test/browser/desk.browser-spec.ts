import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { DeskScenario, seedDeskScenario } from '../support/desk-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(120_000);

const PASSWORD = 'browser-desk-password-1';

// The abuse desk's messaging pages in Debian's chromium (issue #7): every form is submitted
// by clicking, as a person without JavaScript would.
describe('desk pages in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let tb: TestBrowser;
  let baseURL: string;
  let s: DeskScenario;
  let context: BrowserContext;
  let page: Page;
  const seen: string[] = [];
  const menu = (label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  const remember = async () => {
    seen.push(await page.content());
  };
  const messageStatus = async (id: string) =>
    (
      await ds.query<Array<{ status: string }>>(
        `SELECT status FROM outbound_messages WHERE id = $1`,
        [id],
      )
    )[0].status;

  beforeAll(async () => {
    db = await createTestDatabase();
    // MODE=api: no worker sends a retried message on, so the page shows what the click did.
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    ds = app.get(DataSource);
    await app.get(AccountsService).createUser({
      email: 'desk-browser@isp.example',
      displayName: 'Dana Desk',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    s = await seedDeskScenario(app);
    tb = await launchBrowser();
    context = await newContext(tb.browser, baseURL);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('signs the desk in to a dashboard of intake, outcomes, queues and delivery', async () => {
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address').fill('desk-browser@isp.example');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseURL}/portal`);
    await remember();
    expect(await page.getByTestId('notices-month').textContent()).toBe(
      String(s.expected.noticesMonth),
    );
    expect(await page.getByTestId('items-month').textContent()).toBe(String(s.expected.itemsMonth));
    expect(await page.getByTestId('dead-letters').textContent()).toBe('2');
    // Five charts; each is an image named by its own title (two sit in closed <details>).
    expect(await page.locator('svg.chart').count()).toBe(5);
    await expect(
      page.getByRole('img', { name: /Items of notices received this month, by outcome/ }).count(),
    ).resolves.toBe(1);
    const forwarded = page.locator('tr[data-outcome="forwarded"] td.num').nth(1);
    expect(await forwarded.textContent()).toBe(String(s.expected.outcomesMonth.forwarded));
    await screenshot(page, 'desk-01-dashboard');
  });

  it('lists challenges open first and records an upheld decision from the form', async () => {
    await menu('Challenges').click();
    await page.waitForURL(`${baseURL}/portal/desk/challenges`);
    await remember();
    const rows = page.locator('tbody tr');
    expect(await rows.first().getAttribute('data-challenge')).toBe(s.challengeId);
    await screenshot(page, 'desk-02-challenges');

    await rows
      .first()
      .getByRole('link', { name: /Decide/ })
      .click();
    await page.waitForURL(`${baseURL}/portal/desk/challenges/${s.challengeId}`);
    expect(await page.getByTestId('statement').textContent()).toBe(s.challengeStatement);
    expect(await page.getByTestId('strikes').textContent()).toBe('2 counting, 0 withdrawn');
    // A decision without a choice is refused beside the field.
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForSelector('#decision-error');
    await remember();
    await screenshot(page, 'desk-03-challenge-errors');
    await page.getByLabel(/Uphold/).check();
    await page.getByLabel('Reason').fill('The subscriber’s account of guest use is credible.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.waitForURL(`${baseURL}/portal/desk/challenges/${s.challengeId}?withdrawn=2`);
    await remember();
    expect(await page.getByTestId('challenge-status').textContent()).toBe('upheld');
    expect(await page.getByTestId('strikes').textContent()).toBe('0 counting, 2 withdrawn');
    expect(await page.getByRole('status').textContent()).toContain('2 strike(s) withdrawn');
    await screenshot(page, 'desk-04-challenge-upheld');
  });

  it('retries one dead letter, then the selected ones, from the list', async () => {
    await menu('Dead letters').click();
    await page.waitForURL(`${baseURL}/portal/desk/dead-letters`);
    await remember();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'desk-05-dead-letters');
    const [first, second] = s.deadIds;
    await page.getByRole('button', { name: `Retry message ${first}` }).click();
    await page.waitForURL(/\/portal\/desk\/dead-letters\?retried=1/);
    await remember();
    expect(await messageStatus(first)).toBe('pending');
    expect(await page.locator('tbody tr').count()).toBe(1);

    // The selected ones go through a confirmation page (issue #19).
    await page.getByRole('button', { name: 'Retry selected…' }).click();
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Select at least one message in the list',
    );
    await page.goBack();
    await page.getByLabel(`Select message ${second}`).check();
    await page.getByRole('button', { name: 'Retry selected…' }).click();
    await page.getByRole('button', { name: 'Retry 1 message' }).click();
    await page.waitForURL(/bulk\/dead-letters$/);
    await remember();
    expect(await messageStatus(second)).toBe('pending');
    await page.getByRole('link', { name: 'Back to the dead letters' }).click();
    expect(await page.locator('main').textContent()).toContain('No dead letters');
    await screenshot(page, 'desk-06-dead-letters-retried');

    // The two retried letters, and the e-mail telling the subscriber the challenge's decision.
    await menu('Deliveries').click();
    await page.getByRole('link', { name: /^pending \(3\)$/ }).click();
    await remember();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'desk-07-deliveries-pending');
  });

  it('previews a template chosen by regime, language and stage', async () => {
    await menu('Templates').click();
    await page.getByLabel('Regime').selectOption('us');
    await page.getByLabel('Language', { exact: true }).selectOption('fr');
    await page.getByLabel(/Stage/).selectOption('2');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.waitForURL(/regime=us&language=fr&stage=2/);
    await remember();
    expect(await page.getByTestId('preview-text').textContent()).toContain('accusé de lecture');
    await screenshot(page, 'desk-08-template-preview');
  });

  it('showed no subscriber name, e-mail, address or account on any page', () => {
    const all = seen.join('\n');
    expect(seen.length).toBeGreaterThanOrEqual(8);
    expect(all).toContain(s.subscriber.reference);
    for (const secret of [
      s.subscriber.name,
      s.subscriber.email,
      s.postalAddress,
      s.subscriber.accountId,
      s.accountNumber,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
