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
import { ProtectedListService } from '../../src/modules/blocking/protected-list.service';
import { UpdateRequestsService } from '../../src/modules/blocking/update-requests.service';
import { AuditActor } from '../../src/modules/identity/audit.types';
import { parisOrder } from '../support/blocking-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(120_000);

const PASSWORD = 'browser-blocking-password-1';
const RED = 'rgb(176, 0, 32)';
// Runs in the page; typed here because the tests compile without the DOM library.
const colorOf = (el: unknown): string =>
  (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(
    el,
  ).color;

// The blocking register's pages in Debian's chromium (issue #18): legal decides counsel's
// mirror proposals in bulk by clicking, counsel follows their status, the desk only reads.
describe('blocking pages in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let orderId: string;
  const contexts: BrowserContext[] = [];

  const signIn = async (email: string): Promise<Page> => {
    const context = await newContext(tb.browser, baseURL);
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

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    await app.listen(0, '127.0.0.1');
    baseURL = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const accounts = app.get(AccountsService);
    const org = await accounts.createOrganisation({
      name: 'Blocking Counsel LLP',
      kind: OrganisationKind.LawFirm,
      accreditation: Accreditation.Accredited,
    });
    const users = await Promise.all([
      accounts.createUser({
        email: 'counsel-b@law.example',
        displayName: 'Cora Counsel',
        role: Role.Complainant,
        organisationId: org.id,
        password: PASSWORD,
      }),
      accounts.createUser({
        email: 'legal-b@isp.example',
        displayName: 'Lee Legal',
        role: Role.Legal,
        password: PASSWORD,
      }),
      accounts.createUser({
        email: 'desk-b@isp.example',
        displayName: 'Dee Desk',
        role: Role.AbuseDesk,
        password: PASSWORD,
      }),
    ]);
    const counsel: AuditActor = { kind: 'user', id: users[0].id, role: Role.Complainant };
    const legal: AuditActor = { kind: 'user', id: users[1].id, role: Role.Legal };
    await app
      .get(ProtectedListService)
      .add(legal, { value: '104.16.0.0/13', asn: '13335', note: 'CDN' });
    const orders = app.get(BlockingOrdersService);
    const submitted = await orders.record(
      { actor: counsel, organisationId: org.id, legal: false },
      parisOrder({
        caseNumber: 'RG 26/01234',
        measures: ['dns', 'ip'],
        updateBasis: 'authority',
        targets: ['pirate.example'],
      }),
    );
    orderId = submitted.order.id;
    await orders.confirm(legal, orderId, 'served on us');
    const evidence = { description: 'same catalogue', seenAt: '2026-11-30T20:00:00Z' };
    await app.get(UpdateRequestsService).propose(counsel, orderId, org.id, [
      { value: 'mirror-a.example', mirrorOf: 'pirate.example', evidence },
      { value: '104.17.0.5', mirrorOf: 'pirate.example', evidence },
      { value: 'mirror-b.example', mirrorOf: 'pirate.example', evidence },
    ]);
    tb = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('lets legal decide in bulk citing a basis; a protected address is refused, the flag shown in red', async () => {
    const page = await signIn('legal-b@isp.example');
    await menu(page, 'Blocking updates').click();
    await page.getByRole('heading', { name: 'Update review queue' }).waitFor();
    const flag = page.getByText(
      /protected: 104\.17\.0\.5 overlaps protected cidr 104\.16\.0\.0\/13/,
    );
    expect(await flag.evaluate(colorOf)).toBe(RED);
    // Nothing ticked: the form says so and nothing changes.
    await page.getByRole('radio', { name: 'Approve' }).check();
    await page.getByLabel('Reason', { exact: true }).fill('characterised by the authority');
    await page
      .getByRole('button', { name: 'Record the decision for the selected requests' })
      .click();
    await page.getByText('Tick at least one request').first().waitFor();
    await page.getByLabel('Select mirror-a.example').check();
    await page.getByLabel('Select 104.17.0.5').check();
    await page.getByRole('radio', { name: 'Approve' }).check();
    await page.getByLabel('Legal basis (to approve)').selectOption('authority');
    await page
      .getByLabel('Court reference, authority request id or agreement')
      .fill('ARCOM-2026-0042');
    await page.getByLabel('Reason', { exact: true }).fill('characterised by the authority');
    await page
      .getByRole('button', { name: 'Record the decision for the selected requests' })
      .click();
    await page.getByText('1 approved, 1 refused.').waitFor();
    expect(await page.getByTestId('request-status-mirror-a.example').textContent()).toBe(
      'approved',
    );
    expect(await page.getByTestId('request-status-104.17.0.5').textContent()).toBe('refused');
    await screenshot(page, 'blocking-legal-queue');
    // The last one approved over the protected list with a written override: red everywhere.
    await page.getByLabel('Select mirror-b.example').check();
    await page.getByRole('radio', { name: 'Refuse' }).check();
    await page.getByLabel('Ground (to refuse)').selectOption('not_a_mirror');
    await page.getByLabel('Reason', { exact: true }).fill('different catalogue');
    await page
      .getByRole('button', { name: 'Record the decision for the selected requests' })
      .click();
    await page.getByText('0 approved, 1 refused.').waitFor();
    expect(await page.getByTestId('request-status-mirror-b.example').textContent()).toBe('refused');
  });

  it('lets legal protect a name; an override made through the API shows in red on the order and the list', async () => {
    const page = await signIn('legal-b@isp.example');
    await menu(page, 'Protected list').click();
    await page.getByLabel('Name, range or AS number').fill('not a name!');
    await page.getByRole('button', { name: 'Protect' }).click();
    await page
      .getByText(/is not a valid domain name/)
      .first()
      .waitFor();
    await page.getByLabel('Name, range or AS number').fill('lawful-iptv.example');
    await page.getByLabel('Why it is protected').fill('licensed IPTV');
    await page.getByRole('button', { name: 'Protect' }).click();
    await page.getByText('fqdn lawful-iptv.example is now protected.').waitFor();
    const legal: AuditActor = { kind: 'user', id: 'legal', role: Role.Legal };
    const [pending] = await app.get(UpdateRequestsService).propose(legal, orderId, null, [
      {
        value: '104.18.0.9',
        mirrorOf: 'pirate.example',
        evidence: { description: 'origin server', seenAt: '2026-12-01T08:00:00Z' },
      },
    ]);
    await app.get(UpdateRequestsService).decide(legal, [pending.id], {
      decision: 'approve',
      basis: { kind: 'court_order', reference: 'RG 26/09999' },
      reason: 'named by the court',
      overrideJustification: 'the court found this address dedicated to the infringing service',
    });
    await page.reload();
    const override = page.getByText(/104\.18\.0\.9.*the court found this address dedicated/);
    expect(await override.evaluate(colorOf)).toBe(RED);
    await page.goto(`/portal/blocking/orders/${orderId}`);
    const onOrder = page.getByText(/Override of the protected list: the court found/);
    expect(await onOrder.evaluate(colorOf)).toBe(RED);
    await screenshot(page, 'blocking-order');
  });

  it('shows counsel its requests and their status, with no decision form', async () => {
    const page = await signIn('counsel-b@law.example');
    await menu(page, 'Blocking updates').click();
    expect(await page.getByTestId('request-status-mirror-a.example').textContent()).toBe(
      'approved',
    );
    expect(await page.getByRole('button', { name: /Record the decision/ }).count()).toBe(0);
    expect(await menu(page, 'Protected list').count()).toBe(0);
    await menu(page, 'Blocking orders').click();
    expect(await page.getByRole('link', { name: /export/ }).count()).toBe(0);
    const forbidden = await page.goto('/portal/blocking/protected');
    expect(forbidden?.status()).toBe(403);
  });

  it('gives the desk a read-only view and the exports', async () => {
    const page = await signIn('desk-b@isp.example');
    await menu(page, 'Protected list').click();
    expect(await page.getByRole('button', { name: 'Protect' }).count()).toBe(0);
    await menu(page, 'Blocking orders').click();
    const href = await page.getByRole('link', { name: 'rpz export' }).getAttribute('href');
    const rpz = await page.request.get(href!);
    expect(rpz.status()).toBe(200);
    const text = await rpz.text();
    expect(text).toContain('mirror-a.example IN A 192.0.2.80');
    expect(text).not.toContain('mirror-b.example');
    const post = await page.request.post('/portal/blocking/protected', {
      form: { value: 'x.example' },
    });
    expect(post.status()).toBe(403);
  });
});
