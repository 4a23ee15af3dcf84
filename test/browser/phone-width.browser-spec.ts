import { INestApplication } from '@nestjs/common';
import { BrowserContext, Page } from 'playwright-core';
import { PersonRole, Role } from '../../src/common/roles';
import { TestDatabase } from '../support/test-database';
import { launchBrowser, screenshot, TestBrowser } from './browser';
import { startPortalWalk, walkMenu, WALK_ROLES as ROLES } from './portal-walk';

jest.setTimeout(300_000);

const PASSWORD = 'browser-phone-password-1';
const WIDTH = 390;

// The page, typed here because the tests compile without the DOM library.
interface Box {
  right: number;
}
interface El {
  tagName: string;
  className: unknown;
  id: string;
  children: ArrayLike<El>;
  parentElement: El | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): Box;
}
interface Doc {
  scrollingElement: { scrollWidth: number };
  querySelectorAll(selector: string): ArrayLike<El>;
}

// Every portal page at a phone's width (390×844, issue #19): the page never scrolls sideways
// (document.scrollingElement.scrollWidth <= 390). Each role's menu pages and the first detail
// page each list links to, the public pages and the error pages. A failure names the widest
// elements that stick out.
describe('portal pages at 390 px', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let emails: Record<PersonRole, string>;
  const contexts: BrowserContext[] = [];
  const checked: string[] = [];

  beforeAll(async () => {
    ({ db, app, baseURL, emails } = await startPortalWalk(
      'phone',
      'Phone Width Vendor With A Rather Long Name Ltd',
      PASSWORD,
    ));
    tb = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  async function phone(): Promise<Page> {
    const context = await tb.browser.newContext({
      baseURL,
      viewport: { width: WIDTH, height: 844 },
      deviceScaleFactor: 1,
      isMobile: true,
      hasTouch: true,
    });
    contexts.push(context);
    return context.newPage();
  }

  async function signIn(role: PersonRole): Promise<Page> {
    const page = await phone();
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address').fill(emails[role]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseURL}/portal`);
    return page;
  }

  // The page's width as the browser scrolls it, and the deepest elements reaching past 390 px.
  async function measure(page: Page, where: string): Promise<string | null> {
    checked.push(where);
    const { width, wide, unstacked } = await page.evaluate((limit) => {
      const doc = (globalThis as unknown as { document: Doc }).document;
      const all = Array.from(doc.querySelectorAll('body *'));
      const getStyle = (el: El) =>
        (
          globalThis as unknown as { getComputedStyle(el: El): { overflowX: string } }
        ).getComputedStyle(el);
      const over = (el: El) => el.getBoundingClientRect().right > limit + 0.5;
      // Elements past the screen's edge that are not inside a box that scrolls or clips
      // (those widen the page), last in the document first.
      const clipped = (el: El): boolean => {
        for (let a = el.parentElement; a; a = a.parentElement) {
          if (['auto', 'scroll', 'hidden', 'clip'].includes(getStyle(a).overflowX)) return true;
        }
        return false;
      };
      const out = all
        .filter((el) => over(el) && !clipped(el))
        .reverse()
        .map((el) => {
          const cls = typeof el.className === 'string' && el.className ? `.${el.className}` : '';
          return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls} (right ${Math.round(el.getBoundingClientRect().right)})`;
        });
      // Tables become stacked rows with each cell labelled, but for a row's own link or button
      // (td.actions); the notice form's grid of inputs scrolls in its own box instead.
      const unstacked = [
        ...Array.from(doc.querySelectorAll('main table:not(.stack):not(.item-rows)')).map(
          (t) => `a table not stacked (${t.getAttribute('data-testid') ?? (t.id || 'no id')})`,
        ),
        ...Array.from(
          doc.querySelectorAll(
            'main table.stack tbody td:not([data-label]):not([colspan]):not(.actions)',
          ),
        ).map(
          (td) =>
            `a stacked cell without its label (${(td.textContent ?? '').trim().slice(0, 30)})`,
        ),
      ];
      return { width: doc.scrollingElement.scrollWidth, wide: out.slice(0, 5), unstacked };
    }, WIDTH);
    if (unstacked.length) return `${where}: ${unstacked.slice(0, 5).join('; ')}`;
    if (width <= WIDTH) return null;
    await screenshot(page, `phone-overflow-${where.replace(/[^a-z0-9]+/gi, '-')}`);
    return `${where}: ${width} px wide; sticking out: ${wide.join(', ')}`;
  }

  async function visit(page: Page, path: string): Promise<string | null> {
    const res = await page.goto(path);
    if (!(res?.headers()['content-type'] ?? '').startsWith('text/html')) return null;
    return measure(page, path);
  }

  const failIfAny = (reports: Array<string | null>) => {
    const found = reports.filter((r): r is string => r !== null);
    if (found.length) throw new Error(found.join('\n'));
  };

  it('measures what it should: a page wider than the screen is caught', async () => {
    const page = await phone();
    await page.setContent(
      `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><table><tr><td style="white-space:nowrap">${'wide '.repeat(60)}</td></tr></table></body></html>`,
    );
    expect(await measure(page, 'wide test page')).toMatch(
      /^wide test page: \d+ px wide; sticking out: td/,
    );
  });

  it('fits the public and error pages', async () => {
    const page = await phone();
    const reports = [
      await visit(page, '/portal/sign-in'),
      await visit(page, '/portal/forgot-password'),
      await visit(page, '/portal/password/not-a-valid-token-at-all-xx'),
    ];
    const counsel = await signIn(Role.Complainant);
    await counsel.goto('/portal/admin/users');
    reports.push(await measure(counsel, '403 page'));
    await counsel.goto('/portal/no-such-page');
    reports.push(await measure(counsel, '404 page'));
    failIfAny(reports);
  });

  for (const role of ROLES) {
    it(`fits every page of the ${role} menu and the first page each list links to`, async () => {
      const page = await signIn(role);
      const reports = await walkMenu(page, 'Main', visit);
      failIfAny(reports);
    });
  }

  it('measured the pages of every role', () => {
    for (const path of [
      '/portal',
      '/portal/notices',
      '/portal/desk/notices',
      '/portal/desk/search',
      '/portal/legal/audit',
      '/portal/admin/users',
    ]) {
      expect(checked).toContain(path);
    }
  });
});
