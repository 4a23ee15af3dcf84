import { INestApplication } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { BrowserContext, Page } from 'playwright-core';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { SearchScenario, seedSearchScenario } from '../support/search-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { expectAccessible } from './a11y';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(120_000);

const PASSWORD = 'browser-search-password-1';
const EMAIL = 'search-browser@isp.example';

interface ScrollSize {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

// The desk's search and case timeline in Debian's chromium (issue #19): search, sort, facets,
// export, saved searches, the timeline and its links, at desktop and phone (390 px) width.
describe('search and case timeline in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let s: SearchScenario;
  let context: BrowserContext;
  let page: Page;
  const seen: string[] = [];
  const remember = async () => {
    seen.push(await page.content());
  };
  // "reference#row" of each result row, in page order.
  const rows = async (p: Page = page) =>
    (await p.locator('table.stack tbody tr td[data-label="Notice"]').allTextContents()).map((t) => {
      const m = /(NR-SRCH-[0-9A-F]+)\s+row (\d+)/.exec(t);
      return m ? `${m[1]}#${m[2]}` : t;
    });
  const item = (n: number, row: number) => `${s.references[n]}#${row}`;

  async function signIn(p: Page): Promise<void> {
    await p.goto('/portal/sign-in');
    await p.getByLabel('E-mail address').fill(EMAIL);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${baseURL}/portal`);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    await app.get(AccountsService).createUser({
      email: EMAIL,
      displayName: 'Sam Search',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    s = await seedSearchScenario(app);
    tb = await launchBrowser();
    context = await newContext(tb.browser, baseURL);
    page = await context.newPage();
    await signIn(page);
  });

  afterAll(async () => {
    await context?.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('searches by prefix from the menu, with counts by status, reason and sender', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Search', exact: true })
      .click();
    await page.getByLabel('IP address or prefix').fill('198.51.100.0/24');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/ip=198\.51\.100\.0%2F24/);
    await remember();
    expect((await rows()).sort()).toEqual([item(0, 1), item(0, 2), item(2, 2)].sort());
    await expect(page.locator('.result-count').textContent()).resolves.toBe('3 items match.');
    const facet = page.locator('.facet', { hasText: 'Item status' });
    await expect(
      facet.getByRole('listitem').filter({ hasText: 'Forwarded' }).first().textContent(),
    ).resolves.toContain('2');
    await screenshot(page, 'search-results');
    await expectAccessible(page);
    // A facet narrows the search.
    await facet.getByRole('link', { name: 'Not forwarded' }).click();
    await page.waitForURL(/status=not_forwarded/);
    expect(await rows()).toEqual([item(0, 2)]);
    await remember();
  });

  it('sorts by a column and reverses it on a second click', async () => {
    await page.goto('/portal/desk/search?ip=198.51.100.0%2F24');
    await page.getByRole('columnheader', { name: 'Port' }).getByRole('link').click();
    await page.waitForURL(/sort=port&dir=asc/);
    expect((await rows())[0]).toBe(item(0, 2));
    const ports = await page.locator('td[data-label="Port"]').allTextContents();
    expect(ports.map(Number)).toEqual([6881, 51413, 51413]);
    await expect(
      page.getByRole('columnheader', { name: /Port/ }).getAttribute('aria-sort'),
    ).resolves.toBe('ascending');
    await page.getByRole('columnheader', { name: /Port/ }).getByRole('link').click();
    await page.waitForURL(/sort=port&dir=desc/);
    const desc = await page.locator('td[data-label="Port"]').allTextContents();
    expect(desc.map(Number)).toEqual([51413, 51413, 6881]);
    await screenshot(page, 'search-sorted-by-port');
    await remember();
  });

  it('downloads the whole result as CSV', async () => {
    await page.goto('/portal/desk/search?ip=198.51.100.0%2F24&sort=ip&dir=asc');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /as CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^notice-items-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^notice,sender,case_id,received_utc,row,ip,port/);
    expect(csv.slice(1).map((l) => l.split(',')[5])).toEqual([
      '198.51.100.7',
      '198.51.100.9',
      '198.51.100.200',
    ]);
    seen.push(csv.join('\n'));
  });

  it('saves a search and opens it again from the list', async () => {
    await page.goto('/portal/desk/search?port=6881');
    await page.getByLabel('Save this search as').fill('Port 6881');
    await page.getByRole('button', { name: 'Save search' }).click();
    await page.waitForURL(/saved=1/);
    await expect(page.getByRole('status').textContent()).resolves.toContain('The search was saved');
    await page.goto('/portal/desk/search');
    await page.getByRole('link', { name: 'Port 6881', exact: true }).click();
    await page.waitForURL(/port=6881/);
    expect((await rows()).sort()).toEqual([item(0, 2), item(1, 1)].sort());
    await screenshot(page, 'search-saved');
    await remember();
  });

  it('opens a case timeline from a result, in time order, with links to each object', async () => {
    await page.goto('/portal/desk/search?q=deluxe');
    await page.getByRole('link', { name: s.references[2] }).click();
    await page.waitForURL(new RegExp(`/portal/desk/notices/${s.references[2]}/timeline$`));
    await remember();
    const times = await page
      .locator('ol.timeline time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect([...times].sort()).toEqual(times);
    await expect(page.locator('ol.timeline').textContent()).resolves.toContain(
      `Row 2 matched one subscriber (${s.subscriber.reference})`,
    );
    await screenshot(page, 'case-timeline');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Challenge', exact: true }).first().click();
    await page.waitForURL(new RegExp(`/portal/desk/challenges/${s.challengeId}$`));
    await remember();
    await page.goBack();
    await page.getByRole('link', { name: 'Evidence for row 2' }).click();
    await page.waitForURL(new RegExp(`/portal/desk/notices/${s.references[2]}#item-2-h$`));
  });

  it('assigns a notice to oneself and adds an internal note by clicking', async () => {
    await page.goto(`/portal/desk/notices/${s.references[1]}/timeline`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.waitForURL(/done=assigned/);
    await expect(page.locator('.case-work').textContent()).resolves.toContain(
      'Assigned to Sam Search (you).',
    );
    await page.getByLabel('Add an internal note').fill('Asked the sender for the time zone.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/done=noted/);
    await expect(page.locator('.notes').textContent()).resolves.toContain(
      'Asked the sender for the time zone.',
    );
    await screenshot(page, 'case-timeline-assigned-with-note');
    await expectAccessible(page);
    await page.goto('/portal/desk/search');
    await page.getByRole('link', { name: 'Assigned to me' }).click();
    await page.waitForURL(/assigned=me/);
    expect(await rows()).toEqual([item(1, 1)]);
    await remember();
  });

  it('marks a selected notice invalid after confirming', async () => {
    await page.goto('/portal/desk/search?reference=' + s.references[1]);
    await page.getByLabel(`Select notice ${s.references[1]}, row 1`).check();
    await page.getByRole('button', { name: 'Mark the selected notices invalid…' }).click();
    await page.waitForURL(/bulk\/invalidate\/confirm$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Mark 1 notice invalid?',
    );
    await page.getByLabel('Why are these notices invalid?').fill('Sender withdrew the claim');
    await screenshot(page, 'bulk-invalidate-confirm');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Mark 1 notice invalid' }).click();
    await page.waitForURL(/bulk\/invalidate$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      '1 marked invalid, 0 not changed.',
    );
    await screenshot(page, 'bulk-invalidate-done');
    await remember();
  });

  it('fits a phone (390 px): no sideways scrolling, results as stacked rows', async () => {
    const phone = await tb.browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
    const p = await phone.newPage();
    try {
      await signIn(p);
      for (const [path, shot] of [
        ['/portal/desk/search?ip=198.51.100.0%2F24', 'search-390'],
        [`/portal/desk/notices/${s.references[2]}/timeline`, 'case-timeline-390'],
      ]) {
        await p.goto(path);
        const size = await p.evaluate(() => {
          const d = (globalThis as unknown as ScrollSize).document.documentElement;
          return { scroll: d.scrollWidth, client: d.clientWidth };
        });
        expect({ path, ...size }).toEqual({ path, scroll: size.client, client: size.client });
        await screenshot(p, shot);
        seen.push(await p.content());
        if (shot === 'search-390') {
          // Stacked: each cell is a block labelled by its column.
          const display = await p
            .locator('table.stack td[data-label="Port"]')
            .first()
            .evaluate(
              (e) =>
                (
                  globalThis as unknown as { getComputedStyle(e: unknown): { display: string } }
                ).getComputedStyle(e).display,
            );
          expect(display).toBe('block');
        }
      }
    } finally {
      await phone.close();
    }
  });

  it('shows no subscriber identity anywhere it went', () => {
    expect(seen.length).toBeGreaterThan(6);
    for (const html of seen) {
      for (const secret of [
        s.subscriber.name,
        s.subscriber.email,
        s.accountNumber,
        s.subscriber.accountId,
      ]) {
        expect(html).not.toContain(secret);
      }
    }
  });
});
