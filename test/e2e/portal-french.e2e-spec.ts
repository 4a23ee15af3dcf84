import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { englishWordsIn } from '../../src/common/i18n/french-text';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { BlockingOrdersService } from '../../src/modules/blocking/blocking-orders.service';
import { UpdateRequestsService } from '../../src/modules/blocking/update-requests.service';
import { RequestIntakeService } from '../../src/modules/disclosure/request-intake.service';
import { AuditActor, systemActor } from '../../src/modules/identity/audit.types';
import { PORTAL_CATALOGUE } from '../../src/modules/portal/i18n/portal.catalogue';
import { PERSON_ROLES, Role } from '../../src/common/roles';
import { DeskScenario, seedDeskScenario } from '../support/desk-fixtures';
import { parisOrder } from '../support/blocking-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { visibleText } from '../support/user-facing-text';

const PASSWORD = 'e2e-french-password-1';

// The portal in French (issue #19): the language comes from the switch's cookie, else the
// browser's Accept-Language; every page each role's menu offers then reads in French, with
// `<html lang="fr">`, and no English function word is left in the page's own words.
describe('portal in French', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let s: DeskScenario;
  let disclosureId: string;
  let orderId: string;
  let quarantined: string;
  const server = () => app.getHttpServer();
  const setCookies = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? (raw as string[]) : [];
  };

  async function signIn(email: string): Promise<string> {
    const page = await request(server()).get('/portal/sign-in').expect(200);
    const csrf = setCookies(page).find((c) => c.startsWith('nr_csrf='))!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await request(server())
      .post('/portal/sign-in')
      .set('Cookie', csrf.split(';')[0])
      .type('form')
      .send({ _csrf: token, email, password: PASSWORD, next: '/portal' })
      .expect(303);
    return setCookies(res)
      .find((c) => c.startsWith('nr_session='))!
      .split(';')[0];
  }

  // A French session that can post forms: the session cookie, the CSRF cookie bound to it and
  // the token from a page.
  async function session(email: string) {
    const page = await request(server()).get('/portal/sign-in').expect(200);
    const csrf = setCookies(page)
      .find((c) => c.startsWith('nr_csrf='))!
      .split(';')[0];
    const res = await request(server())
      .post('/portal/sign-in')
      .set('Cookie', csrf)
      .type('form')
      .send({ _csrf: tokenOf(page.text), email, password: PASSWORD, next: '/portal' })
      .expect(303);
    const cookie = setCookies(res)
      .find((c) => c.startsWith('nr_session='))!
      .split(';')[0];
    const home = await request(server())
      .get('/portal')
      .set('Cookie', `${cookie}; ${csrf}; nr_lang=fr`)
      .expect(200);
    const renewed =
      setCookies(home)
        .find((c) => c.startsWith('nr_csrf='))
        ?.split(';')[0] ?? csrf;
    const all = `${cookie}; ${renewed}; nr_lang=fr`;
    const token = tokenOf(home.text);
    const role = email.replace(/^french-(\w+)@.*$/, '$1');
    return {
      role,
      post: (path: string, form: Record<string, string | string[]>) =>
        request(server())
          .post(path)
          .set('Cookie', all)
          .type('form')
          .send({ _csrf: token, ...form }),
    };
  }
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

  // The page's own words: the header, menu, main and footer, less what people or senders
  // wrote (names, titles, statements), which the seed chose in no particular language.
  function pageWords(html: string, data: readonly string[]): string {
    // What is marked as another language (a template's English preview, the switch's
    // "English") is not the page's own words.
    const own = html.replace(/<(\w+)[^>]*\slang="(?!fr")[^"]*"[^>]*>[\s\S]*?<\/\1>/g, ' ');
    let text = visibleText(own);
    for (const d of data) text = text.split(d).join(' ');
    // Ids, hashes and references (SUB-BY5T3ZRULD) spell "be" or "by" now and then.
    return text
      .replace(/\b[A-Z]{2,4}-[A-Z0-9]{4,}\b/g, ' ')
      .replace(/[0-9a-f-]*\d[0-9a-f-]*/g, (t) => (t.length >= 8 ? ' ' : t));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    ds = app.get(DataSource);
    s = await seedDeskScenario(app);
    const accounts = app.get(AccountsService);
    const org: Array<{ id: string }> = await ds.query(`SELECT id FROM organisations LIMIT 1`);
    for (const role of PERSON_ROLES) {
      await accounts.createUser({
        email: `french-${role}@isp.example`,
        displayName: `Camille ${role}`,
        role,
        organisationId: role === Role.Complainant ? org[0].id : null,
        password: PASSWORD,
      });
    }
    await seedDetailPages(org[0].id);
  });
  // Pages no menu links to directly: a disclosure request and a blocking order with an update
  // request, seeded through their services as the legal and blocking specs do.
  async function seedDetailPages(organisationId: string): Promise<void> {
    const request = await app.get(RequestIntakeService).submit(
      {
        actor: systemActor('french-walk'),
        organisationId,
        channel: 'paper',
        restrictToOrganisation: false,
      },
      {
        kind: 'fr_arcom_identification',
        issuingBody: 'Arcom',
        caseNumber: 'ARCOM-FR-1',
        noticeReferences: [s.challengedNotice],
        allowedFields: ['fullName', 'postalAddress'],
        objectionWindowDays: 0,
        respondBy: null,
      },
    );
    disclosureId = request.id;
    const [counsel, legal] = await ds.query<Array<{ id: string; role: string }>>(
      `SELECT id, role FROM users WHERE email IN ('french-complainant@isp.example',
         'french-legal@isp.example') ORDER BY role = 'legal'`,
    );
    const counselActor: AuditActor = { kind: 'user', id: counsel.id, role: Role.Complainant };
    const legalActor: AuditActor = { kind: 'user', id: legal.id, role: Role.Legal };
    const orders = app.get(BlockingOrdersService);
    const recorded = await orders.record(
      { actor: counselActor, organisationId, legal: false },
      parisOrder({
        caseNumber: 'RG 26/04321',
        measures: ['dns', 'ip'],
        updateBasis: 'authority',
        targets: ['pirate.example'],
      }),
    );
    orderId = recorded.order.id;
    await orders.confirm(legalActor, orderId, 'signifiée');
    await app.get(UpdateRequestsService).propose(counselActor, orderId, organisationId, [
      {
        value: 'miroir.example',
        mirrorOf: 'pirate.example',
        evidence: { description: 'même catalogue', seenAt: '2026-11-30T20:00:00Z' },
      },
    ]);
    [{ reference: quarantined }] = await ds.query<Array<{ reference: string }>>(
      `SELECT reference FROM notices WHERE status = 'quarantined' LIMIT 1`,
    );
  }

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('follows Accept-Language until the switch is used, then the choice', async () => {
    const fr = await request(server())
      .get('/portal/sign-in')
      .set('Accept-Language', 'fr-CA,fr;q=0.9,en;q=0.5')
      .expect(200);
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('<h1>Connexion</h1>');
    expect(fr.headers.vary).toMatch(/Accept-Language/);
    const en = await request(server()).get('/portal/sign-in').expect(200);
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('<h1>Sign in</h1>');

    // The switch remembers the choice and goes back to the page it was used on.
    const switched = await request(server())
      .get('/portal/language/en?next=%2Fportal%2Fsign-in%3Fnext%3D%252Fportal')
      .set('Accept-Language', 'fr')
      .expect(303);
    expect(switched.headers.location).toBe('/portal/sign-in?next=%2Fportal');
    const cookie = setCookies(switched).find((c) => c.startsWith('nr_lang=en'))!;
    expect(cookie).toMatch(/Path=\/portal/);
    const chosen = await request(server())
      .get('/portal/sign-in')
      .set('Accept-Language', 'fr')
      .set('Cookie', cookie.split(';')[0])
      .expect(200);
    expect(chosen.text).toContain('<h1>Sign in</h1>');
    // The link offers the other language and leads back here.
    expect(chosen.text.replace(/&#x3D;/g, '=')).toContain(
      'href="/portal/language/fr?next=%2Fportal%2Fsign-in" lang="fr" hreflang="fr">Français</a>',
    );

    // No open redirect, and an unknown language changes nothing.
    const away = await request(server())
      .get('/portal/language/fr?next=https%3A%2F%2Fevil.example%2F')
      .expect(303);
    expect(away.headers.location).toBe('/portal');
    const unknown = await request(server()).get('/portal/language/de').expect(303);
    expect(setCookies(unknown).some((c) => c.startsWith('nr_lang='))).toBe(false);
  });

  it('answers a bad forgot-password form in French', async () => {
    const page = await request(server())
      .get('/portal/forgot-password')
      .set('Accept-Language', 'fr')
      .expect(200);
    const csrf = setCookies(page).find((c) => c.startsWith('nr_csrf='))!;
    const res = await request(server())
      .post('/portal/forgot-password')
      .set('Accept-Language', 'fr')
      .set('Cookie', csrf.split(';')[0])
      .type('form')
      .send({ _csrf: tokenOf(page.text), email: 'not an address' })
      .expect(400);
    const english = 'Enter your e-mail address, like name@example.org';
    expect(res.text).toContain(PORTAL_CATALOGUE.fr[english]);
    expect(res.text).not.toContain(english);
  });

  it('shows every page of every role in French, with no English left', async () => {
    const data = [
      ...PERSON_ROLES.map((r) => `Camille ${r}`),
      s.challengeStatement,
      ...(
        await ds.query<Array<{ t: string }>>(
          `SELECT DISTINCT name AS t FROM organisations
         UNION SELECT DISTINCT title FROM notice_items WHERE title IS NOT NULL
         UNION SELECT DISTINCT file_name FROM notice_items WHERE file_name IS NOT NULL
         UNION SELECT DISTINCT purpose FROM audit_log WHERE purpose IS NOT NULL`,
        )
      ).map((r) => r.t),
    ];
    // The portal's own English phrases whose French differs ("Accepted", "Sign out"): none
    // may be left on a French page, even one without a function word.
    const englishPhrases = Object.entries(PORTAL_CATALOGUE.fr)
      .filter(([en, fr]) => en !== fr && /^[A-Z][A-Za-z’' -]{4,}$/.test(en))
      .map(([en]) => ({ en, re: new RegExp(`(?<!\\p{L})${en}(?!\\p{L})`, 'u') }));
    expect(englishPhrases.length).toBeGreaterThan(200);
    const problems: string[] = [];
    let pagesSeen = 0;
    // One page as the role saw it: in French, with no English phrase or function word left.
    const check = (role: string, path: string, res: request.Response, status = 200) => {
      expect([path, res.status]).toEqual([path, status]);
      expect([path, /<html lang="(\w+)">/.exec(res.text)?.[1]]).toEqual([path, 'fr']);
      pagesSeen += 1;
      const own = pageWords(res.text, data);
      for (const p of englishPhrases) {
        if (p.re.test(own)) problems.push(`${role} ${path}: English phrase "${p.en}"`);
      }
      for (const w of englishWordsIn(own)) {
        const i = own.search(new RegExp(`(?<![\\p{L}])${w}(?![\\p{L}])`, 'iu'));
        const around = own.slice(Math.max(0, i - 50), i + 50).replace(/\s+/g, ' ');
        problems.push(`${role} ${path}: "${w}" in …${around}…`);
      }
    };
    // Detail pages no menu links to, per role.
    const details: Partial<Record<Role, string[]>> = {
      [Role.AbuseDesk]: [
        `/portal/desk/notices/${s.challengedNotice}`,
        `/portal/desk/notices/${s.challengedNotice}/timeline`,
        `/portal/desk/challenges/${s.challengeId}`,
        `/portal/desk/subscribers/${s.subscriber.reference}`,
        `/portal/desk/messages/${s.sentId}`,
        `/portal/desk/quarantine/${quarantined}`,
        `/portal/desk/escalations/${s.proposalId}`,
      ],
      [Role.Complainant]: [
        `/portal/disclosure-requests/${disclosureId}`,
        `/portal/blocking/orders/${orderId}`,
        '/portal/blocking/orders/new',
        '/portal/blocking/update-requests/new',
      ],
      [Role.Legal]: [
        `/portal/legal/disclosure/${disclosureId}`,
        `/portal/blocking/orders/${orderId}`,
        `/portal/desk/subscribers/${s.subscriber.reference}`,
        `/portal/desk/messages/${s.sentId}`,
      ],
    };
    for (const role of PERSON_ROLES) {
      const cookie = `${await signIn(`french-${role}@isp.example`)}; nr_lang=fr`;
      const home = await request(server()).get('/portal').set('Cookie', cookie).expect(200);
      const menu = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home.text)![0];
      const pages = [...menu.matchAll(/href="([^"]+)"/g)]
        .map((m) => m[1])
        // Bull Board is its own application, in English.
        .filter((p) => p.startsWith('/portal'));
      pages.push(...(details[role] ?? []));
      for (const path of pages) {
        check(role, path, await request(server()).get(path).set('Cookie', cookie));
      }
    }

    // The bulk actions' confirmation and result pages, reached by posting a selection as the
    // list pages' forms do (the last steps change the seeded rows, so they come last).
    const desk = await session('french-abuse_desk@isp.example');
    const legal = await session('french-legal@isp.example');
    const bulk: Array<[typeof desk, string, Record<string, string | string[]>]> = [
      [desk, '/portal/desk/search/bulk/invalidate/confirm', { refs: [s.challengedNotice] }],
      [desk, '/portal/desk/bulk/dead-letters/confirm', { ids: s.deadIds }],
      [desk, '/portal/desk/bulk/quarantine/confirm', { refs: [quarantined], action: 'accept' }],
      [desk, '/portal/desk/bulk/quarantine/confirm', { refs: [quarantined], action: 'reject' }],
      [legal, '/portal/desk/bulk/escalations/confirm', { ids: [s.proposalId] }],
      [
        legal,
        '/portal/desk/bulk/escalations/confirm',
        { ids: [s.proposalId], decision: 'declined' },
      ],
      [desk, '/portal/desk/bulk/dead-letters', { ids: s.deadIds }],
      [
        desk,
        '/portal/desk/bulk/quarantine',
        { refs: [quarantined], action: 'reject', reason: 'Courriel indésirable' },
      ],
      [
        legal,
        '/portal/desk/bulk/escalations',
        { ids: [s.proposalId], decision: 'declined', reasons: 'Pas assez d’éléments' },
      ],
      [
        desk,
        '/portal/desk/search/bulk/invalidate',
        { refs: [s.challengedNotice, 'NR-ABSENT'], reason: 'Retirée par l’expéditeur' },
      ],
    ];
    for (const [who, path, form] of bulk) {
      check(who.role, `POST ${path}`, await who.post(path, form));
    }
    // A selection with nothing in it: the pages' own errors, in French too.
    check(
      desk.role,
      'POST dead-letters/confirm (none)',
      await desk.post('/portal/desk/bulk/dead-letters/confirm', {}),
      400,
    );
    check(
      desk.role,
      'POST invalidate/confirm (none)',
      await desk.post('/portal/desk/search/bulk/invalidate/confirm', {}),
      400,
    );
    expect(pagesSeen).toBeGreaterThan(45);
    expect(problems).toEqual([]);
  });

  it('writes dates and numbers the French way', async () => {
    const cookie = `${await signIn('french-abuse_desk@isp.example')}; nr_lang=fr`;
    const page = await request(server())
      .get(`/portal/desk/notices/${s.challengedNotice}`)
      .set('Cookie', cookie)
      .expect(200);
    // Received 07/12/2026 17:48:22 UTC, where the English page reads 2026-12-07 17:48:22 UTC.
    const received = /<dd>(\d\d)\/(\d\d)\/(20\d\d) (\d\d:\d\d:\d\d) UTC/.exec(page.text)!;
    expect(received).not.toBeNull();
    const english = await request(server())
      .get(`/portal/desk/notices/${s.challengedNotice}`)
      .set('Cookie', cookie.replace('nr_lang=fr', 'nr_lang=en'))
      .expect(200);
    const [, dd, mm, yyyy, time] = received;
    expect(english.text).toContain(`${yyyy}-${mm}-${dd} ${time} UTC`);
  });
});
