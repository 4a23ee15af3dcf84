import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Page } from 'playwright-core';
import { AppConfig } from '../../src/config/app-config';
import { ChallengeWorld, seedSentWarning } from '../support/challenge-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { axeViolations, describeViolations, portalViolations } from './a11y';
import { launchBrowser, screenshot, TestBrowser } from './browser';

jest.setTimeout(180_000);

interface Doc {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number; lang: string };
    title: string;
  };
}

const ISP = 'Fibre du Nord';

// The subscriber's challenge page (issue #19) in Debian's chromium: French and English, at
// desktop and phone width, from the signed link to the received challenge and a later visit.
describe('the subscriber challenge page in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let config: AppConfig;
  let tb: TestBrowser;
  let baseURL: string;

  // axe's rules plus the portal's own checks (one h1, errors described, summary links);
  // the title names the page and the provider, not notice-relay.
  const expectAccessible = async (page: Page, where: string) => {
    const title = await page.evaluate(() => (globalThis as unknown as Doc).document.title);
    const violations = [
      ...(await axeViolations(page)),
      ...(await portalViolations(page)).filter((v) => v.id !== 'portal-title'),
    ];
    expect(title).toMatch(new RegExp(`^\\S.* · ${ISP}$`));
    if (violations.length) throw new Error(describeViolations(where, violations));
  };
  const width = (page: Page) =>
    page.evaluate(() => {
      const d = (globalThis as unknown as Doc).document.documentElement;
      return { scroll: d.scrollWidth, client: d.clientWidth, lang: d.lang };
    });
  const noLeak = async (page: Page, w: ChallengeWorld) => {
    const html = await page.content();
    for (const secret of w.secrets) expect(html).not.toContain(secret);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, { MODE: 'api', ISP_NAME: ISP });
    app = await createTestApp(config);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    tb = await launchBrowser();
  });

  afterAll(async () => {
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  const cases = [
    {
      lang: 'fr',
      regime: 'fr',
      title: 'Contester un avis relatif au droit d’auteur',
      local: /4 juillet 2026 à 23:13:07 \(UTC\+02:00\)/,
      zone: 'Heure chez vous (heure de Paris)',
      utc: '4 juillet 2026 à 21:13:07 UTC',
      ground: 'Quelqu’un a utilisé ma connexion sans mon autorisation',
      statement: 'Un invité a utilisé mon Wi-Fi ce soir-là sans que je le sache.',
      submit: 'Envoyer la contestation',
      received: 'Contestation reçue',
      later: 'Votre contestation',
      status: 'En cours d’examen par notre service des abus',
      next: /rendra sa décision au plus tard le .* et vous l’enverra par courriel/,
    },
    {
      lang: 'en',
      regime: 'us',
      title: 'Challenge a copyright notice',
      local: /4 July 2026 at 17:13:07 \(UTC-04:00\)/,
      zone: 'Time where you are (Eastern time)',
      utc: '4 July 2026 at 21:13:07 UTC',
      ground: 'Someone used my connection without my permission',
      statement: 'A guest used my Wi-Fi that evening without my knowledge.',
      submit: 'Send challenge',
      received: 'Challenge received',
      later: 'Your challenge',
      status: 'Being reviewed by our abuse desk',
      next: /will decide by .* and send you the decision by e-mail/,
    },
  ] as const;

  for (const c of cases) {
    for (const viewport of [
      { name: 'desktop', width: 1280, height: 900 },
      { name: '390', width: 390, height: 844 },
    ]) {
      it(`${c.lang} at ${viewport.name}: the notice, a challenge, its status on a later visit`, async () => {
        const w = await seedSentWarning(app, config.secretKey, {
          regime: c.regime,
          language: c.lang,
        });
        const context = await tb.browser.newContext({
          baseURL,
          viewport: { width: viewport.width, height: viewport.height },
        });
        const page = await context.newPage();
        try {
          await page.goto(w.path);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(c.title);
          expect((await width(page)).lang).toBe(c.lang);
          expect(await page.locator('.isp-brand__name').textContent()).toBe(ISP);
          // The notice's work, times in the subscriber's zone and in UTC, address and port.
          const first = page.locator('dl.facts').first();
          expect(await first.getByTestId('work').textContent()).toBe('The Lighthouse Keeper');
          expect(await first.getByTestId('local-time').textContent()).toMatch(c.local);
          expect(await first.getByTestId('utc-time').textContent()).toBe(c.utc);
          expect(await first.getByTestId('address').textContent()).toBe('198.51.100.23');
          expect(await first.getByTestId('port').textContent()).toBe('51413');
          expect(await page.getByText(c.zone).count()).toBe(2);
          await noLeak(page, w);
          await expectAccessible(page, `${c.lang} form at ${viewport.name}`);
          if (viewport.name === '390') {
            const d = await width(page);
            expect(d.scroll).toBeLessThanOrEqual(d.client);
          }
          await screenshot(page, `challenge-${c.lang}-${viewport.name}-1-form`);

          await page.getByLabel(c.ground).check();
          await page.locator('#statement').fill(c.statement);
          await page.getByRole('button', { name: c.submit }).click();
          await page.waitForSelector('[data-testid="challenge-reference"]');
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(c.received);
          const reference = (await page.getByTestId('challenge-reference').textContent())?.trim();
          expect(reference).toMatch(/^CH-\d{6}$/);
          expect(await page.getByTestId('challenge-status').textContent()).toBe(c.status);
          expect(await page.getByTestId('next-step').textContent()).toMatch(c.next);
          expect(await page.getByTestId('next-step').textContent()).toContain(reference);
          await noLeak(page, w);
          await expectAccessible(page, `${c.lang} received at ${viewport.name}`);
          if (viewport.name === '390') {
            const d = await width(page);
            expect(d.scroll).toBeLessThanOrEqual(d.client);
          }
          await screenshot(page, `challenge-${c.lang}-${viewport.name}-2-received`);

          // A later visit through the same link: the status, no second form.
          await page.goto(w.path);
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(c.later);
          expect(await page.locator('form').count()).toBe(0);
          expect((await page.getByTestId('challenge-reference').textContent())?.trim()).toBe(
            reference,
          );
          await expectAccessible(page, `${c.lang} later visit at ${viewport.name}`);
          await screenshot(page, `challenge-${c.lang}-${viewport.name}-3-later-visit`);
        } finally {
          await context.close();
        }
      });
    }
  }

  it('switches language with the link in the header, and keeps it through the form', async () => {
    const w = await seedSentWarning(app, config.secretKey, { regime: 'ca', language: 'en' });
    const context = await tb.browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(w.path);
      expect((await width(page)).lang).toBe('en');
      await page
        .getByRole('navigation', { name: 'Language' })
        .getByRole('link', { name: 'Français' })
        .click();
      await page.waitForURL(/lang=fr$/);
      expect((await width(page)).lang).toBe('fr');
      expect(await page.getByRole('navigation', { name: 'Langue' }).count()).toBe(1);
      expect(await page.getByText('Heure chez vous (heure de l’Est)').count()).toBe(2);
      // A statement too short: the errors come back in French, beside the fields.
      await page.getByLabel('L’avis vise le mauvais abonnement').check();
      await page.locator('#statement').evaluate((el) => el.removeAttribute('minlength'));
      await page.locator('#statement').fill('Non.');
      await page.getByRole('button', { name: 'Envoyer la contestation' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.locator('#statement-error').textContent()).toBe(
        'Expliquez en 10 à 5 000 caractères.',
      );
      expect((await width(page)).lang).toBe('fr');
      await expectAccessible(page, 'fr form with errors at 390');
      await screenshot(page, 'challenge-fr-390-errors');
    } finally {
      await context.close();
    }
  });
});
