import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { PERSON_ROLES, PersonRole, Role } from '../../src/common/roles';
import { RequestIntakeService } from '../../src/modules/disclosure/request-intake.service';
import { RequestKind } from '../../src/modules/disclosure/disclosure.types';
import { systemActor } from '../../src/modules/identity/audit.types';
import { seedNoticeWithItems } from '../support/desk-fixtures';
import {
  SeededSubscriber,
  seedOrganisation,
  seedSubscriber,
  subscribersRepository,
} from '../support/notice-factories';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { identityQuery } from '../support/identity-query';

const PASSWORD = 'e2e-dashboards-password-1';
const DAY = 86_400_000;

// The counsel and legal dashboards over HTTP (issue #7): seeded notices, items and disclosure
// requests with known outcomes, and the figures each role's dashboard must show. MODE=api:
// no worker moves anything on while the pages are read.
describe('portal dashboards of counsel and legal staff', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let subscriber: SeededSubscriber;
  let accountNumber: string;
  let orgA: string;
  let orgB: string;
  let orgC: string;
  let orgD: string;
  const refs: Record<string, string> = {};
  const requests: Record<string, string> = {};
  // Every dashboard page read, searched for subscriber identity at the end.
  const seen: string[] = [];
  const early: Record<string, string> = {};
  const emails: Record<PersonRole, string> = {
    [Role.Complainant]: 'counsel-dash@vendor-a.example',
    [Role.AbuseDesk]: 'desk-dash@isp.example',
    [Role.Legal]: 'legal-dash@isp.example',
    [Role.Admin]: 'admin-dash@isp.example',
  };
  const EMPTY_COUNSEL = 'counsel-dash@vendor-d.example';

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    ds = app.get(DataSource);
    const accounts = app.get(AccountsService);
    orgA = await seedOrganisation(ds, 'Vendor A Dash');
    orgB = await seedOrganisation(ds, 'Vendor B Dash');
    orgC = await seedOrganisation(ds, 'Vendor C Dash');
    orgD = await seedOrganisation(ds, 'Vendor D Dash');
    for (const role of PERSON_ROLES) {
      await accounts.createUser({
        email: emails[role],
        displayName: `Dash ${role}`,
        role,
        organisationId: role === Role.Complainant ? orgA : null,
        password: PASSWORD,
      });
    }
    await accounts.createUser({
      email: EMPTY_COUNSEL,
      displayName: 'Dash counsel D',
      role: Role.Complainant,
      organisationId: orgD,
      password: PASSWORD,
    });
    // Before anything arrives: the empty states.
    early.counsel = (await (await signIn(emails[Role.Complainant])).get('/portal')).text;
    early.legal = (await (await signIn(emails[Role.Legal])).get('/portal')).text;

    subscriber = await seedSubscriber(ds, subscribersRepository(app), {
      regime: 'generic',
      language: 'en',
      name: 'Ottoline Featherstonehaugh',
      email: 'ottoline.fsh@subscriber.example',
    });
    [{ account_number: accountNumber }] = await identityQuery<{ account_number: string }>(
      ds,
      `SELECT account_number FROM subscriber_accounts WHERE id = $1`,
      [subscriber.accountId],
    );
    const now = Date.now();
    const d = new Date(now);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    // Sender A: two notices this month (one earlier in the month when there is such a day),
    // one 40 days ago that the month's figures leave out.
    refs.a1 = (
      await seedNoticeWithItems(ds, {
        organisationId: orgA,
        receivedAt: new Date(now),
        subscriber,
        items: [
          { status: 'forwarded' },
          { status: 'forwarded' },
          { status: 'not_forwarded', reasonCode: 'ambiguous' },
          { status: 'refused', reasonCode: 'timestamp_zone' },
          { status: 'queued', reasonCode: 'quota' },
        ],
      })
    ).reference;
    refs.a2 = (
      await seedNoticeWithItems(ds, {
        organisationId: orgA,
        receivedAt: new Date(Math.max(monthStart, now - DAY)),
        subscriber,
        items: [
          { status: 'duplicate', reasonCode: 'duplicate' },
          { status: 'accepted' },
          { status: 'attributed' },
          { status: 'not_forwarded', reasonCode: 'no_lease' },
        ],
      })
    ).reference;
    refs.aOld = (
      await seedNoticeWithItems(ds, {
        organisationId: orgA,
        receivedAt: new Date(monthStart - 40 * DAY),
        subscriber,
        items: [{ status: 'forwarded' }, { status: 'forwarded' }, { status: 'forwarded' }],
      })
    ).reference;
    // Sender B: five forwarded, two of them challenged (40 %); sender C: four clean items.
    const b = await seedNoticeWithItems(ds, {
      organisationId: orgB,
      receivedAt: new Date(now),
      subscriber,
      items: Array.from({ length: 5 }, () => ({ status: 'forwarded' })),
    });
    refs.b = b.reference;
    await ds.query(`UPDATE notice_items SET challenged_at = now() WHERE id = ANY($1::uuid[])`, [
      b.itemIds.slice(0, 2),
    ]);
    await seedNoticeWithItems(ds, {
      organisationId: orgC,
      receivedAt: new Date(now),
      subscriber,
      items: Array.from({ length: 4 }, () => ({ status: 'forwarded' })),
    });
    // Attribution stopped these items: their outcome is the reason code.
    await ds.query(
      `UPDATE notice_items SET attribution_outcome = reason_code WHERE status = 'not_forwarded'`,
    );

    // Disclosure requests: an Arcom request received 9 days ago (8-day deadline passed), a
    // court order due tomorrow, a subpoena due in 20 days, an order without a deadline, and a
    // produced one that is no longer open.
    const intake = app.get(RequestIntakeService);
    const submit = async (kind: RequestKind, respondBy: Date | null) =>
      (
        await intake.submit(
          {
            actor: systemActor('dashboard-e2e'),
            organisationId: orgA,
            channel: 'paper',
            restrictToOrganisation: false,
          },
          {
            kind,
            issuingBody: 'Tribunal',
            caseNumber: `CASE-${kind}`,
            noticeReferences: [refs.a1],
            allowedFields: ['fullName'],
            objectionWindowDays: 0,
            respondBy,
          },
        )
      ).id;
    requests.arcom = await submit('fr_arcom_identification', null);
    await ds.query(
      `UPDATE disclosure_requests SET received_at = now() - interval '9 days',
              respond_by = now() - interval '1 day' WHERE id = $1`,
      [requests.arcom],
    );
    requests.soon = await submit('us_court_order', new Date(now + DAY));
    requests.later = await submit('us_subpoena', new Date(now + 20 * DAY));
    requests.none = await submit('ca_norwich_order', null);
    requests.produced = await submit('us_court_order', new Date(now - 3 * DAY));
    await ds.query(`UPDATE disclosure_requests SET status = 'produced' WHERE id = $1`, [
      requests.produced,
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  // A signed-in browser without JavaScript: the agent keeps the session and CSRF cookies.
  async function signIn(email: string) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/portal/sign-in').expect(200);
    await agent
      .post('/portal/sign-in')
      .type('form')
      .send({ _csrf: csrf(page.text), email, password: PASSWORD, next: '/portal' })
      .expect(303);
    return { get: (path: string) => agent.get(path) };
  }
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const cell = (html: string, testId: string) =>
    new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1];
  const rowOf = (html: string, attr: string, key: string) => {
    const m = new RegExp(`<tr (?:class="[^"]*" )?${attr}="${key}"[^>]*>([\\s\\S]*?)</tr>`).exec(
      html,
    );
    return m ? [...m[1].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]) : null;
  };
  const dashboard = async (email: string) => {
    const res = await (await signIn(email)).get('/portal');
    expect(res.status).toBe(200);
    seen.push(res.text);
    return res.text;
  };

  it('shows counsel its organisation’s items this month by outcome, with reasons', async () => {
    const html = await dashboard(emails[Role.Complainant]);
    expect(cell(html, 'counsel-notices-month')).toBe('2');
    expect(cell(html, 'counsel-items-month')).toBe('9');
    const count = (key: string) => rowOf(html, 'data-outcome', key)?.[0];
    expect(count('forwarded')).toBe('2');
    expect(count('not_forwarded')).toBe('4');
    expect(count('not_forwarded:ambiguous')).toBe('1');
    expect(count('not_forwarded:no_lease')).toBe('1');
    expect(count('refused:timestamp_zone')).toBe('1');
    expect(count('duplicate')).toBe('1');
    expect(count('pending')).toBe('3');
    expect(count('accepted')).toBe('1');
    expect(count('queued')).toBe('1');
    expect(count('attributed')).toBe('1');
    expect(count('total')).toBe('9');
    expect(html).toContain('Matched no single subscriber');
  });

  it('lists counsel’s own recent notices, newest first, with links, and a link to submit', async () => {
    const html = await dashboard(emails[Role.Complainant]);
    const list = /data-testid="counsel-recent">([\s\S]*?)<\/ul>/.exec(html)![1];
    const linked = [...list.matchAll(/href="\/portal\/notices\/([^"]+)"/g)].map((m) => m[1]);
    expect(linked).toEqual([refs.a1, refs.a2, refs.aOld]);
    expect(list).toContain('2 forwarded, 1 not forwarded, 1 queued, 1 refused');
    expect(html).toContain('All 3 notice(s)');
    expect(html).not.toContain(refs.b);
    expect(html).toContain('href="/portal/notices/new"');
  });

  it('shows counsel of a sender without notices empty states, not zeros pretending', async () => {
    const html = await dashboard(EMPTY_COUNSEL);
    expect(html).toContain('No item of your organisation’s notices arrived this month');
    expect(html).toContain('Your organisation has not sent a notice yet');
    expect(html).not.toContain('data-testid="counsel-outcomes"');
    expect(early.counsel).toContain('Your organisation has not sent a notice yet');
  });

  it('shows legal the open disclosure requests by deadline, overdue and due soon counted', async () => {
    const html = await dashboard(emails[Role.Legal]);
    expect(cell(html, 'disclosure-open')).toBe('4');
    expect(cell(html, 'disclosure-overdue')).toBe('1');
    expect(cell(html, 'disclosure-due-soon')).toBe('1');
    const table = /data-testid="disclosure-queue"[^>]*>([\s\S]*?)<\/table>/.exec(html)![1];
    const listed = [...table.matchAll(/href="\/portal\/legal\/disclosure\/([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(listed).toEqual([requests.arcom, requests.soon, requests.later, requests.none]);
    const urgency = (id: string) =>
      new RegExp(`disclosure/${id}"[\\s\\S]*?<strong class="flag[^"]*">([^<]*)<`).exec(table)?.[1];
    expect(urgency(requests.arcom)).toBe('Overdue');
    expect(urgency(requests.soon)).toBe('Due soon');
    expect(table).toContain('Arcom identification request (France)');
    expect(table).toContain('none given');
    expect(html).toContain('within 8 days');
  });

  it('shows legal the senders with the worst quality rates, worst first', async () => {
    const html = await dashboard(emails[Role.Legal]);
    const table = /data-testid="worst-senders"[^>]*>([\s\S]*?)<\/table>/.exec(html)![1];
    const order = [...table.matchAll(/data-sender="([^"]+)"/g)].map((m) => m[1]);
    // B: 40 % challenged; A: 20 % unmatched (2 of 10 matched items), 9.1 % invalid; C: clean.
    expect(order).toEqual([orgB, orgA, orgC]);
    expect(rowOf(table, 'data-sender', orgB)).toEqual(['accredited', '5', '0 %', '0 %', '40 %']);
    expect(rowOf(table, 'data-sender', orgA)).toEqual(['accredited', '11', '9.1 %', '20 %', '0 %']);
    expect(table).not.toContain(orgD);
    expect(early.legal).toContain('No disclosure request is open');
    expect(early.legal).toContain('No sender has sent a notice item yet');
  });

  it('shows each role only its own dashboard sections', async () => {
    const counsel = await dashboard(emails[Role.Complainant]);
    const desk = await dashboard(emails[Role.AbuseDesk]);
    const legal = await dashboard(emails[Role.Legal]);
    const admin = await dashboard(emails[Role.Admin]);
    for (const html of [desk, legal, admin]) {
      expect(html).not.toContain('data-testid="counsel-outcomes"');
      expect(html).not.toContain('Recent notices');
    }
    for (const html of [counsel, desk, admin]) {
      expect(html).not.toContain('data-testid="disclosure-figures"');
      expect(html).not.toContain('data-testid="worst-senders"');
    }
    expect(counsel).not.toContain('data-testid="intake-figures"');
    expect(legal).not.toContain('data-testid="intake-figures"');
    // What the dashboards link to is open to that role.
    const legalAgent = await signIn(emails[Role.Legal]);
    expect((await legalAgent.get(`/portal/legal/disclosure/${requests.arcom}`)).status).toBe(200);
    const counselAgent = await signIn(emails[Role.Complainant]);
    expect((await counselAgent.get(`/portal/legal/disclosure/${requests.arcom}`)).status).toBe(403);
  });

  it('never shows subscriber identity on any dashboard', async () => {
    for (const role of PERSON_ROLES) await dashboard(emails[role]);
    const all = seen.join('\n');
    expect(all).toContain('Vendor A Dash');
    for (const secret of [
      subscriber.name,
      subscriber.email,
      subscriber.reference,
      subscriber.accountId,
      accountNumber,
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
