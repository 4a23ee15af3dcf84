import { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import { MessageComposer } from '../../src/modules/messaging/delivery/message-composer';
import { prepareMail } from '../../src/modules/messaging/delivery/prepared-mail';
import { DeliveryRepository } from '../../src/modules/messaging/delivery/delivery.repository';
import { DeskScenario, seedDeskScenario, seedNoticeWithItems } from '../support/desk-fixtures';
import { seedOrganisation } from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { expectAccessible } from './a11y';
import { launchBrowser, newContext, screenshot, TestBrowser } from './browser';

jest.setTimeout(180_000);

const PASSWORD = 'browser-desk-work-password-1';
const DESK = 'desk-work@isp.example';
const LEGAL = 'legal-work@isp.example';

interface ScrollSize {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

// The desk's daily work at volume (issue #19) in Debian's chromium: bulk actions with a
// confirmation page (dead letters, quarantine, escalation decisions), a subscriber's history by
// pseudonymous reference, and assignment and notes on challenges. Every form is clicked.
describe('bulk actions, subscriber history and challenge work in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let tb: TestBrowser;
  let baseURL: string;
  let s: DeskScenario;
  let acceptOrg: string;
  let quarantined: string[];
  let secondProposal: string;
  let deskContext: BrowserContext;
  let page: Page;
  const seen: string[] = [];
  const remember = async (p: Page = page) => {
    seen.push(await p.content());
  };
  const status = async (table: string, id: string) =>
    (
      await ds.query<Array<{ status: string }>>(`SELECT status FROM ${table} WHERE id = $1`, [id])
    )[0].status;

  async function signIn(browser: Browser, email: string, width = 1280): Promise<Page> {
    const ctx =
      width === 1280
        ? await newContext(browser, baseURL)
        : await browser.newContext({ baseURL, viewport: { width, height: 844 } });
    const p = await ctx.newPage();
    await p.goto('/portal/sign-in');
    await p.getByLabel('E-mail address').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.waitForURL(`${baseURL}/portal`);
    return p;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    // MODE=api: no worker sends a retried message on, so the outbox shows what the click did.
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    baseURL = `http://127.0.0.1:${port}`;
    ds = app.get(DataSource);
    const accounts = app.get(AccountsService);
    await accounts.createUser({
      email: DESK,
      displayName: 'Dev Deskworker',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
    await accounts.createUser({
      email: LEGAL,
      displayName: 'Lou Legal',
      role: Role.Legal,
      password: PASSWORD,
    });
    s = await seedDeskScenario(app);
    acceptOrg = await seedOrganisation(ds, 'Bulk Accept Pictures');
    quarantined = [];
    for (let i = 0; i < 2; i++) {
      const n = await seedNoticeWithItems(ds, {
        organisationId: null,
        receivedAt: new Date(),
        status: 'quarantined',
        items: [],
      });
      quarantined.push(n.reference);
    }
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO escalation_proposals (subscriber_account_id, action, stage, strikes,
         addressed_to_role) VALUES ($1, 'termination', 4, 9, 'legal') RETURNING id`,
      [s.subscriber.accountId],
    );
    secondProposal = id;
    tb = await launchBrowser();
    page = await signIn(tb.browser, DESK);
    deskContext = page.context();
  });

  afterAll(async () => {
    await deskContext?.close();
    await tb?.close();
    await app?.close();
    await db?.drop();
  });

  it('retries the selected dead letters after a confirmation page listing them', async () => {
    await page.goto('/portal/desk/dead-letters');
    // Nothing selected: the confirmation page says so and offers no button.
    await page.getByRole('button', { name: 'Retry selected…' }).click();
    await page.waitForURL(/bulk\/dead-letters\/confirm$/);
    await expect(page.locator('.error-summary').textContent()).resolves.toContain(
      'Select at least one message in the list',
    );
    await expectAccessible(page);
    await page.goBack();
    for (const id of s.deadIds) await page.getByLabel(`Select message ${id}`).check();
    await page.getByRole('button', { name: 'Retry selected…' }).click();
    await page.waitForURL(/bulk\/dead-letters\/confirm$/);
    await remember();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Retry 2 dead letters?',
    );
    const table = await page.locator('table.stack').textContent();
    for (const id of s.deadIds) expect(table).toContain(id);
    expect(table).toContain(s.subscriber.reference);
    // Nothing changed on the way to the confirmation page.
    for (const id of s.deadIds) expect(await status('outbound_messages', id)).toBe('dead');
    await screenshot(page, 'bulk-retry-confirm');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Retry 2 messages' }).click();
    await page.waitForURL(/bulk\/dead-letters$/);
    await remember();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      '2 moved back to the outbox, 0 not changed.',
    );
    for (const id of s.deadIds) expect(await status('outbound_messages', id)).toBe('pending');
    await screenshot(page, 'bulk-retry-done');
    await expectAccessible(page);
  });

  it('accepts selected quarantined notices for an organisation, and rejects another', async () => {
    await page.goto('/portal/desk/quarantine');
    const [first, second] = quarantined;
    await page.getByLabel(`Select notice ${first}`).check();
    await page.getByLabel(`Select notice ${second}`).check();
    await page.getByRole('button', { name: 'Accept the selected…' }).click();
    await page.waitForURL(/bulk\/quarantine\/confirm$/);
    await remember();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Accept 2 quarantined notices?',
    );
    // Without an organisation the page comes back with the error beside the field.
    await page.getByRole('button', { name: 'Accept 2 notices' }).click();
    await page.waitForSelector('#organisationId-error');
    expect(await status('notices', (await noticeId(first)) ?? '')).toBe('quarantined');
    await expectAccessible(page);
    await page
      .getByLabel('Organisation that sent them')
      .selectOption({ label: 'Bulk Accept Pictures' });
    await screenshot(page, 'bulk-quarantine-accept-confirm');
    await page.getByRole('button', { name: 'Accept 2 notices' }).click();
    await page.waitForURL(/bulk\/quarantine$/);
    await remember();
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      '2 accepted, 0 not changed.',
    );
    for (const ref of [first, second]) {
      const [row]: Array<{ status: string; organisation_id: string }> = await ds.query(
        `SELECT status, organisation_id FROM notices WHERE reference = $1`,
        [ref],
      );
      expect(row.status).not.toBe('quarantined');
      expect(row.organisation_id).toBe(acceptOrg);
    }
    await screenshot(page, 'bulk-quarantine-accepted');

    // The scenario's own quarantined notice is rejected with a reason.
    await page.goto('/portal/desk/quarantine');
    const remaining = await page.locator('tbody input[type="checkbox"]').count();
    expect(remaining).toBe(1);
    await page.locator('tbody input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Reject the selected…' }).click();
    await page.waitForURL(/bulk\/quarantine\/confirm$/);
    await page.getByLabel('Why are these notices rejected?').fill('Not a copyright notice');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Reject 1 notice' }).click();
    await page.waitForURL(/bulk\/quarantine$/);
    await expect(page.getByRole('status').textContent()).resolves.toContain(
      '1 rejected, 0 not changed.',
    );
    await page.goto('/portal/desk/quarantine');
    await expect(page.locator('main').textContent()).resolves.toContain('The quarantine is empty');
    await remember();
  });

  it('shows the desk no decision checkboxes; legal declines two proposals at once', async () => {
    await page.goto('/portal/desk/escalations');
    expect(await page.locator('tbody input[type="checkbox"]').count()).toBe(0);
    await remember();
    const legal = await signIn(tb.browser, LEGAL);
    try {
      await legal.goto('/portal/desk/escalations');
      await legal.locator(`tr[data-proposal="${s.proposalId}"] input[type="checkbox"]`).check();
      await legal.locator(`tr[data-proposal="${secondProposal}"] input[type="checkbox"]`).check();
      await legal.getByRole('button', { name: 'Decline the selected…' }).click();
      await legal.waitForURL(/bulk\/escalations\/confirm$/);
      await remember(legal);
      await expect(legal.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Decline 2 escalation proposals?',
      );
      // Reasons are required (ER-5): refused beside the field, nothing decided.
      await legal.getByRole('button', { name: 'Decline 2 proposals' }).click();
      await legal.waitForSelector('#reasons-error');
      expect(await status('escalation_proposals', s.proposalId)).toBe('open');
      await expectAccessible(legal);
      await legal
        .getByLabel('Your reasons')
        .fill('First strikes of a household account; a phone call comes first.');
      await screenshot(legal, 'bulk-escalations-confirm');
      await legal.getByRole('button', { name: 'Decline 2 proposals' }).click();
      await legal.waitForURL(/bulk\/escalations$/);
      await expect(legal.getByRole('status').textContent()).resolves.toContain(
        '2 declined, 0 not changed.',
      );
      await remember(legal);
      const rows: Array<{ status: string; decided_by: string; reasons: string }> = await ds.query(
        `SELECT status, decided_by, reasons FROM escalation_proposals WHERE id = ANY($1::uuid[])`,
        [[s.proposalId, secondProposal]],
      );
      expect(rows.map((r) => r.status)).toEqual(['declined', 'declined']);
      expect(new Set(rows.map((r) => r.decided_by)).size).toBe(1);
      expect(rows[0].decided_by).toMatch(/^user:/);
      await screenshot(legal, 'bulk-escalations-done');
    } finally {
      await legal.context().close();
    }
  });

  it('opens a subscriber history from the timeline and the search, with no identity', async () => {
    await page.goto(`/portal/desk/notices/${s.challengedNotice}/timeline`);
    await page
      .getByRole('link', { name: `History of ${s.subscriber.reference}` })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/portal/desk/subscribers/${s.subscriber.reference}$`));
    await remember();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      `Subscriber ${s.subscriber.reference}`,
    );
    await expect(page.getByTestId('strikes').textContent()).resolves.toBe(
      '2 counting, 0 withdrawn',
    );
    const kinds = await page
      .locator('ol.timeline li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind') ?? ''));
    for (const k of ['Notice', 'Strike', 'Message', 'Challenge', 'Escalation']) {
      expect(kinds).toContain(k);
    }
    const times = await page
      .locator('ol.timeline time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
    expect([...times].sort()).toEqual(times);
    await screenshot(page, 'subscriber-history');
    await expectAccessible(page);
    // The declined proposals are in the history, linking to their page.
    expect(await page.locator('ol.timeline').textContent()).toContain('Escalation (suspension)');

    await page.goto(`/portal/desk/search?subscriber=${s.subscriber.reference}`);
    await page
      .getByRole('link', { name: `history of ${s.subscriber.reference}` })
      .first()
      .click();
    await page.waitForURL(new RegExp(`/portal/desk/subscribers/${s.subscriber.reference}$`));
    // An unknown or malformed reference is the portal's 404 page.
    const r = await page.goto('/portal/desk/subscribers/SUB-NOPE');
    expect(r?.status()).toBe(404);
    const bad = await page.goto('/portal/desk/subscribers/ACC-1');
    expect(bad?.status()).toBe(404);
  });

  it('assigns a challenge to oneself, notes it, and finds it in the queues', async () => {
    await page.goto('/portal/desk/challenges?assigned=none');
    await expect(page.locator(`tr[data-challenge="${s.challengeId}"]`).count()).resolves.toBe(1);
    await page.goto(`/portal/desk/challenges/${s.challengeId}`);
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.waitForURL(/done=assigned/);
    await expect(page.locator('.case-work').textContent()).resolves.toContain(
      'Assigned to Dev Deskworker (you).',
    );
    // An empty note is refused beside its field.
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForSelector('#internalNote-error');
    await expectAccessible(page);
    await page.getByLabel('Add an internal note').fill('Called the subscriber’s ISP contact.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.waitForURL(/done=noted/);
    await expect(page.locator('.notes').textContent()).resolves.toContain(
      'Called the subscriber’s ISP contact.',
    );
    await remember();
    await screenshot(page, 'challenge-assigned-with-note');
    await expectAccessible(page);
    await page.goto('/portal/desk/challenges');
    await page.getByRole('link', { name: 'Assigned to me' }).click();
    await page.waitForURL(/assigned=me/);
    const mine = await page
      .locator('tbody tr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-challenge')));
    expect(mine).toEqual([s.challengeId]);
    await screenshot(page, 'challenges-assigned-to-me');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Unassigned' }).click();
    await page.waitForURL(/assigned=none/);
    await expect(page.locator(`tr[data-challenge="${s.challengeId}"]`).count()).resolves.toBe(0);
    await expect(
      page.locator(`tr[data-challenge="${s.decidedChallengeId}"]`).count(),
    ).resolves.toBe(1);
    await remember();
    // Unassigning takes it out of "Assigned to me".
    await page.goto(`/portal/desk/challenges/${s.challengeId}`);
    await page.getByRole('button', { name: 'Unassign' }).click();
    await page.waitForURL(/done=unassigned/);
    await page.goto('/portal/desk/challenges?assigned=me');
    await expect(page.locator('main').textContent()).resolves.toContain(
      'No challenge is assigned to you.',
    );
  });

  it('reads the warning as sent with identity masked; legal opens it with identity, recorded', async () => {
    // The scenario's sent warning goes through the real composition and acknowledgement (the
    // SMTP leg is covered by test/integration/messaging.int-spec.ts).
    const repo = app.get(DeliveryRepository);
    const msg = await repo.findMessage(s.sentId);
    const facts = await repo.findWarningFacts([s.sentId]);
    const prepared = await prepareMail(app.get(MessageComposer), {
      msg: msg!,
      facts,
      who: { fullName: s.subscriber.name, email: s.subscriber.email, language: 'en' },
    });
    expect(prepared!.raw.toString('utf8')).toContain(s.subscriber.name);
    await repo.markSent([
      {
        id: s.sentId,
        sentAt: new Date(),
        transportMessageId: '250 2.0.0 queued as DESKWORK',
        ...prepared!.record,
      },
    ]);

    await page.goto(`/portal/desk/subscribers/${s.subscriber.reference}`);
    await page
      .locator('ol.timeline li', { hasText: s.sentId.slice(0, 8) })
      .getByRole('link', { name: 'Message as sent' })
      .click();
    await page.waitForURL(new RegExp(`/portal/desk/messages/${s.sentId}$`));
    await remember();
    const text = (await page.getByTestId('message-text').textContent()) ?? '';
    expect(text).toContain('[subscriber name]');
    expect(text).toContain('[personal challenge link]');
    expect(text).not.toContain('/challenge/');
    await expect(page.getByTestId('message-to').textContent()).resolves.toBe('[subscriber e-mail]');
    // The desk is not offered the identity.
    await expect(page.getByRole('button', { name: 'Open with identity' }).count()).resolves.toBe(0);
    await screenshot(page, 'message-as-sent-desk');
    await expectAccessible(page);

    const legal = await signIn(tb.browser, LEGAL);
    try {
      await legal.goto(`/portal/desk/messages/${s.sentId}`);
      await legal.getByRole('button', { name: 'Open with identity' }).click();
      await legal.waitForSelector('#purpose-error');
      await expectAccessible(legal);
      await legal.getByLabel('Why do you need it?').fill('Subscriber disputes the wording sent');
      await legal.getByRole('button', { name: 'Open with identity' }).click();
      await legal.waitForURL(new RegExp(`/portal/legal/messages/${s.sentId}$`));
      const shown = (await legal.getByTestId('message-text').textContent()) ?? '';
      expect(shown).toContain(s.subscriber.name);
      expect(shown).toContain('/challenge/');
      await expect(legal.getByTestId('message-to').textContent()).resolves.toBe(s.subscriber.email);
      await expect(legal.getByRole('status').textContent()).resolves.toContain(
        'byte for byte what the mail server accepted',
      );
      await screenshot(legal, 'message-as-sent-legal');
      const audit: Array<{ purpose: string; actor_role: string }> = await ds.query(
        `SELECT purpose, actor_role FROM audit_log
          WHERE action = 'identity.read' AND subject_id = $1 AND details->>'messageId' = $2`,
        [s.subscriber.accountId, s.sentId],
      );
      expect(audit).toEqual([
        { purpose: 'Subscriber disputes the wording sent', actor_role: 'legal' },
      ]);
      // The desk cannot take the legal path.
      const r = await page.request.post(`/portal/legal/messages/${s.sentId}`, {
        form: { purpose: 'curious about it' },
      });
      expect(r.status()).toBe(403);
      const [{ n }]: Array<{ n: number }> = await ds.query(
        `SELECT count(*)::int AS n FROM audit_log
          WHERE action = 'identity.read' AND details->>'messageId' = $1`,
        [s.sentId],
      );
      expect(n).toBe(1);
    } finally {
      await legal.context().close();
    }
  });

  it('fits a phone (390 px): confirmation, history and queues without sideways scrolling', async () => {
    const p = await signIn(tb.browser, DESK, 390);
    try {
      await p.goto('/portal/desk/dead-letters');
      await p.goto('/portal/desk/challenges?assigned=none');
      for (const [path, shot] of [
        [`/portal/desk/subscribers/${s.subscriber.reference}`, 'subscriber-history-390'],
        ['/portal/desk/challenges', 'challenges-390'],
        [`/portal/desk/challenges/${s.challengeId}`, 'challenge-390'],
        [`/portal/desk/messages/${s.sentId}`, 'message-as-sent-390'],
      ]) {
        await p.goto(path);
        await screenshot(p, shot);
        await fits(p, path);
        await remember(p);
      }
      // A confirmation page at phone width: reached by posting the selection, as a click does.
      await ds.query(`UPDATE outbound_messages SET status = 'dead' WHERE id = $1`, [s.deadIds[0]]);
      await p.goto('/portal/desk/dead-letters');
      await p.getByLabel(`Select message ${s.deadIds[0]}`).check();
      await p.getByRole('button', { name: 'Retry selected…' }).click();
      await p.waitForURL(/bulk\/dead-letters\/confirm$/);
      await fits(p, 'confirm');
      await screenshot(p, 'bulk-retry-confirm-390');
      await expectAccessible(p);
      await remember(p);
    } finally {
      await p.context().close();
    }
  });

  it('showed no subscriber name, e-mail, address or account on any page', () => {
    const all = seen.join('\n');
    expect(seen.length).toBeGreaterThanOrEqual(12);
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

  async function noticeId(reference: string): Promise<string | null> {
    const rows: Array<{ id: string }> = await ds.query(
      `SELECT id FROM notices WHERE reference = $1`,
      [reference],
    );
    return rows[0]?.id ?? null;
  }

  async function fits(p: Page, where: string): Promise<void> {
    const size = await p.evaluate(() => {
      const d = (globalThis as unknown as ScrollSize).document.documentElement;
      return { scroll: d.scrollWidth, client: d.clientWidth };
    });
    expect({ where, ...size }).toEqual({ where, scroll: size.client, client: size.client });
  }
});
