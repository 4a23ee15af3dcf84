import { INestApplication } from '@nestjs/common';
import { BrowserContext, Page } from 'playwright-core';
import { PersonRole, Role } from '../../src/common/roles';
import { Language } from '../../src/common/i18n/translator';
import { RequestIntakeService } from '../../src/modules/disclosure/request-intake.service';
import { systemActor } from '../../src/modules/identity/audit.types';
import { portalPhrase } from '../../src/modules/portal/i18n/portal.catalogue';
import { TestDatabase } from '../support/test-database';
import { axeViolations, describeViolations, portalViolations } from './a11y';
import { launchBrowser, newContext, TestBrowser } from './browser';
import { startPortalWalk, walkMenu, WALK_ROLES as ROLES } from './portal-walk';

jest.setTimeout(600_000);

const PASSWORD = 'browser-a11y-password-1';
// Every audit runs in both languages of the portal: French pages must pass it as well.
const LANGUAGES: readonly Language[] = ['en', 'fr'];

// The portal through axe-core (WCAG 2 A/AA and best practices) in Debian's chromium: every
// page of each role's menu, the first detail page each list links to, sign-in, the 403 and
// 404 pages and forms showing their errors, in English and in French (the `nr_lang` cookie;
// accessible names are read from the catalogue). Then the keyboard basics, without a mouse.
describe('portal accessibility in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let emails: Record<PersonRole, string>;
  const contexts: BrowserContext[] = [];
  // Every page audited, by address or description, per language.
  const audited: Record<Language, string[]> = { en: [], fr: [] };

  beforeAll(async () => {
    let org: string;
    let notice: { reference: string };
    ({
      db,
      app,
      baseURL,
      emails,
      organisationId: org,
      notice,
    } = await startPortalWalk('a11y', 'A11y Vendor', PASSWORD));
    await app.get(RequestIntakeService).submit(
      {
        actor: systemActor('a11y-test'),
        organisationId: org,
        channel: 'paper',
        restrictToOrganisation: false,
      },
      {
        kind: 'fr_arcom_identification',
        issuingBody: 'Arcom',
        caseNumber: 'ARCOM-A11Y-1',
        noticeReferences: [notice.reference],
        allowedFields: ['fullName', 'postalAddress'],
        objectionWindowDays: 0,
        respondBy: null,
      },
    );
    tb = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  // The page's language for each page, so audits know which list they belong to.
  const languageOf = new WeakMap<Page, Language>();

  async function freshPage(lang: Language = 'en'): Promise<Page> {
    const context = await newContext(tb.browser, baseURL);
    if (lang !== 'en') await context.addCookies([{ name: 'nr_lang', value: lang, url: baseURL }]);
    contexts.push(context);
    const page = await context.newPage();
    languageOf.set(page, lang);
    return page;
  }

  async function signIn(role: PersonRole, lang: Language = 'en'): Promise<Page> {
    const say = (phrase: string) => portalPhrase(lang, phrase);
    const page = await freshPage(lang);
    await page.goto('/portal/sign-in');
    await page.getByLabel(say('E-mail address')).fill(emails[role]);
    await page.getByLabel(say('Password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: say('Sign in') }).click();
    await page.waitForURL(`${baseURL}/portal`);
    return page;
  }

  // Audits the page as it is now; returns the report of its violations, or null.
  async function audit(page: Page, where: string): Promise<string | null> {
    const lang = languageOf.get(page) ?? 'en';
    audited[lang].push(where);
    expect([where, await page.getAttribute('html', 'lang')]).toEqual([where, lang]);
    const violations = [...(await axeViolations(page)), ...(await portalViolations(page))];
    return violations.length ? describeViolations(`${where} (${lang})`, violations) : null;
  }

  // Opens a portal page and audits it; only HTML pages are audited (not a PDF or a download).
  async function visit(page: Page, path: string): Promise<string | null> {
    const res = await page.goto(path);
    if (!(res?.headers()['content-type'] ?? '').startsWith('text/html')) return null;
    return audit(page, path);
  }

  const failIfAny = (reports: Array<string | null>) => {
    const found = reports.filter((r): r is string => r !== null);
    if (found.length) throw new Error(found.join('\n\n'));
  };

  // The audit itself: a page with known faults is reported, rule by rule and element by element.
  it('reports the faults of a page that has them', async () => {
    const page = await freshPage();
    await page.setContent(
      `<!doctype html><html><head><title> · notice-relay</title></head><body><main>
        <h1>One</h1><h1>Two</h1><img src="x.png">
        <p style="color:#aaa;background:#fff">low contrast</p>
        <div class="error-summary"><a href="#nowhere">Fix it</a></div>
        <input type="text" aria-invalid="true">
        <table><tr><th>Head</th></tr><tr><td>1</td></tr></table></main></body></html>`,
    );
    const axe = await axeViolations(page);
    expect(axe.map((v) => v.id)).toEqual(
      expect.arrayContaining(['html-has-lang', 'image-alt', 'color-contrast', 'label']),
    );
    const own = await portalViolations(page);
    expect(own.map((v) => v.id).sort()).toEqual([
      'portal-invalid-described',
      'portal-one-h1',
      'portal-summary-links',
      'portal-th-scope',
      'portal-title',
    ]);
    const report = describeViolations('the faulty page', [...axe, ...own]);
    expect(report).toContain('- image-alt (critical):');
    expect(report).toContain('    at img');
  });

  for (const lang of LANGUAGES) {
    const say = (phrase: string) => portalPhrase(lang, phrase);

    it(`has no violations on the sign-in page, empty or showing its errors (${lang})`, async () => {
      const page = await freshPage(lang);
      const reports = [await visit(page, '/portal/sign-in')];
      await page.getByLabel(say('E-mail address')).fill('not-an-address');
      await page.getByRole('button', { name: say('Sign in') }).click();
      await page.locator('.error-summary').waitFor();
      reports.push(await audit(page, 'sign-in with errors'));
      failIfAny(reports);
    });

    for (const role of ROLES) {
      it(`has no violations on any page of the ${role} menu or the first page each list links to (${lang})`, async () => {
        const page = await signIn(role, lang);
        const reports = await walkMenu(page, say('Main'), visit);
        failIfAny(reports);
      });
    }

    it(`has no violations on the 403 and 404 pages (${lang})`, async () => {
      const page = await signIn(Role.Complainant, lang);
      const forbidden = await page.goto('/portal/admin/users');
      expect(forbidden?.status()).toBe(403);
      const reports = [await audit(page, '403 page')];
      const missing = await page.goto('/portal/no-such-page');
      expect(missing?.status()).toBe(404);
      reports.push(await audit(page, '404 page'));
      failIfAny(reports);
    });

    it(`has no violations on forms showing validation errors (${lang})`, async () => {
      const reports: Array<string | null> = [];
      const counsel = await signIn(Role.Complainant, lang);
      await counsel.goto('/portal/api-keys');
      await counsel.getByRole('button', { name: say('Create key') }).click();
      await counsel.locator('#name-error').waitFor();
      reports.push(await audit(counsel, 'API key form with errors'));
      await counsel.goto('/portal/notices/new');
      await counsel.getByRole('button', { name: say('Submit notice') }).click();
      await counsel.locator('.error-summary').waitFor();
      reports.push(await audit(counsel, 'notice form with errors'));
      await counsel.goto('/portal/disclosure-requests/new');
      await counsel.getByRole('button', { name: say('Send request') }).click();
      await counsel.locator('.error-summary').waitFor();
      reports.push(await audit(counsel, 'disclosure request form with errors'));

      const desk = await signIn(Role.AbuseDesk, lang);
      await desk.goto('/portal/desk/attribution');
      await desk.locator('main form button[type="submit"]').first().click();
      await desk.locator('.error-summary').waitFor();
      reports.push(await audit(desk, 'attribution lookup with errors'));

      const legal = await signIn(Role.Legal, lang);
      await legal.goto('/portal/legal/holds');
      await legal.getByRole('button', { name: say('Place hold') }).click();
      await legal.locator('.error-summary').waitFor();
      reports.push(await audit(legal, 'legal hold form with errors'));
      // The decision form of a request under review, sent empty.
      await legal.goto('/portal/legal/disclosure');
      await legal.locator('main tbody a').first().click();
      // The first language's run started the review; the second finds it under review.
      const start = legal.getByRole('button', { name: say('Start review') });
      if (await start.count()) await start.click();
      await legal.getByRole('button', { name: say('Record decision') }).click();
      await legal.locator('.error-summary').waitFor();
      reports.push(await audit(legal, 'disclosure decision with errors'));
      await legal.goto('/portal/legal/identity');
      await legal.getByRole('button', { name: say('Open identity (recorded)') }).click();
      await legal.locator('.error-summary').waitFor();
      reports.push(await audit(legal, 'identity form with errors'));
      failIfAny(reports);
    });

    it(`audited every menu page of every role (${lang})`, () => {
      for (const path of [
        '/portal',
        '/portal/notices',
        '/portal/notices/new',
        '/portal/desk/notices',
        '/portal/desk/quarantine',
        '/portal/api-keys',
        '/portal/legal/disclosure',
        '/portal/admin/users',
      ]) {
        expect(audited[lang]).toContain(path);
      }
      expect(
        audited[lang].some((p) => /^\/portal\/legal\/disclosure\/[0-9a-f-]{36}$/.test(p)),
      ).toBe(true);
      // French audits every page English does.
      if (lang === 'fr')
        expect([...new Set(audited.fr)].sort()).toEqual([...new Set(audited.en)].sort());
    });
  }

  // The keyboard alone: the skip link comes first and moves focus to the content, focus is
  // visible on every stop, and the sign-in form is filled and sent with Tab and Enter.
  it('signs in with the keyboard alone, the skip link first and every focus visible', async () => {
    const page = await freshPage();
    await page.goto('/portal/sign-in');
    const focused = () =>
      page.evaluate(() => {
        const el = (globalThis as unknown as { document: { activeElement: FocusedElement } })
          .document.activeElement;
        const win = globalThis as unknown as {
          getComputedStyle(e: FocusedElement): { outlineStyle: string; outlineWidth: string };
        };
        const style = win.getComputedStyle(el);
        return {
          tag: el.tagName.toLowerCase(),
          id: el.id,
          name: el.getAttribute('name'),
          text: (el.textContent ?? '').trim(),
          outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px',
        };
      });

    await page.keyboard.press('Tab');
    const skip = await focused();
    expect(skip).toMatchObject({ tag: 'a', text: 'Skip to main content', outline: true });
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');

    // From the main content on, Tab reaches the e-mail field, the password and the button.
    const stops: Array<Awaited<ReturnType<typeof focused>>> = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      stops.push(f);
      expect(f.outline).toBe(true);
      if (f.name === 'email') await page.keyboard.type(emails[Role.AbuseDesk]);
      if (f.name === 'password') await page.keyboard.type(PASSWORD);
      if (f.tag === 'button') break;
    }
    expect(stops.map((s) => s.name ?? s.tag)).toEqual(['email', 'password', 'button']);
    await Promise.all([page.waitForURL(`${baseURL}/portal`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toContain('Abuse desk dashboard');

    // Signed in: the header, the menu and the dashboard's links all show where focus is.
    const visible: boolean[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      visible.push((await focused()).outline);
    }
    expect(visible.every(Boolean)).toBe(true);
  });
});

interface FocusedElement {
  tagName: string;
  id: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
}
