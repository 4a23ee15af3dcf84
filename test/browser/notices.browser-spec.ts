import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { drainIntake, NOTICE_FIXTURES, noticeFixture } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(120_000);

const PASSWORD = 'browser-notices-password-1';
// Distinctive identity, searched for in every page counsel saw.
const SECRET = {
  name: 'Cordelia Ashgrove',
  email: 'c.ashgrove@subscriber.example',
  account: 'ACCT-CA-9031',
};
const MAC = 'aa:bb:cc:90:31:01';
const OWNER = 'Capstone Studios';

describe('notice pages in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let tb: TestBrowser;
  let baseURL: string;
  let day: string;
  let subscriberRef: string;
  let reference: string;
  const counselSaw: string[] = [];
  const contexts: BrowserContext[] = [];

  async function signIn(email: string): Promise<Page> {
    const context = await newContext(tb.browser, baseURL);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseURL}/portal`);
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, { MAIL_DIGEST_WINDOW_SECONDS: '0', MAIL_POLL_MS: '200' }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    const accounts = app.get(AccountsService);
    const org = await accounts.createOrganisation({
      name: 'Northwind Anti-Piracy',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '5 Harbour Road, Toronto',
      owners: [OWNER],
    });
    await accounts.createUser({
      email: 'counsel@northwind.example',
      displayName: 'Casey Counsel',
      role: Role.Complainant,
      organisationId: org.id,
      password: PASSWORD,
    });
    await accounts.createUser({
      email: 'desk@isp.example',
      displayName: 'Dana Desk',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    day = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
    const refs = await seedAccounts(app, [
      { account: SECRET.account, type: 'mac', id: MAC, name: SECRET.name, email: SECRET.email },
    ]);
    subscriberRef = refs[SECRET.account];
    await importText(
      app,
      'generic-csv',
      'dhcp-core-1',
      genericCsv([`198.51.100.20,32,${day}T08:00:00Z,${day}T20:00:00Z,mac,${MAC}`]),
    );
    tb = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('lets counsel fill the form with two rows, tick the statements and get a receipt', async () => {
    const page = await signIn('counsel@northwind.example');
    await page.getByRole('link', { name: 'Submit a notice' }).click();
    await page.waitForURL(`${baseURL}/portal/notices/new`);
    expect(await page.getByLabel('Claimant name').inputValue()).toBe('Northwind Anti-Piracy');
    expect(await page.getByLabel('Postal address').inputValue()).toBe('5 Harbour Road, Toronto');
    await page.getByLabel('Title of the work').fill('The Harbour Lights');
    await page.getByLabel('Your case or notice id').fill('NW-2026-0001');
    await page.getByLabel('Row 1, IP address').fill('198.51.100.20');
    await page.getByLabel('Row 1, source port').fill('51413');
    await page.getByLabel('Row 1, time').fill(`${day}T12:34:56Z`);
    await page.getByLabel('Row 1, infohash').fill('c'.repeat(40));
    await page.getByLabel('Row 2, IP address').fill('198.51.100.20');
    await page.getByLabel('Row 2, source port').fill('51414');
    // No zone: refused beside the field, naming the row.
    await page.getByLabel('Row 2, time').fill(`${day} 12:40:00`);
    await screenshot(page, 'notices-01-counsel-form');

    // Without JavaScript, more rows come from the server, keeping what was typed.
    await page.getByRole('button', { name: 'Add more rows' }).click();
    await page.getByLabel('Row 10, IP address').waitFor();
    expect(await page.getByLabel('Row 1, IP address').inputValue()).toBe('198.51.100.20');
    expect(await page.getByLabel('Row 2, time').inputValue()).toBe(`${day} 12:40:00`);

    // Enter in a field submits the notice (the first submit button), it does not add rows.
    await page.getByLabel('Row 2, time').press('Enter');
    const rowError = page.locator('#at-2-error');
    await rowError.waitFor();
    expect(await page.getByLabel('Row 11, IP address').count()).toBe(0);
    expect(await rowError.textContent()).toContain('Row 2, time:');
    expect(await rowError.textContent()).toContain('has no time zone');
    expect(await page.locator('.error-summary').textContent()).toContain(
      'Confirm that you act in good faith',
    );
    expect(await page.getByLabel('Row 2, time').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'notices-02-counsel-form-errors');
    counselSaw.push(await page.content());

    await page.getByLabel('Row 2, time').fill(`${day}T14:40:00+02:00`);
    await page
      .getByLabel(/I believe in good faith/)
      .first()
      .check();
    await page
      .getByLabel(/The information in this notice is accurate/)
      .first()
      .check();
    await page.getByRole('button', { name: 'Submit notice' }).click();
    await page.waitForURL(/\/portal\/notices\/NTC-[A-Za-z0-9]+\?submitted=1$/);
    reference = (await page.getByTestId('reference').first().textContent()) ?? '';
    expect(reference).toMatch(/^NTC-/);
    expect(await page.locator('.notice').textContent()).toContain('Your notice was received.');
    expect(await page.getByTestId('item-1').textContent()).toContain('198.51.100.20');
    expect(await page.getByTestId('item-2').textContent()).toContain('51414');
    await screenshot(page, 'notices-03-counsel-receipt');
    counselSaw.push(await page.content());

    await page.getByRole('link', { name: 'My notices', exact: true }).click();
    await page.waitForURL(`${baseURL}/portal/notices`);
    const row = page.locator('tbody tr', { hasText: reference });
    expect(await row.textContent()).toContain('NW-2026-0001');
    await screenshot(page, 'notices-04-counsel-list');
    counselSaw.push(await page.content());

    // Once attributed and mailed, the receipt says forwarded, with the time, never to whom.
    await drainIntake(app);
    await row.getByRole('link').click();
    for (let n = 0; n < 100; n++) {
      if (
        (await page.getByTestId('item-1').textContent())?.includes('Forwarded to the subscriber at')
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
      await page.reload();
    }
    expect(await page.getByTestId('item-1').textContent()).toContain(
      'Forwarded to the subscriber at',
    );
    await screenshot(page, 'notices-05-counsel-receipt-forwarded');
    counselSaw.push(await page.content());
  });

  it('lets the desk open the notice with its checks, evidence and message', async () => {
    const page = await signIn('desk@isp.example');
    await page.getByRole('link', { name: 'Notices', exact: true }).click();
    await page.waitForURL(`${baseURL}/portal/desk/notices`);
    await screenshot(page, 'notices-06-desk-list');
    await page.getByRole('link', { name: reference }).click();
    await page.waitForURL(`${baseURL}/portal/desk/notices/${reference}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(reference);
    const item1 = page.getByTestId('desk-item-1');
    expect(await item1.getByTestId('subscriber-ref').textContent()).toBe(subscriberRef);
    expect(await item1.textContent()).toContain('dhcp-core-1');
    expect(await page.locator('main').textContent()).toContain('good faith made, accuracy made');
    expect(await page.locator('main').textContent()).not.toContain(SECRET.name);
    await screenshot(page, 'notices-07-desk-detail');
  });

  it('lets counsel upload an ACNS file through the multipart form', async () => {
    const page = await signIn('counsel@northwind.example');
    await page.goto('/portal/notices/new');
    await page
      .getByLabel('Notice file', { exact: true })
      .setInputFiles(join(NOTICE_FIXTURES, 'acns-1.2-acns-net.xml'));
    await page.getByRole('button', { name: 'Send the file' }).click();
    // The statements are required for a file as for the form.
    expect(await page.locator('#upload-goodFaith-error').textContent()).toContain(
      'Confirm that you act in good faith',
    );
    await page
      .getByLabel('Notice file', { exact: true })
      .setInputFiles(join(NOTICE_FIXTURES, 'acns-1.2-acns-net.xml'));
    await page
      .getByLabel(/I believe in good faith/)
      .last()
      .check();
    await page
      .getByLabel(/The information in this notice is accurate/)
      .last()
      .check();
    await page.getByRole('button', { name: 'Send the file' }).click();
    await page.waitForURL(/\/portal\/notices\/NTC-[A-Za-z0-9]+\?submitted=1$/);
    expect(await page.locator('main').textContent()).toContain('3458172960');
    expect(await page.locator('main').textContent()).toContain(
      'through the portal: ACNS XML notice',
    );
    await screenshot(page, 'notices-08-counsel-upload-receipt');
    counselSaw.push(await page.content());
  });

  it('lets the desk accept a quarantined e-mail for an existing organisation', async () => {
    const mail = Buffer.from(
      noticeFixture('email-attachment-only.eml')
        .toString('latin1')
        .replaceAll('rightsline.example', 'unknown-sender.example'),
      'latin1',
    );
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(mail);
    const page = await signIn('desk@isp.example');
    await page.getByRole('link', { name: 'Quarantine', exact: true }).click();
    await page.getByRole('link', { name: receipt.reference }).click();
    expect(await page.locator('main').textContent()).toContain('notices@unknown-sender.example');
    await screenshot(page, 'notices-09-desk-quarantine');
    await page
      .getByLabel('Organisation', { exact: true })
      .selectOption({ label: 'Northwind Anti-Piracy (accredited)' });
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.waitForURL(`${baseURL}/portal/desk/notices/${receipt.reference}?accepted=1`);
    expect(await page.locator('.notice').textContent()).toContain(
      'assigned to Northwind Anti-Piracy and validated',
    );
    await screenshot(page, 'notices-10-desk-quarantine-accepted');
  });

  it('never showed counsel the subscriber or their reference', () => {
    expect(counselSaw.length).toBeGreaterThanOrEqual(4);
    const all = counselSaw.join('\n');
    for (const needle of [SECRET.name, SECRET.email, SECRET.account, subscriberRef]) {
      expect(all).not.toContain(needle);
    }
  });

  it('stored the statements with the notice, from the portal channel', async () => {
    const [row] = await app
      .get(DataSource)
      .query<
        Array<{ channel: string; good_faith_statement: boolean; accuracy_statement: boolean }>
      >(
        `SELECT channel, good_faith_statement, accuracy_statement FROM notices WHERE reference = $1`,
        [reference],
      );
    expect(row).toEqual({
      channel: 'portal',
      good_faith_statement: true,
      accuracy_statement: true,
    });
  });
});
