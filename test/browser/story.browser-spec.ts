import { INestApplication } from '@nestjs/common';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/time/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { LeasesRepository } from '../../src/modules/leases/leases.repository';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { genericCsv, importText } from '../support/lease-fixtures';
import { createNotice } from '../support/notice-fixtures';
import { SmtpSink, waitFor } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ARTIFACTS_DIR, launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(180_000);

// The whole story of issue #7 in one run, every human step a click in Debian's chromium:
// counsel submits a notice; it is attributed and the warning lands in a real SMTP server;
// counsel's receipt turns to "forwarded" and the desk counts it; counsel files two disclosure
// requests; legal refuses one and approves the other (a US subpoena); the subscriber is told of
// the order; production waits out the order's window, then counsel downloads a package with
// exactly the allowed fields; the audit log shows each step. Setup (accounts, leases, the
// subscriber's identity, the clock jump past the window) goes through services.

const PASSWORD = 'browser-story-password-1';
const EMAILS = {
  counsel: 'counsel@northwind.example',
  desk: 'desk@isp.example',
  legal: 'legal@isp.example',
};
// A distinctive subscriber, searched for in every page counsel saw.
const SECRET = {
  name: 'Theodora Quillfeather',
  email: 'theo.quillfeather@subscriber.example',
  postalAddress: '77 Wrenfield Lane, Springfield, OR 97477',
  phone: '+1 541 555 0199',
  account: 'ACCT-TQ-5120',
};
const MAC = 'aa:bb:cc:51:20:01';
const IP = '198.51.100.20';
const OWNER = 'Capstone Studios';
const TITLE = 'The Lighthouse Keeper’s Daughter';
const CASE_ID = 'NW-STORY-0001';
const REFUSED_CASE = 'CV-26-00042';
const SUBPOENA_CASE = '1:26-cv-05120';
const WINDOW_DAYS = 30;
// The day of the lease and of the notice's observation: two days ago, fixed once for the run.
const day = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

type Who = keyof typeof EMAILS;

// The steps build on each other: once one fails, the later ones fail at once, naming it,
// instead of each waiting out its own timeouts.
let failedStep: string | null = null;
function step(name: string, fn: () => Promise<void>): void {
  it(name, async () => {
    if (failedStep) throw new Error(`an earlier step failed: ${failedStep}`);
    try {
      await fn();
    } catch (e) {
      failedStep = name;
      throw e;
    }
  });
}

describe('the whole story in a real browser (issue #7)', () => {
  let sink: SmtpSink;
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let tb: TestBrowser;
  let baseURL: string;
  let subscriberRef: string;
  let otherNoticeRef: string;
  let organisationId: string;
  const pages = {} as Record<Who, Page>;
  const contexts: BrowserContext[] = [];
  let shot = 0;

  // What counsel's browser received: every HTML document (the 403 and 404 pages included),
  // collected as the responses arrive, plus the DOM at each step. A download (the package) is
  // not a page and is checked on its own.
  const counselSaw: string[] = [];
  // The desk's and legal's pages: they show the pseudonymous reference, never the identity
  // (legal never opens the identity page in this story).
  const staffSaw: string[] = [];
  const pendingBodies: Array<Promise<void>> = [];

  // Shared across steps.
  let reference = '';
  let refusedId = '';
  let subpoenaId = '';
  let subpoenaRef = '';

  const snap = async (page: Page, name: string) => {
    shot += 1;
    await screenshot(page, `story-${String(shot).padStart(2, '0')}-${name}`);
  };
  const rememberCounsel = async () => {
    counselSaw.push(await pages.counsel.content());
  };
  const mainText = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  async function openContext(browser: Browser): Promise<BrowserContext> {
    const context = await newContext(browser, baseURL);
    contexts.push(context);
    return context;
  }

  async function signIn(who: Who, page: Page): Promise<void> {
    await page.goto('/portal/sign-in');
    await page.getByLabel('E-mail address').fill(EMAILS[who]);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseURL}/portal`);
  }

  // Reloads until the text shows up, within a bounded time (the worker and the mailer run in
  // the app, on their own schedule).
  async function reloadUntil(page: Page, testId: string, text: string, ms = 30_000) {
    const deadline = Date.now() + ms;
    for (;;) {
      if (((await page.getByTestId(testId).textContent()) ?? '').includes(text)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}" in ${testId}`);
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
  }

  beforeAll(async () => {
    // This run's screenshots only: a shot renumbered since the last run must not linger.
    if (existsSync(ARTIFACTS_DIR)) {
      for (const f of readdirSync(ARTIFACTS_DIR)) {
        if (f.startsWith('story-')) rmSync(join(ARTIFACTS_DIR, f));
      }
    }
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, {
        SMTP_URL: sink.url,
        MAIL_DIGEST_WINDOW_SECONDS: '0',
        MAIL_POLL_MS: '200',
      }),
    );
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    ds = app.get(DataSource);

    const accounts = app.get(AccountsService);
    const org = await accounts.createOrganisation({
      name: 'Northwind Anti-Piracy',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '5 Harbour Road, Toronto',
      owners: [OWNER],
    });
    organisationId = org.id;
    const other = await accounts.createOrganisation({
      name: 'Other Rights Ltd',
      kind: OrganisationKind.RightsHolder,
      accreditation: Accreditation.Accredited,
      owners: ['Other Pictures'],
    });
    await accounts.createUser({
      email: EMAILS.counsel,
      displayName: 'Casey Counsel',
      role: Role.Complainant,
      organisationId: org.id,
      password: PASSWORD,
    });
    await accounts.createUser({
      email: EMAILS.desk,
      displayName: 'Dana Desk',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    await accounts.createUser({
      email: EMAILS.legal,
      displayName: 'Lee Legal',
      role: Role.Legal,
      password: PASSWORD,
    });

    // A US subscriber with a full identity, and the lease that puts them behind IP two days ago.
    const subscribers = app.get(SubscribersRepository);
    await subscribers.upsertBatch([
      {
        accountNumber: SECRET.account,
        regime: 'us',
        identifiers: [{ type: 'mac', value: MAC, validFrom: null, validUntil: null }],
        identity: {
          fullName: SECRET.name,
          email: SECRET.email,
          phone: SECRET.phone,
          postalAddress: SECRET.postalAddress,
          installationAddress: null,
          language: 'en',
        },
      },
    ]);
    await app.get(LeasesRepository).resolveAccountRefs([`mac:${MAC}`]);
    subscriberRef = (await subscribers.referenceOf(SECRET.account))!;
    await importText(
      app,
      'generic-csv',
      'dhcp-core-1',
      genericCsv([`${IP},32,${day}T08:00:00Z,${day}T20:00:00Z,mac,${MAC}`]),
    );
    // Another organisation's notice, which counsel must not be able to open.
    otherNoticeRef = (
      await createNotice(ds, {
        organisationId: other.id,
        items: [{ outcome: 'no_lease', status: 'not_forwarded' }],
      })
    ).reference;

    tb = await launchBrowser();
    for (const who of Object.keys(EMAILS) as Who[]) {
      pages[who] = await (await openContext(tb.browser)).newPage();
    }
    for (const who of Object.keys(EMAILS) as Who[]) {
      const into = who === 'counsel' ? counselSaw : staffSaw;
      pages[who].context().on('response', (res) => {
        const type = res.headers()['content-type'] ?? '';
        const attachment = (res.headers()['content-disposition'] ?? '').startsWith('attachment');
        if (res.request().resourceType() !== 'document' || attachment || !type.includes('html')) {
          return;
        }
        pendingBodies.push(
          res.text().then(
            (t) => {
              into.push(t);
            },
            () => undefined,
          ),
        );
      });
    }
    pages.counsel.context().setDefaultTimeout(30_000);
    pages.desk.context().setDefaultTimeout(30_000);
    pages.legal.context().setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
    await sink?.stop();
  });

  step(
    'lets counsel sign in and submit a notice through the form; the receipt shows it accepted',
    async () => {
      const page = pages.counsel;
      await page.goto('/portal/sign-in');
      await snap(page, 'sign-in');
      await signIn('counsel', page);
      await snap(page, 'counsel-dashboard');

      await page.getByRole('link', { name: 'Submit a notice' }).click();
      await page.waitForURL(`${baseURL}/portal/notices/new`);
      expect(await page.getByLabel('Claimant name').inputValue()).toBe('Northwind Anti-Piracy');
      await page.getByLabel('Copyright owner', { exact: true }).selectOption(OWNER);
      await page.getByLabel('Title of the work').fill(TITLE);
      await page.getByLabel('Your case or notice id').fill(CASE_ID);
      await page.getByLabel('Row 1, IP address').fill(IP);
      await page.getByLabel('Row 1, source port').fill('51413');
      await page.getByLabel('Row 1, time').fill(`${day}T12:34:56Z`);
      await page.getByLabel('Row 1, infohash').fill('d'.repeat(40));
      await page
        .getByLabel(/I believe in good faith/)
        .first()
        .check();
      await page
        .getByLabel(/The information in this notice is accurate/)
        .first()
        .check();
      await snap(page, 'counsel-notice-form');
      await page.getByRole('button', { name: 'Submit notice' }).last().click();
      await page.waitForURL(/\/portal\/notices\/[A-Z]+-[A-Za-z0-9]+\?submitted=1$/);
      reference = ((await page.getByTestId('reference').first().textContent()) ?? '').trim();
      expect(reference).not.toBe('');
      expect(await page.locator('.notice').textContent()).toContain('Your notice was received.');
      expect(await page.getByTestId('notice-status').textContent()).toBe('Accepted');
      // The item was accepted by the checks: it is being matched, or already further on, never
      // refused or a duplicate.
      const item = (await page.getByTestId('item-1').textContent()) ?? '';
      expect(item).toContain(IP);
      expect(item).toContain('51413');
      expect(item).toMatch(/Accepted|Matched|Forwarded/);
      expect(item).not.toMatch(/Refused|Duplicate|Not forwarded/);
      await snap(page, 'counsel-notice-receipt');
      await rememberCounsel();
    },
  );

  step('mails the warning to the subscriber and turns counsel’s notice to forwarded', async () => {
    const mail = await waitFor(
      'the warning in the SMTP server',
      async () => sink.to(SECRET.email).find((m) => (m.parsed.text ?? '').includes(reference)),
      30_000,
    );
    expect(mail.rcpt).toEqual([SECRET.email]);
    expect(mail.parsed.text).toContain(reference);
    expect(mail.parsed.text).toContain(TITLE);

    const page = pages.counsel;
    await page.getByRole('link', { name: 'My notices', exact: true }).click();
    await page.waitForURL(`${baseURL}/portal/notices`);
    const row = page.locator('tbody tr', { hasText: reference });
    expect(await row.textContent()).toContain(CASE_ID);
    await snap(page, 'counsel-my-notices');
    await rememberCounsel();
    await row.getByRole('link').first().click();
    await page.waitForURL(`${baseURL}/portal/notices/${reference}`);
    await reloadUntil(page, 'item-1', 'Forwarded to the subscriber at');
    expect(await page.getByTestId('item-1').textContent()).toContain('Forwarded');
    await snap(page, 'counsel-notice-forwarded');
    await rememberCounsel();
  });

  step('shows the desk the forwarded item on its dashboard and in its notice list', async () => {
    const page = pages.desk;
    await signIn('desk', page);
    // This run's database holds one forwarded item this month: counsel's.
    const forwarded = page.locator('tr[data-outcome="forwarded"] td.num').nth(1);
    expect(await forwarded.textContent()).toBe('1');
    await snap(page, 'desk-dashboard');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Notices', exact: true })
      .click();
    await page.waitForURL(`${baseURL}/portal/desk/notices`);
    const row = page.locator('tbody tr', { hasText: reference });
    expect(await row.textContent()).toContain('Northwind Anti-Piracy');
    expect(await row.textContent()).toContain('1 forwarded');
    await snap(page, 'desk-notices');
  });

  async function fileRequest(o: {
    kind: string;
    issuingBody: string;
    caseNumber: string;
    fields: string[];
    windowDays?: number;
    shot: string;
  }): Promise<string> {
    const page = pages.counsel;
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Disclosure requests', exact: true })
      .click();
    await page.waitForURL(`${baseURL}/portal/disclosure-requests`);
    await page.getByRole('link', { name: 'New disclosure request' }).click();
    await page.waitForURL(`${baseURL}/portal/disclosure-requests/new`);
    await page.getByLabel('Kind of order').selectOption({ label: o.kind });
    await page.getByLabel('Issuing court or authority').fill(o.issuingBody);
    await page.getByLabel('Case number').fill(o.caseNumber);
    await page.getByLabel('Notice references').fill(reference);
    for (const f of o.fields) await page.getByLabel(f, { exact: true }).check();
    if (o.windowDays !== undefined) {
      await page.getByLabel('Objection window (days)').fill(String(o.windowDays));
    }
    await page.getByLabel('Order document (PDF, at most 10 MB)').setInputFiles({
      name: 'order.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await snap(page, o.shot);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.waitForURL(/\/portal\/disclosure-requests\/[0-9a-f-]{36}\?created=1$/);
    expect(await page.locator('.notice').textContent()).toContain('was received with its order');
    await rememberCounsel();
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  step('lets counsel file two disclosure requests with their orders', async () => {
    refusedId = await fileRequest({
      kind: 'Canadian Norwich order',
      issuingBody: 'Ontario Superior Court of Justice',
      caseNumber: REFUSED_CASE,
      fields: ['Full name', 'E-mail address', 'Phone number'],
      shot: 'counsel-disclosure-form',
    });
    subpoenaId = await fileRequest({
      kind: 'US subpoena',
      issuingBody: 'United States District Court for the District of Oregon',
      caseNumber: SUBPOENA_CASE,
      fields: ['Full name', 'Postal address'],
      windowDays: WINDOW_DAYS,
      shot: 'counsel-subpoena-form',
    });
    expect(await mainText(pages.counsel)).toContain('Full name, Postal address');
    subpoenaRef = ((await pages.counsel.getByRole('heading', { level: 1 }).textContent()) ?? '')
      .replace('Disclosure request', '')
      .trim();
    expect(subpoenaRef).not.toBe('');
    await snap(pages.counsel, 'counsel-disclosure-received');
    await pages.counsel.getByRole('link', { name: 'All disclosure requests' }).click();
    await pages.counsel.waitForURL(`${baseURL}/portal/disclosure-requests`);
    const list = (await pages.counsel.locator('tbody').textContent()) ?? '';
    expect(list).toContain(REFUSED_CASE);
    expect(list).toContain(SUBPOENA_CASE);
    await snap(pages.counsel, 'counsel-disclosure-list');
    await rememberCounsel();
  });

  step(
    'lets legal refuse one request with grounds (a form without its token is refused)',
    async () => {
      const page = pages.legal;
      await signIn('legal', page);
      await page.getByRole('link', { name: 'Disclosure review', exact: true }).click();
      await page.waitForURL(`${baseURL}/portal/legal/disclosure`);
      expect(await page.locator('tbody').textContent()).toContain(REFUSED_CASE);
      await snap(page, 'legal-disclosure-queue');
      await page.locator(`a[href="/portal/legal/disclosure/${refusedId}"]`).click();
      await page.waitForURL(`${baseURL}/portal/legal/disclosure/${refusedId}`);
      // Legal sees the pseudonymous reference, not the identity.
      expect(await mainText(page)).toContain(subscriberRef);
      expect(await mainText(page)).not.toContain(SECRET.name);
      await page.getByRole('button', { name: 'Start review' }).click();
      await page.waitForURL(/\?done=review$/);

      // The same decision posted with the session cookie but without the CSRF token: refused,
      // and the request stays under review.
      const forged = await page.request.post(`/portal/legal/disclosure/${refusedId}/decision`, {
        form: { decision: 'approve', reason: 'forged' },
        maxRedirects: 0,
      });
      expect(forged.status()).toBe(403);
      await page.reload();
      expect(await mainText(page)).toContain('under review');

      await page.getByLabel('Refuse').check();
      await page.getByLabel('Jurisdiction').check();
      await page
        .getByLabel('Reason')
        .fill('A Canadian order does not reach a US subscriber; the order also asks for more.');
      await snap(page, 'legal-refusal-form');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL(/\?done=refused$/);
      expect(await page.locator('.notice').textContent()).toContain('The request was refused.');
      expect(await mainText(page)).toContain('Refused on the grounds of');

      const counsel = pages.counsel;
      await counsel.goto(`/portal/disclosure-requests/${refusedId}`);
      expect(await counsel.locator('main .status').first().textContent()).toBe('refused');
      expect(await mainText(counsel)).toContain('jurisdiction');
      expect(await counsel.getByRole('link', { name: /Download the package/ }).count()).toBe(0);
      await snap(counsel, 'counsel-request-refused');
      await rememberCounsel();
    },
  );

  step(
    'lets legal approve the US subpoena: the subscriber is told first and production waits',
    async () => {
      const page = pages.legal;
      await page.goto('/portal/legal/disclosure');
      await page.locator(`a[href="/portal/legal/disclosure/${subpoenaId}"]`).click();
      await page.waitForURL(`${baseURL}/portal/legal/disclosure/${subpoenaId}`);
      await page.getByRole('button', { name: 'Start review' }).click();
      await page.waitForURL(/\?done=review$/);
      await page.getByLabel('Approve').check();
      await page.getByLabel('Reason').fill('Valid subpoena for the cited notice');
      await page.getByRole('button', { name: 'Record decision' }).click();
      await page.waitForURL(/\?done=approved$/);
      expect(await page.locator('.notice').textContent()).toContain('approved');
      expect(await mainText(page)).toContain('waiting window');
      expect(await mainText(page)).toContain('Objection window ends');
      await snap(page, 'legal-subpoena-approved');

      // DR-2: the notice of the order reaches the subscriber by SMTP.
      const notice = await waitFor(
        'the notice of the order in the SMTP server',
        async () =>
          sink.to(SECRET.email).find((m) => (m.parsed.text ?? '').includes(SUBPOENA_CASE)),
        30_000,
      );
      expect(notice.rcpt).toEqual([SECRET.email]);
      expect(notice.parsed.text).toContain(reference);
      // The refused request told nobody anything.
      expect(
        sink.to(SECRET.email).filter((m) => (m.parsed.text ?? '').includes(REFUSED_CASE)),
      ).toHaveLength(0);

      // Before the window ends, production is refused with the reason.
      await page.getByRole('button', { name: 'Produce package' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary').textContent()).toContain('objection window ends');
      await snap(page, 'legal-production-refused');

      const counsel = pages.counsel;
      await counsel.goto(`/portal/disclosure-requests/${subpoenaId}`);
      expect(await counsel.locator('main .status').first().textContent()).toBe('waiting window');
      expect(await counsel.getByRole('button', { name: /Download the package/ }).count()).toBe(0);
      // Asked for anyway (the download is a form posting the CSRF token, as a page would).
      const early = await counsel.request.post(
        `/portal/disclosure-requests/${subpoenaId}/package`,
        {
          form: {
            _csrf: (await counsel.locator('input[name="_csrf"]').first().getAttribute('value'))!,
            format: 'html',
          },
          headers: { origin: baseURL },
        },
      );
      expect(early.status()).toBe(404);
      counselSaw.push(await early.text());
      await snap(counsel, 'counsel-request-waiting');
      await rememberCounsel();
    },
  );

  step(
    'after the window, legal produces and counsel downloads exactly the allowed fields',
    async () => {
      // Jump past the order's window (it runs from the approval).
      const jump = (WINDOW_DAYS + 1) * 86_400_000;
      app.get(Clock).now = () => new Date(Date.now() + jump);

      const page = pages.legal;
      await page.goto(`/portal/legal/disclosure/${subpoenaId}`);
      await page.getByRole('button', { name: 'Produce package' }).click();
      await page.waitForURL(/\?done=produced$/);
      expect(await page.locator('.notice').textContent()).toContain('The package was produced');
      await snap(page, 'legal-package-produced');

      const counsel = pages.counsel;
      await counsel.goto(`/portal/disclosure-requests/${subpoenaId}`);
      expect(await mainText(counsel)).toContain('Package produced');
      expect(await counsel.locator('main .status').first().textContent()).toBe('produced');
      await snap(counsel, 'counsel-package-ready');
      await rememberCounsel();

      const [html] = await Promise.all([
        counsel.waitForEvent('download'),
        counsel.getByRole('button', { name: 'Download the package (printable HTML)' }).click(),
      ]);
      expect(html.suggestedFilename()).toBe(`${subpoenaRef}.html`);
      const htmlText = await readFile(await html.path(), 'utf8');
      expect(htmlText).toContain(SECRET.name);
      expect(htmlText).toContain(SECRET.postalAddress);
      for (const absent of [SECRET.email, SECRET.phone, SECRET.account, MAC]) {
        expect(htmlText).not.toContain(absent);
      }

      const [json] = await Promise.all([
        counsel.waitForEvent('download'),
        counsel.getByRole('button', { name: 'Download as JSON' }).click(),
      ]);
      const pkg = JSON.parse(await readFile(await json.path(), 'utf8')) as {
        caseNumber: string;
        allowedFields: string[];
        subscribers: Array<{ identity: Record<string, string | null>; items: unknown[] }>;
      };
      expect(pkg.caseNumber).toBe(SUBPOENA_CASE);
      expect(pkg.allowedFields).toEqual(['fullName', 'postalAddress']);
      expect(pkg.subscribers).toHaveLength(1);
      expect(pkg.subscribers[0].identity).toEqual({
        fullName: SECRET.name,
        postalAddress: SECRET.postalAddress,
      });
      expect(pkg.subscribers[0].items).toHaveLength(1);
      const whole = JSON.stringify(pkg);
      for (const absent of [SECRET.email, SECRET.phone, SECRET.account, subscriberRef]) {
        expect(whole).not.toContain(absent);
      }
    },
  );

  step('shows every step in the audit log, with the chain verified', async () => {
    const page = pages.legal;
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    await page.waitForURL(`${baseURL}/portal/legal/audit`);
    expect(await page.getByTestId('audit-verification').textContent()).toMatch(
      /Verified: the hash chain of all \d+ entries is intact/,
    );
    const rows = page.locator('tbody tr');
    const entries: Array<{ action: string; text: string }> = [];
    for (const row of await rows.all()) {
      // The page says what happened in words; the stored action code is under "Details".
      entries.push({
        action: (
          (await row.locator('td[data-label="Details"] code').first().textContent()) ?? ''
        ).trim(),
        text: (await row.textContent()) ?? '',
      });
    }
    // The page names each request by its reference, not its id.
    const referenceOf = new Map<string, string>();
    for (const id of [refusedId, subpoenaId]) {
      const [{ reference }] = await ds.query<Array<{ reference: string }>>(
        `SELECT reference FROM disclosure_requests WHERE id = $1`,
        [id],
      );
      referenceOf.set(id, reference);
    }
    const about = (action: string, id: string) =>
      entries.filter((e) => e.action === action && e.text.includes(referenceOf.get(id)!));
    // Counsel's filing of each request with its order.
    for (const id of [refusedId, subpoenaId]) {
      expect(about('disclosure.received', id)).toHaveLength(1);
      expect(about('disclosure.document_attached', id)).toHaveLength(1);
    }
    expect(about('disclosure.under_review', refusedId)).toHaveLength(1);
    expect(about('disclosure.refused', refusedId)).toHaveLength(1);
    expect(about('disclosure.refused', refusedId)[0].text).toContain('jurisdiction');
    expect(about('disclosure.under_review', subpoenaId)).toHaveLength(1);
    expect(about('disclosure.approved', subpoenaId)).toHaveLength(1);
    expect(about('disclosure.subscriber_notified', subpoenaId)).toHaveLength(1);
    expect(about('disclosure.waiting_window', subpoenaId)).toHaveLength(1);
    expect(about('disclosure.produced', subpoenaId)).toHaveLength(1);
    // Two downloads: the printable package and its JSON.
    expect(about('disclosure.package_downloaded', subpoenaId)).toHaveLength(2);
    // The identity read for the package, by legal, for this request's purpose.
    const reads = entries.filter(
      (e) => e.action === 'identity.read' && e.text.includes(`disclosure ${subpoenaRef}`),
    );
    expect(reads).toHaveLength(1);
    expect(reads[0].text).toMatch(/Legal/);
    // The mailer's reads of the e-mail address: the warning, then the notice of the order.
    const mailerReads = entries.filter(
      (e) => e.action === 'identity.read' && e.text.includes('Mail delivery (automatic)'),
    );
    expect(mailerReads.map((e) => /send (\w+) message/.exec(e.text)?.[1])).toEqual([
      'disclosure_notice',
      'warning',
    ]);
    // The approval comes before production, production before the downloads (newest first).
    const seqOf = (action: string) => entries.findIndex((e) => e.action === action);
    expect(seqOf('disclosure.package_downloaded')).toBeLessThan(seqOf('disclosure.produced'));
    expect(seqOf('disclosure.produced')).toBeLessThan(seqOf('disclosure.subscriber_notified'));
    expect(seqOf('disclosure.subscriber_notified')).toBeLessThan(seqOf('disclosure.refused'));
    await snap(page, 'legal-audit');
  });

  step(
    'answers counsel with 404 for another sender’s notice and 403 for identity pages',
    async () => {
      const page = pages.counsel;
      const notFound = await page.goto(`/portal/notices/${otherNoticeRef}`);
      expect(notFound?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
      expect(await mainText(page)).not.toContain(otherNoticeRef);
      await snap(page, 'counsel-other-notice-404');
      await rememberCounsel();
      for (const path of [
        '/portal/legal/identity',
        `/portal/legal/identity?ref=${subscriberRef}`,
        `/portal/desk/notices/${reference}`,
        `/portal/legal/disclosure/${subpoenaId}`,
      ]) {
        const res = await page.goto(path);
        expect([path, res?.status()]).toEqual([path, 403]);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
          'You do not have access to this page',
        );
        await rememberCounsel();
      }
      await snap(page, 'counsel-identity-403');
    },
  );

  step('refuses counsel’s forms without a CSRF token', async () => {
    const page = pages.counsel;
    const countNotices = async () =>
      (
        await ds.query<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM notices WHERE organisation_id = $1`,
          [organisationId],
        )
      )[0].n;
    const before = await countNotices();
    const res = await page.request.post('/portal/notices/new', {
      form: {
        action: 'submit',
        rows: '5',
        claimantName: 'Northwind Anti-Piracy',
        claimantAddress: '5 Harbour Road, Toronto',
        owner: OWNER,
        title: TITLE,
        caseId: 'NW-FORGED-1',
        'ip-1': IP,
        'port-1': '51999',
        'at-1': `${day}T13:00:00Z`,
        'protocol-1': 'BitTorrent',
        goodFaith: 'yes',
        accuracy: 'yes',
      },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    counselSaw.push(await res.text());
    const multipart = await page.request.post('/portal/disclosure-requests', {
      multipart: {
        kind: 'us_subpoena',
        issuingBody: 'Forged court',
        caseNumber: 'FORGED-1',
        noticeReferences: reference,
        allowedFields: 'email',
        objectionWindowDays: '0',
        document: { name: 'order.pdf', mimeType: 'application/pdf', buffer: PDF },
      },
      maxRedirects: 0,
    });
    expect(multipart.status()).toBe(403);
    counselSaw.push(await multipart.text());
    expect(await countNotices()).toBe(before);
    const [{ n }] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM disclosure_requests WHERE case_number = 'FORGED-1'`,
    );
    expect(n).toBe(0);
    // The session is still good: the refusal was the token's, not the sign-in's.
    expect((await page.request.get('/portal/notices', { maxRedirects: 0 })).status()).toBe(200);
  });

  step(
    'never showed counsel the subscriber’s name, e-mail, address, account or reference',
    async () => {
      await Promise.all(pendingBodies);
      expect(counselSaw.length).toBeGreaterThan(20);
      const all = counselSaw.join('\n');
      // The pages are the story's pages.
      expect(all).toContain(reference);
      expect(all).toContain(SUBPOENA_CASE);
      expect(all).toContain('Package produced');
      for (const secret of [
        SECRET.name,
        SECRET.email,
        SECRET.postalAddress,
        SECRET.phone,
        SECRET.account,
        MAC,
        subscriberRef,
      ]) {
        expect([secret, all.includes(secret)]).toEqual([secret, false]);
      }
    },
  );

  step('never showed the desk or legal the subscriber’s identity either', async () => {
    await Promise.all(pendingBodies);
    expect(staffSaw.length).toBeGreaterThan(10);
    const all = staffSaw.join('\n');
    expect(all).toContain(subscriberRef);
    for (const secret of [
      SECRET.name,
      SECRET.email,
      SECRET.postalAddress,
      SECRET.phone,
      SECRET.account,
    ]) {
      expect([secret, all.includes(secret)]).toEqual([secret, false]);
    }
  });
});
