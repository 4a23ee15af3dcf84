import { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { systemActor } from '../../src/modules/identity/audit.types';
import { LegalHoldsService } from '../../src/modules/retention/legal-holds.service';
import { captureStdout } from '../support/capture-stdout';
import { Actors, seedActors } from '../support/fixtures';
import { seedAccounts } from '../support/lease-fixtures';
import { accountId, createNotice } from '../support/notice-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const PASSWORD = 'e2e-legal-portal-password';
// Distinctive identity, searched for in every non-identity page and every log line.
const SECRET = { name: 'Wilhelmina Azikiwe-Thorsson', email: 'wilhelmina.at@subscriber.example' };
const ACCOUNT = 'ACCT-WAT-9';
const A_UUID = '00000000-0000-4000-8000-000000000001';

interface Session {
  cookie: string;
  token: string;
}

// Legal staff's portal pages over plain HTTP: the audited identity view, legal holds and
// sender suspension, with role checks, CSRF and form errors.
describe('portal legal pages over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let actors: Actors;
  let subscriberRef: string;
  let accountUuid: string;
  let noticeRef: string;
  let legalUserId: string;
  let pendingOrgId: string;
  let restoreStdout: (() => void) | undefined;
  const logged: string[] = [];

  const http = () => request(app.getHttpServer());
  const setCookies = (res: request.Response): string[] => {
    const raw = res.headers['set-cookie'] as unknown;
    return Array.isArray(raw) ? (raw as string[]) : [];
  };
  const pair = (c: string) => c.split(';')[0];
  const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  // Link targets as the browser reads them (Handlebars escapes `=` and `&`).
  const hrefs = (html: string) =>
    [...html.matchAll(/href="([^"]+)"/g)].map((m) =>
      m[1].replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'),
    );
  const auditCount = async (action: string): Promise<number> =>
    Number(
      (
        await ds.query<Array<{ n: string }>>(
          `SELECT count(*) AS n FROM audit_log WHERE action = $1`,
          [action],
        )
      )[0].n,
    );

  // Signs in and opens a page, which issues the CSRF token bound to the new session.
  async function signIn(email: string, landing = '/portal'): Promise<Session> {
    const page = await http().get('/portal/sign-in').expect(200);
    const csrf = setCookies(page).find((c) => c.startsWith('__Host-nr_csrf='))!;
    const res = await http()
      .post('/portal/sign-in')
      .set('Cookie', pair(csrf))
      .type('form')
      .send({ _csrf: tokenOf(page.text), email, password: PASSWORD, next: '/portal' })
      .expect(303);
    const session = pair(setCookies(res).find((c) => c.startsWith('nr_session='))!);
    const opened = await http()
      .get(landing)
      .set('Cookie', `${session}; ${pair(csrf)}`);
    expect(opened.status).toBe(200);
    const renewed = setCookies(opened).find((c) => c.startsWith('__Host-nr_csrf=')) ?? csrf;
    return { cookie: `${session}; ${pair(renewed)}`, token: tokenOf(opened.text) };
  }

  const get = (s: Session, path: string) => http().get(path).set('Cookie', s.cookie);
  const post = (s: Session, path: string, fields: Record<string, string>) =>
    http().post(path).set('Cookie', s.cookie).type('form').send(fields);

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, { PUBLIC_URL: 'https://portal.isp.example', LOG_LEVEL: 'info' }),
    );
    app.useLogger(app.get(Logger));
    ds = app.get(DataSource);
    actors = await seedActors(app);
    const accounts = app.get(AccountsService);
    for (const [email, role, org] of [
      ['counsel@vendor.example', Role.Complainant, actors.organisationId],
      ['desk@isp.example', Role.AbuseDesk, null],
      ['legal@isp.example', Role.Legal, null],
      ['admin@isp.example', Role.Admin, null],
    ] as const) {
      const u = await accounts.createUser({
        email,
        displayName: email,
        role,
        organisationId: org,
        password: PASSWORD,
      });
      if (role === Role.Legal) legalUserId = u.id;
    }
    pendingOrgId = (
      await accounts.createOrganisation({
        name: 'Pending Vendor',
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Pending,
      })
    ).id;
    const refs = await seedAccounts(app, [
      { account: ACCOUNT, type: 'mac', id: 'ab:00:00:00:09:01', ...SECRET },
    ]);
    subscriberRef = refs[ACCOUNT];
    accountUuid = await accountId(ds, ACCOUNT);
    // Two forwarded items and one that matched no single subscriber: 33.3 % unmatched.
    noticeRef = (
      await createNotice(ds, {
        organisationId: actors.organisationId,
        items: [{ account: ACCOUNT }, { account: ACCOUNT }, { outcome: 'ambiguous' }],
      })
    ).reference;
  });
  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await db?.drop();
  });

  it('offers legal staff the identity, holds and senders pages, and no other role', async () => {
    const menuOf = async (email: string) => {
      const s = await signIn(email);
      const home = await get(s, '/portal').expect(200);
      return /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home.text)![0];
    };
    const legal = await menuOf('legal@isp.example');
    for (const href of ['/portal/legal/identity', '/portal/legal/holds', '/portal/legal/senders']) {
      expect(legal).toContain(`href="${href}"`);
    }
    for (const email of ['counsel@vendor.example', 'desk@isp.example', 'admin@isp.example']) {
      const menu = await menuOf(email);
      expect(menu).not.toMatch(/legal\/(identity|holds|senders)/);
    }
  });

  it('answers counsel (and the desk) 403 on every legal page and form, also by direct URL', async () => {
    const hold = await app
      .get(LegalHoldsService)
      .place(systemActor('e2e'), 'notice', noticeRef, 'seeded hold for the role check');
    const gets = [
      '/portal/legal/identity',
      `/portal/legal/identity?ref=${subscriberRef}`,
      '/portal/legal/holds',
      '/portal/legal/holds?show=all&page=2',
      `/portal/legal/holds/${hold.id}`,
      '/portal/legal/senders',
      `/portal/legal/senders/${actors.organisationId}`,
    ];
    const posts: Array<[string, Record<string, string>]> = [
      ['/portal/legal/identity', { subscriberRef, purpose: 'curious about this one' }],
      ['/portal/legal/holds', { subjectType: 'notice', subject: noticeRef, reason: 'mine' }],
      [`/portal/legal/holds/${hold.id}/release`, { reason: 'let it go' }],
      [`/portal/legal/senders/${actors.organisationId}/suspend`, { reason: 'competitor' }],
      [`/portal/legal/senders/${actors.organisationId}/reinstate`, { reason: 'back' }],
    ];
    const before = await ds.query<unknown[]>(`SELECT count(*) FROM audit_log`);
    for (const email of ['counsel@vendor.example', 'desk@isp.example']) {
      const s = await signIn(email);
      for (const path of gets) {
        const res = await get(s, path);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).toContain('You do not have access to this page');
        expect(res.text).not.toContain(SECRET.name);
      }
      for (const [path, fields] of posts) {
        const res = await post(s, path, { _csrf: s.token, ...fields });
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.text).not.toContain(SECRET.name);
      }
    }
    // Nothing was read, held, released or suspended.
    expect(await ds.query<unknown[]>(`SELECT count(*) FROM audit_log`)).toEqual(before);
    const org = await app.get(AccountsService).getOrganisation(actors.organisationId);
    expect(org.accreditation).toBe(Accreditation.Accredited);
    await app.get(LegalHoldsService).release(systemActor('e2e'), hold.id, 'role check done');
  });

  it('refuses every legal form posted without its CSRF token, and records nothing', async () => {
    const s = await signIn('legal@isp.example');
    const hold = await app
      .get(LegalHoldsService)
      .place(systemActor('e2e'), 'account', subscriberRef, 'seeded hold for the CSRF check');
    const before = await ds.query<unknown[]>(`SELECT count(*) FROM audit_log`);
    for (const [path, fields] of [
      ['/portal/legal/identity', { subscriberRef, purpose: 'no token given here' }],
      ['/portal/legal/holds', { subjectType: 'notice', subject: noticeRef, reason: 'no token' }],
      [`/portal/legal/holds/${hold.id}/release`, { reason: 'no token' }],
      [`/portal/legal/senders/${actors.organisationId}/suspend`, { reason: 'no token' }],
    ] as const) {
      const res = await post(s, path, fields);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.text).toContain('This form could not be verified');
      expect(res.text).not.toContain(SECRET.name);
      // A wrong token is refused the same way.
      const forged = await post(s, path, { ...fields, _csrf: `${s.token.slice(0, -4)}AAAA` });
      expect([path, forged.status]).toEqual([path, 403]);
    }
    expect(await ds.query<unknown[]>(`SELECT count(*) FROM audit_log`)).toEqual(before);
    expect((await app.get(LegalHoldsService).get(hold.id)).released_at).toBeNull();
    await app.get(LegalHoldsService).release(systemActor('e2e'), hold.id, 'CSRF check done');
  });

  describe('identity view', () => {
    it('shows the form without reading anything, prefilled from ?ref=', async () => {
      const s = await signIn('legal@isp.example');
      const reads = await auditCount('identity.read');
      const res = await get(s, `/portal/legal/identity?ref=${subscriberRef}`).expect(200);
      expect(res.text).toContain(`value="${subscriberRef}"`);
      expect(res.text).toContain('Every opening is');
      expect(res.text).not.toContain(SECRET.name);
      // Only a safe reference is echoed back.
      const odd = await get(s, '/portal/legal/identity?ref=%22%3E%3Cb%3Ex').expect(200);
      expect(odd.text).toContain('id="subscriberRef" name="subscriberRef" type="text"');
      expect(odd.text).not.toContain('<b>x');
      expect(await auditCount('identity.read')).toBe(reads);
    });

    it('puts each mistake beside its field and reads nothing', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/identity');
      const reads = await auditCount('identity.read');
      const bad = await post(s, '/portal/legal/identity', {
        _csrf: s.token,
        subscriberRef: 'not a ref!',
        purpose: 'x',
      }).expect(400);
      expect(bad.text).toContain('id="subscriberRef-error"');
      expect(bad.text).toContain('Enter the subscriber reference');
      expect(bad.text).toContain('id="purpose-error"');
      expect(bad.text).toContain('aria-invalid="true"');
      expect(bad.text).toContain('There is a problem');
      const unknown = await post(s, '/portal/legal/identity', {
        _csrf: s.token,
        subscriberRef: 'SUB-NOSUCHONE',
        purpose: 'checking a reference from a court order',
      }).expect(404);
      expect(unknown.text).toContain('No subscriber has this reference');
      expect(unknown.text).toContain('value="checking a reference from a court order"');
      expect(await auditCount('identity.read')).toBe(reads);
    });

    it('opens an identity, says the opening was audited, and the audit log has it', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/identity');
      const reads = await auditCount('identity.read');
      const res = await post(s, '/portal/legal/identity', {
        _csrf: s.token,
        subscriberRef,
        purpose: 'Norwich order T-1234-26',
      }).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain(SECRET.name);
      expect(res.text).toContain(SECRET.email);
      expect(res.text).toContain('This opening was recorded in the audit log');
      expect(await auditCount('identity.read')).toBe(reads + 1);
      const [entry] = await ds.query<
        Array<{ actor_id: string; actor_role: string; subject_id: string; purpose: string }>
      >(
        `SELECT actor_id, actor_role, subject_id, purpose FROM audit_log
          WHERE action = 'identity.read' ORDER BY seq DESC LIMIT 1`,
      );
      expect(entry).toEqual({
        actor_id: legalUserId,
        actor_role: Role.Legal,
        subject_id: accountUuid,
        purpose: 'portal identity view: Norwich order T-1234-26',
      });
      // The audit log page shows the opening, with the chain still verified.
      const audit = await get(s, '/portal/legal/audit').expect(200);
      expect(audit.text).toContain('portal identity view: Norwich order T-1234-26');
      expect(audit.text).toContain('Verified: the hash chain');
      expect(audit.text).not.toContain(SECRET.name);
    });
  });

  describe('legal holds', () => {
    it('shows an empty state, then places a hold on a notice and on a subscriber', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/holds');
      const empty = await get(s, '/portal/legal/holds').expect(200);
      expect(empty.text).toContain('No active legal holds');
      const placed = await auditCount('hold.placed');
      const res = await post(s, '/portal/legal/holds', {
        _csrf: s.token,
        subjectType: 'notice',
        subject: noticeRef,
        reason: 'Claimant says it has sued (T-1234-26)',
      }).expect(303);
      expect(res.headers.location).toBe('/portal/legal/holds?done=placed');
      await post(s, '/portal/legal/holds', {
        _csrf: s.token,
        subjectType: 'account',
        subject: subscriberRef,
        reason: 'Subscriber access request pending',
      }).expect(303);
      const list = await get(s, '/portal/legal/holds?done=placed').expect(200);
      expect(list.text).toContain('The hold was placed');
      expect(list.text).toContain(noticeRef);
      expect(list.text).toContain(subscriberRef);
      expect(list.text).toContain('Claimant says it has sued (T-1234-26)');
      expect(list.text).not.toContain(SECRET.name);
      expect(await auditCount('hold.placed')).toBe(placed + 2);
      const holds = await ds.query<Array<{ subject_id: string; created_by: string }>>(
        `SELECT subject_id, created_by FROM legal_holds WHERE released_at IS NULL
          ORDER BY created_at`,
      );
      expect(holds.map((h) => h.created_by)).toEqual([legalUserId, legalUserId]);
      expect(holds[1].subject_id).toBe(accountUuid);
    });

    it('puts each mistake beside its field and places nothing', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/holds');
      const count = async () =>
        (await ds.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM legal_holds`))[0].n;
      const before = await count();
      const bad = await post(s, '/portal/legal/holds', {
        _csrf: s.token,
        subject: '',
        reason: 'x',
      }).expect(400);
      expect(bad.text).toContain('id="subjectType-error"');
      expect(bad.text).toContain('Choose what to hold');
      expect(bad.text).toContain('id="subject-error"');
      expect(bad.text).toContain('id="reason-error"');
      const unknown = await post(s, '/portal/legal/holds', {
        _csrf: s.token,
        subjectType: 'request',
        subject: 'DR-NOPE',
        reason: 'Hold the request for the appeal',
      }).expect(400);
      expect(unknown.text).toContain('No disclosure request has this reference');
      // What was typed stays in the form.
      expect(unknown.text).toMatch(
        /id="subjectType-request" name="subjectType" value="request" checked/,
      );
      expect(unknown.text).toContain('Hold the request for the appeal</textarea>');
      expect(await count()).toBe(before);
    });

    it('releases a hold with a reason, shows it among all holds, and refuses a second release', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/holds');
      const [hold] = await ds.query<Array<{ id: string }>>(
        `SELECT h.id FROM legal_holds h JOIN notices n ON n.id = h.subject_id
          WHERE h.released_at IS NULL ORDER BY h.created_at LIMIT 1`,
      );
      const page = await get(s, `/portal/legal/holds/${hold.id}`).expect(200);
      expect(page.text).toContain(noticeRef);
      expect(page.text).toContain('Release this hold');
      const bad = await post(s, `/portal/legal/holds/${hold.id}/release`, {
        _csrf: s.token,
        reason: '',
      }).expect(400);
      expect(bad.text).toContain('id="reason-error"');
      const released = await auditCount('hold.released');
      const ok = await post(s, `/portal/legal/holds/${hold.id}/release`, {
        _csrf: s.token,
        reason: 'Proceedings withdrawn',
      }).expect(303);
      expect(ok.headers.location).toBe('/portal/legal/holds?done=released');
      expect(await auditCount('hold.released')).toBe(released + 1);
      const active = await get(s, '/portal/legal/holds').expect(200);
      expect(active.text).not.toContain(noticeRef);
      const all = await get(s, '/portal/legal/holds?show=all').expect(200);
      expect(all.text).toContain(noticeRef);
      expect(all.text).toContain('Proceedings withdrawn');
      const again = await post(s, `/portal/legal/holds/${hold.id}/release`, {
        _csrf: s.token,
        reason: 'Once more',
      }).expect(409);
      expect(again.text).toContain('The hold was already released');
      expect(again.text).not.toContain('Release this hold');
      await get(s, `/portal/legal/holds/${A_UUID}`).expect(404);
      await get(s, '/portal/legal/holds/not-a-uuid').expect(400);
    });

    it('pages through many holds, keeping the "released too" filter', async () => {
      const holds = app.get(LegalHoldsService);
      for (let i = 0; i < 26; i++) {
        await holds.place(systemActor('e2e'), 'notice', noticeRef, `bulk hold ${i}`);
      }
      const s = await signIn('legal@isp.example', '/portal/legal/holds');
      const first = await get(s, '/portal/legal/holds').expect(200);
      expect(first.text).toMatch(/Showing 1–25 of 2[78]/);
      expect(hrefs(first.text)).toContain('/portal/legal/holds?page=2');
      const second = await get(s, '/portal/legal/holds?page=2').expect(200);
      expect(second.text).toMatch(/Showing 26–2[78] of 2[78]/);
      const all = await get(s, '/portal/legal/holds?show=all').expect(200);
      expect(hrefs(all.text)).toContain('/portal/legal/holds?show=all&page=2');
      const rows = await ds.query<Array<{ id: string }>>(
        `SELECT id FROM legal_holds WHERE reason LIKE 'bulk hold %'`,
      );
      for (const r of rows) await holds.release(systemActor('e2e'), r.id, 'bulk done');
    });
  });

  describe('senders', () => {
    it('lists senders with their VA-6 quality figures', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/senders');
      const list = await get(s, '/portal/legal/senders').expect(200);
      expect(list.text).toContain(`href="/portal/legal/senders/${actors.organisationId}"`);
      expect(list.text).toContain('Pending Vendor');
      // Three items, one of them unmatched.
      expect(list.text).toContain('33.3 %');
      expect(list.text).not.toContain(SECRET.name);
      const page = await get(s, `/portal/legal/senders/${actors.organisationId}`).expect(200);
      expect(page.text).toContain('Matched no single subscriber');
      expect(page.text).toContain('Suspend this sender');
      expect(page.text).not.toContain('Reinstate this sender');
      await get(s, `/portal/legal/senders/${A_UUID}`).expect(404);
    });

    it('suspends a sender with a reason, audited, then reinstates it', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/senders');
      const path = `/portal/legal/senders/${actors.organisationId}`;
      const bad = await post(s, `${path}/suspend`, { _csrf: s.token, reason: 'no' }).expect(400);
      expect(bad.text).toContain('id="reason-error"');
      expect(bad.text).toContain('Give the reason');
      const org = () => app.get(AccountsService).getOrganisation(actors.organisationId);
      expect((await org()).accreditation).toBe(Accreditation.Accredited);

      const done = await post(s, `${path}/suspend`, {
        _csrf: s.token,
        reason: 'Unmatched rate above 30 % for a month',
      }).expect(303);
      expect(done.headers.location).toBe(`${path}?done=suspended`);
      expect(await org()).toMatchObject({
        accreditation: Accreditation.Suspended,
        accreditationNote: 'Unmatched rate above 30 % for a month',
      });
      const [entry] = await ds.query<Array<{ actor_id: string; purpose: string }>>(
        `SELECT actor_id, purpose FROM audit_log WHERE action = 'organisation.suspended'
            AND subject_id = $1`,
        [actors.organisationId],
      );
      expect(entry).toEqual({
        actor_id: legalUserId,
        purpose: 'Unmatched rate above 30 % for a month',
      });
      const page = await get(s, `${path}?done=suspended`).expect(200);
      expect(page.text).toContain('The sender was suspended');
      expect(page.text).toContain('Reinstate this sender');
      const twice = await post(s, `${path}/suspend`, {
        _csrf: s.token,
        reason: 'Suspend it again',
      }).expect(409);
      expect(twice.text).toContain('Only an accredited sender can be suspended');

      await post(s, `${path}/reinstate`, {
        _csrf: s.token,
        reason: 'Vendor fixed its clock offset',
      })
        .expect(303)
        .expect('Location', `${path}?done=reinstated`);
      expect((await org()).accreditation).toBe(Accreditation.Accredited);
      expect(await auditCount('organisation.reinstated')).toBe(1);
    });

    it('never suspends or accredits a pending sender', async () => {
      const s = await signIn('legal@isp.example', '/portal/legal/senders');
      const path = `/portal/legal/senders/${pendingOrgId}`;
      const page = await get(s, path).expect(200);
      expect(page.text).not.toContain('Suspend this sender');
      expect(page.text).toContain('this sender is pending');
      for (const action of ['suspend', 'reinstate']) {
        const res = await post(s, `${path}/${action}`, {
          _csrf: s.token,
          reason: 'Trying anyway',
        }).expect(409);
        expect(res.text).toContain('this one is pending');
      }
      const org = await app.get(AccountsService).getOrganisation(pendingOrgId);
      expect(org.accreditation).toBe(Accreditation.Pending);
    });

    it('audits an accreditation set through the API like a suspension in the portal', async () => {
      const accounts = app.get(AccountsService);
      const { id } = await accounts.createOrganisation({
        name: 'API Accredited Vendor',
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Pending,
      });
      const patch = (key: string, orgId: string, body: Record<string, string>) =>
        http()
          .patch(`/api/v1/organisations/${orgId}/accreditation`)
          .set('Authorization', `Bearer ${key}`)
          .send(body);
      const entries = () =>
        ds.query<
          Array<{ actor_kind: string; actor_role: string; purpose: string; details: unknown }>
        >(
          `SELECT actor_kind, actor_role, purpose, details FROM audit_log
            WHERE action = 'organisation.accreditation_set' AND subject_id = $1 ORDER BY seq`,
          [id],
        );

      await patch(actors.keys[Role.Admin], id, {
        accreditation: 'accredited',
        note: 'Contract and CNIL authorisation checked',
      })
        .expect(200)
        .expect((res) => expect(res.body).toMatchObject({ accreditation: 'accredited' }));
      await patch(actors.keys[Role.Legal], id, { accreditation: 'revoked' }).expect(200);
      expect(await entries()).toEqual([
        {
          actor_kind: 'api_key',
          actor_role: 'admin',
          purpose: 'Contract and CNIL authorisation checked',
          details: { from: 'pending', to: 'accredited' },
        },
        {
          actor_kind: 'api_key',
          actor_role: 'legal',
          purpose: 'accreditation set through the API (no note given)',
          details: { from: 'accredited', to: 'revoked', keysRevoked: 0 },
        },
      ]);
      expect((await accounts.getOrganisation(id)).accreditation).toBe(Accreditation.Revoked);

      // Refused changes write nothing: the wrong role, an unknown organisation, a bad value.
      await patch(actors.keys[Role.AbuseDesk], id, { accreditation: 'accredited' }).expect(403);
      await patch(actors.keys[Role.Admin], A_UUID, { accreditation: 'accredited' }).expect(404);
      await patch(actors.keys[Role.Admin], id, { accreditation: 'blessed' }).expect(400);
      expect(await entries()).toHaveLength(2);
      // The hash chain still verifies with the new entries in it.
      const s = await signIn('legal@isp.example', '/portal/legal/audit');
      const audit = await get(s, '/portal/legal/audit').expect(200);
      expect(audit.text).toContain('organisation.accreditation_set');
      expect(audit.text).toContain('data-testid="audit-verification">Verified');
    });
  });

  it('never wrote subscriber identity to the log', () => {
    expect(logged.join('')).toContain('/portal/legal/identity');
    for (const secret of [SECRET.name, SECRET.email]) {
      expect(logged.join('\n')).not.toContain(secret);
    }
  });
});
