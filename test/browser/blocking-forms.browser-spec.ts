import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { BrowserContext, Page } from 'playwright-core';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { BlockingOrdersService } from '../../src/modules/blocking/blocking-orders.service';
import { UpdateRequestsService } from '../../src/modules/blocking/update-requests.service';
import { AuditActor } from '../../src/modules/identity/audit.types';
import { parisOrder } from '../support/blocking-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { expectAccessible } from './a11y';
import { launchBrowser, screenshot, TestBrowser } from './browser';

jest.setTimeout(240_000);

const PASSWORD = 'browser-blocking-forms-password-1';
const PDF = Buffer.from('%PDF-1.7\n% order of the court, written for this test\n%%EOF\n', 'latin1');

interface Box {
  tagName: string;
  id: string;
  className: string;
  getBoundingClientRect(): { right: number };
}
interface ScrollSize {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    querySelectorAll(s: string): ArrayLike<Box>;
  };
}

const order = parisOrder;

// Counsel's forms and legal's deadline queue and cost lines in Debian's chromium (issue #18):
// counsel submits an order with its PDF and proposes mirrors, legal confirms from the queue
// ordered by deadline, decides, and records a cost; at desktop and phone (390 px) widths, each
// page checked by axe and the portal's own rules.
describe('blocking forms in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let theirOrderId: string;
  const contexts: BrowserContext[] = [];

  const signIn = async (email: string, width: number): Promise<Page> => {
    const context = await tb.browser.newContext({
      baseURL,
      viewport: { width, height: width < 500 ? 844 : 900 },
    });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseURL}/portal`);
    return page;
  };
  const menu = (page: Page, label: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true });
  // Accessible, and at phone width no sideways scrolling.
  const check = async (page: Page, shot: string, width: number): Promise<void> => {
    await expectAccessible(page, shot);
    if (width < 500) {
      const size = await page.evaluate(() => {
        const d = (globalThis as unknown as ScrollSize).document;
        const client = d.documentElement.clientWidth;
        // The elements reaching past the screen's edge, named so a failure says what to fix.
        const scroll = d.documentElement.scrollWidth;
        const wide = Array.from(scroll > client ? d.querySelectorAll('main *') : [])
          .filter((e) => e.getBoundingClientRect().right > client + 1)
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className}`);
        return { scroll, client, wide };
      });
      expect({ shot, scroll: size.scroll, wide: size.wide }).toEqual({
        shot,
        scroll: size.client,
        wide: [],
      });
    }
    await screenshot(page, `${shot}-${width}`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    await app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const accounts = app.get(AccountsService);
    const [ours, theirs] = await Promise.all(
      ['Forms Counsel LLP', 'Other Counsel LLP'].map((name) =>
        accounts.createOrganisation({
          name,
          kind: OrganisationKind.LawFirm,
          accreditation: Accreditation.Accredited,
        }),
      ),
    );
    const users = await Promise.all([
      accounts.createUser({
        email: 'counsel-f@law.example',
        displayName: 'Cleo Counsel',
        role: Role.Complainant,
        organisationId: ours.id,
        password: PASSWORD,
      }),
      accounts.createUser({
        email: 'legal-f@isp.example',
        displayName: 'Lou Legal',
        role: Role.Legal,
        password: PASSWORD,
      }),
      accounts.createUser({
        email: 'counsel-o@law.example',
        displayName: 'Otto Other',
        role: Role.Complainant,
        organisationId: theirs.id,
        password: PASSWORD,
      }),
    ]);
    const counsel: AuditActor = { kind: 'user', id: users[0].id, role: Role.Complainant };
    const legal: AuditActor = { kind: 'user', id: users[1].id, role: Role.Legal };
    const other: AuditActor = { kind: 'user', id: users[2].id, role: Role.Complainant };
    const orders = app.get(BlockingOrdersService);
    const updates = app.get(UpdateRequestsService);
    const evidence = { description: 'same catalogue', seenAt: '2026-11-30T20:00:00Z' };
    // Three confirmed orders with 15, 2 and 0 days to implement; a proposal under each, the
    // one with the latest deadline sent first: the queue reads them by deadline, not by age.
    for (const [days, mirror] of [
      [15, 'late-deadline.example'],
      [2, 'soon-deadline.example'],
      [0, 'overdue-deadline.example'],
    ] as const) {
      const submitted = await orders.record(
        { actor: counsel, organisationId: ours.id, legal: false },
        order({
          implementationDays: days,
          caseNumber: `RG 26/0${days}00`,
          targets: [`base-${days}.example`],
        }),
      );
      await orders.confirm(legal, submitted.order.id, 'served on us');
      await updates.propose(counsel, submitted.order.id, ours.id, [
        { value: mirror, mirrorOf: `base-${days}.example`, evidence },
      ]);
    }
    // Another firm's order and proposal, which our counsel must never see.
    const theirOrder = await orders.record(
      { actor: other, organisationId: theirs.id, legal: false },
      order({ caseNumber: 'RG 26/99999', targets: ['their-site.example'] }),
    );
    theirOrderId = theirOrder.order.id;
    await orders.confirm(legal, theirOrderId, 'served on us');
    await updates.propose(other, theirOrder.order.id, theirs.id, [
      { value: 'their-mirror.example', mirrorOf: 'their-site.example', evidence },
    ]);
    tb = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  describe.each([1280, 390])('at %i px', (width) => {
    const caseNumber = `RG 26/${width}`;
    const site = `stream-${width}.example`;
    const mirrors = [`mirror-${width}-a.example`, `mirror-${width}-b.example`];

    it('lets counsel submit an order with its PDF, each mistake named beside its field', async () => {
      const page = await signIn('counsel-f@law.example', width);
      await menu(page, 'Blocking orders').click();
      await page.getByRole('link', { name: 'Submit an order' }).click();
      await page.getByRole('heading', { name: 'Submit a blocking order' }).waitFor();
      await check(page, 'blocking-order-new', width);
      // Nothing filled in: every required field says what it needs, nothing is recorded.
      await page.getByRole('button', { name: 'Submit the order' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      for (const message of [
        'Give the court (up to 300 characters)',
        'Give the jurisdiction as a two-letter code, like fr',
        'Give the names to block, one a line (up to 10,000)',
        'Choose the order document (a PDF file)',
        'Choose how the order may be extended to mirrors',
      ]) {
        await page.locator('.field-error', { hasText: message }).waitFor();
      }
      expect(await page.getByLabel('DNS blocking').isChecked()).toBe(true);
      await check(page, 'blocking-order-new-errors', width);

      await page.getByLabel('Court', { exact: true }).fill('Tribunal judiciaire de Paris');
      await page.getByLabel('Jurisdiction', { exact: true }).fill('fr');
      await page.getByLabel('Case number').fill(caseNumber);
      await page.getByLabel('Date of the order').fill('2026-12-01');
      await page.getByLabel('Claimants', { exact: true }).fill('Studio A\nStudio B');
      await page.getByLabel('ISP named in the order').fill('Example Access');
      // An address while only DNS blocking is ordered: refused by the register, line named.
      await page.getByLabel('Sites to block').fill(`${site}\n203.0.113.9`);
      await page.getByLabel('Deadline to implement (days)').fill('15');
      if (width < 500) {
        await page.getByLabel('Live-event windows', { exact: true }).check();
        await page
          .getByLabel('Live-event windows (if live events)')
          .fill(
            '2027-01-10 20:00, 2027-01-10 23:00, Paris v Lyon\n2027-01-17 20:00, 2027-01-17 23:00, Lyon v Nice',
          );
      } else {
        await page.getByLabel('A number of months from the order').check();
        await page.getByLabel('Duration in months (if months)').fill('12');
      }
      await page.getByLabel('Who bears the cost').selectOption('rights_holders');
      await page.getByLabel("An authority's request (refusable)").check();
      await page.getByLabel('How to contest').fill('Référé devant le tribunal judiciaire de Paris');
      await page
        .getByLabel('Order document (PDF, at most 10 MB)')
        .setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Submit the order' }).click();
      await page
        .locator('.field-error', {
          hasText: 'line 2: IP blocking is not among the ordered measures',
        })
        .waitFor();
      // What was typed is kept; the file is chosen again, as browsers require.
      expect(await page.getByLabel('Case number').inputValue()).toBe(caseNumber);
      await page.getByLabel('Sites to block').fill(site);
      await page
        .getByLabel('Order document (PDF, at most 10 MB)')
        .setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.getByRole('button', { name: 'Submit the order' }).click();
      await page.waitForURL(/\/portal\/blocking\/orders\/[0-9a-f-]+\?submitted=1$/);
      await expect(page.getByRole('status').textContent()).resolves.toMatch(
        /Order BO-\d{4}-[0-9A-F]{8} was received with its document; legal will confirm it\./,
      );
      expect(await page.getByTestId('order-status').textContent()).toBe('submitted');
      await page.getByText(/SHA-256 [0-9a-f]{64}/).waitFor();
      if (width < 500) await page.getByText(/Lyon v Nice: 2027-01-17 20:00:00 UTC/).waitFor();
      expect(await page.getByRole('heading', { name: 'Cost lines' }).count()).toBe(0);
      await check(page, 'blocking-order-submitted', width);

      // Counsel's list: its own orders with their status, never another firm's.
      await menu(page, 'Blocking orders').click();
      const row = page.locator('tr', { hasText: caseNumber });
      expect(await row.getByText('submitted').count()).toBe(1);
      expect(await page.getByText('RG 26/99999').count()).toBe(0);
      await check(page, 'blocking-orders-counsel', width);
    });

    it('gives legal the queue by deadline, overdue marked; legal confirms the order from it', async () => {
      const page = await signIn('legal-f@isp.example', width);
      await menu(page, 'Blocking updates').click();
      await page.getByRole('heading', { name: 'Update review queue' }).waitFor();
      // The proposals read soonest deadline first, whatever order they came in.
      const cells = await page
        .locator('[data-testid^="deadline-"]')
        .evaluateAll((els) =>
          els.map((e) =>
            (e as unknown as { getAttribute(n: string): string }).getAttribute('data-testid'),
          ),
        );
      const seeded = cells.filter((c) => /deadline-(overdue|soon|late)-deadline/.test(c));
      expect(seeded).toEqual([
        'deadline-overdue-deadline.example',
        'deadline-soon-deadline.example',
        'deadline-late-deadline.example',
      ]);
      await expect(
        page.getByTestId('deadline-overdue-deadline.example').textContent(),
      ).resolves.toContain('overdue');
      await expect(
        page.getByTestId('deadline-soon-deadline.example').textContent(),
      ).resolves.not.toContain('overdue');
      await check(page, 'blocking-review-queue', width);

      // Counsel's order waits for confirmation with its deadline (order date + 15 days).
      const waiting = page.locator('tr', { hasText: caseNumber });
      await waiting.getByText('2026-12-16 00:00:00 UTC').waitFor();
      await waiting.getByRole('link').click();
      await page.getByRole('heading', { name: 'Confirm or reject this order' }).waitFor();
      await page.getByRole('button', { name: 'Record the decision on the order' }).click();
      await page.locator('.field-error', { hasText: 'Choose confirm or reject' }).waitFor();
      await page.getByLabel('Confirm', { exact: true }).check();
      await page.getByLabel('Reason', { exact: true }).fill('served on us on 2026-12-02');
      await page.getByRole('button', { name: 'Record the decision on the order' }).click();
      await page.getByText(/Order BO-\S+ confirmed: its targets take effect now\./).waitFor();
      expect(await page.getByTestId('order-status').textContent()).toBe('confirmed');
      await check(page, 'blocking-order-confirmed', width);
    });

    it('lets counsel propose mirrors under the confirmed order with evidence', async () => {
      const page = await signIn('counsel-f@law.example', width);
      await menu(page, 'Blocking orders').click();
      await page.locator('tr', { hasText: caseNumber }).getByRole('link').click();
      await page.getByRole('link', { name: 'Propose mirrors under this order' }).click();
      await page.getByRole('heading', { name: 'Propose mirrors' }).waitFor();
      // Only our own confirmed orders are offered, this one chosen.
      const options = await page
        .getByLabel('Order', { exact: true })
        .locator('option')
        .allTextContents();
      expect(options.some((o) => o.includes(caseNumber))).toBe(true);
      expect(options.some((o) => o.includes('RG 26/99999'))).toBe(false);
      await check(page, 'blocking-request-new', width);
      await page.getByRole('button', { name: 'Send the proposals' }).click();
      await page.locator('.field-error', { hasText: 'Give the mirrors, one a line' }).waitFor();
      await page
        .locator('.field-error', { hasText: 'Give the date and time the mirrors were seen (UTC)' })
        .waitFor();
      await check(page, 'blocking-request-new-errors', width);
      await page.getByLabel('Mirror of').fill(site);
      await page.getByLabel('Mirrors', { exact: true }).fill(mirrors.join('\n'));
      await page
        .getByLabel('Evidence', { exact: true })
        .fill('Same catalogue and layout; the old domain redirects here');
      await page.getByLabel('Seen at (UTC)').fill('2026-12-03T21:15');
      await page.getByLabel('SHA-256 of the saved page (optional)').fill('not-a-hash');
      await page.getByRole('button', { name: 'Send the proposals' }).click();
      await page
        .locator('.field-error', { hasText: 'A page hash is a SHA-256: 64 hexadecimal characters' })
        .waitFor();
      expect(await page.getByLabel('Mirrors', { exact: true }).inputValue()).toBe(
        mirrors.join('\n'),
      );
      await page.getByLabel('SHA-256 of the saved page (optional)').fill('ab'.repeat(32));
      await page.getByRole('button', { name: 'Send the proposals' }).click();
      await page.waitForURL(/\/portal\/blocking\/update-requests\?proposed=2$/);
      await expect(page.getByRole('status').textContent()).resolves.toContain(
        '2 proposals sent; legal will decide each.',
      );
      for (const m of mirrors) await page.getByTestId(`deadline-${m}`).waitFor();
      expect(await page.getByText('their-mirror.example').count()).toBe(0);
      await check(page, 'blocking-requests-counsel', width);

      // Another firm's order is not ours to extend: the form says so and records nothing.
      await page.goto(`/portal/blocking/update-requests/new?order=${theirOrderId}`);
      const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
      const response = await page.request.post('/portal/blocking/update-requests', {
        form: {
          _csrf: csrf,
          orderId: theirOrderId,
          targets: 'sneaky.example',
          mirrorOf: 'their-site.example',
          description: 'same catalogue',
          seenAt: '2026-12-03T21:15',
        },
      });
      expect(response.status()).toBe(404);
      expect(await response.text()).toContain('No such blocking order');
    });

    it('lets legal approve the proposals from the queue and record a cost line', async () => {
      const page = await signIn('legal-f@isp.example', width);
      await menu(page, 'Blocking updates').click();
      for (const m of mirrors) await page.getByLabel(`Select ${m}`).check();
      await page.getByRole('radio', { name: 'Approve' }).check();
      await page.getByLabel('Legal basis (to approve)').selectOption('authority');
      await page
        .getByLabel('Court reference, authority request id or agreement')
        .fill(`ARCOM-2026-${width}`);
      await page.getByLabel('Reason', { exact: true }).fill('characterised by the authority');
      await page
        .getByRole('button', { name: 'Record the decision for the selected requests' })
        .click();
      await page.getByText('2 approved, 0 refused.').waitFor();
      for (const m of mirrors) {
        expect(await page.getByTestId(`request-status-${m}`).textContent()).toBe('approved');
      }

      await menu(page, 'Blocking orders').click();
      await page.locator('tr', { hasText: caseNumber }).getByRole('link').click();
      await page.getByRole('heading', { name: 'Cost lines' }).waitFor();
      await page.getByText('No cost line yet.').waitFor();
      await page.getByLabel('Date incurred').fill('2026-12-04');
      await page.getByLabel('Work or expense').fill('Resolver configuration and checks');
      await page.getByLabel('Hours', { exact: true }).fill('2.5');
      await page.getByLabel('Amount', { exact: true }).fill('1250,50');
      await page.getByRole('button', { name: 'Record the cost line' }).click();
      await page
        .locator('.field-error', { hasText: 'Give the amount in the currency, like 1250.00' })
        .waitFor();
      expect(await page.getByLabel('Work or expense').inputValue()).toBe(
        'Resolver configuration and checks',
      );
      await check(page, 'blocking-cost-errors', width);
      await page.getByLabel('Amount', { exact: true }).fill('1250.50');
      await page.getByRole('button', { name: 'Record the cost line' }).click();
      await page
        .getByText('Cost line recorded: Resolver configuration and checks, 1250.50 EUR.')
        .waitFor();
      await expect(page.getByTestId('cost-amount').textContent()).resolves.toBe('1250.50 EUR');
      await page.getByLabel('Date incurred').fill('2026-12-05');
      await page.getByLabel('Work or expense').fill('Expiry review');
      await page.getByLabel('Hours', { exact: true }).fill('0.25');
      await page.getByLabel('Amount', { exact: true }).fill('49.5');
      await page.getByRole('button', { name: 'Record the cost line' }).click();
      await page.getByText('Cost line recorded: Expiry review, 49.5 EUR.').waitFor();
      await expect(page.getByTestId('cost-total-EUR').textContent()).resolves.toBe(
        'Total in EUR: 2.75 hours, 1300.00 EUR',
      );
      await check(page, 'blocking-order-costs', width);
    });
  });

  it("never shows counsel the cost lines, nor another firm's order", async () => {
    const page = await signIn('counsel-o@law.example', 1280);
    await menu(page, 'Blocking orders').click();
    expect(await page.getByText('RG 26/1280').count()).toBe(0);
    await page.locator('tr', { hasText: 'RG 26/99999' }).getByRole('link').click();
    expect(await page.getByRole('heading', { name: 'Cost lines' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record the cost line' }).count()).toBe(0);
    const forbidden = await page.request.post(`${page.url()}/costs`, {
      form: {
        incurredOn: '2026-12-01',
        description: 'x',
        hours: '1',
        amount: '1',
        currency: 'EUR',
      },
    });
    expect(forbidden.status()).toBe(403);
  });
});
