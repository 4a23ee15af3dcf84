import { getQueueToken } from '@nestjs/bull';
import { INestApplication } from '@nestjs/common';
import type { Queue } from 'bull';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { QueueName } from '../../src/queue/queue-names';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { PERSON_ROLES, PersonRole, Role } from '../../src/common/roles';
import { DeskScenario, seedDeskScenario } from '../support/desk-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const PASSWORD = 'e2e-desk-password-1';
const DESK_PAGES = [
  '/portal/desk/challenges',
  '/portal/desk/dead-letters',
  '/portal/desk/deliveries',
  '/portal/desk/templates',
];

// The abuse desk's portal pages over HTTP (issue #7). MODE=api: no worker moves the seeded
// messages on, so every figure and state asserted is the one the pages caused.
describe('portal desk pages over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let s: DeskScenario;
  const seen: string[] = [];
  const empty: Record<string, string> = {};
  const emails: Record<PersonRole, string> = {
    [Role.Complainant]: 'counsel-desk-e2e@vendor.example',
    [Role.AbuseDesk]: 'desk-desk-e2e@isp.example',
    [Role.Legal]: 'legal-desk-e2e@isp.example',
    [Role.Admin]: 'admin-desk-e2e@isp.example',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    ds = app.get(DataSource);
    const accounts = app.get(AccountsService);
    const [{ id: orgId }]: Array<{ id: string }> = await ds.query(
      `INSERT INTO organisations (name, kind, accreditation) VALUES ('Desk E2E Vendor', 'vendor',
         'accredited') RETURNING id`,
    );
    for (const role of PERSON_ROLES) {
      await accounts.createUser({
        email: emails[role],
        displayName: `Desk E2E ${role}`,
        role,
        organisationId: role === Role.Complainant ? orgId : null,
        password: PASSWORD,
      });
    }
    // The lists as they are before anything arrives, for the empty-state test.
    const early = await signIn(Role.Admin);
    for (const path of [
      '/portal/desk/challenges',
      '/portal/desk/dead-letters',
      '/portal/desk/deliveries',
      '/portal/desk/escalations',
    ]) {
      empty[path] = (await early.get(path)).text;
    }
    s = await seedDeskScenario(app);
    // One delayed job, so the queue table has a figure that is not zero.
    await app
      .get<Queue>(getQueueToken(QueueName.Retention))
      .add('desk-e2e', {}, { delay: 3_600_000, jobId: 'desk-e2e-delayed' });
  });

  afterAll(async () => {
    await app?.get<Queue>(getQueueToken(QueueName.Retention)).obliterate({ force: true });
    await app?.close();
    await db?.drop();
  });

  // A signed-in browser without JavaScript: the agent keeps the session and CSRF cookies.
  async function signIn(role: PersonRole) {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/portal/sign-in').expect(200);
    await agent
      .post('/portal/sign-in')
      .type('form')
      .send({ _csrf: csrf(page.text), email: emails[role], password: PASSWORD, next: '/portal' })
      .expect(303);
    return {
      get: async (path: string) => {
        const res = await agent.get(path);
        seen.push(res.text);
        return res;
      },
      post: async (path: string, form: Record<string, unknown>) => {
        const res = await agent.post(path).type('form').send(form);
        seen.push(res.text);
        return res;
      },
    };
  }
  const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];
  const cell = (html: string, testId: string) =>
    new RegExp(`data-testid="${testId}">([^<]*)<`).exec(html)?.[1];
  const row = (html: string, attr: string, key: string) => {
    const m = new RegExp(`<tr ${attr}="${key}">([\\s\\S]*?)</tr>`).exec(html);
    return m ? [...m[1].matchAll(/<td[^>]* class="num">([^<]*)<\/td>/g)].map((c) => c[1]) : null;
  };
  const status = async (id: string) =>
    (
      await ds.query<Array<{ status: string }>>(
        `SELECT status FROM outbound_messages WHERE id = $1`,
        [id],
      )
    )[0].status;

  it('shows the desk dashboard figures equal to the seeded notices, items and messages', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.get('/portal');
    expect(res.status).toBe(200);
    const html = res.text;
    expect(cell(html, 'notices-today')).toBe(String(s.expected.noticesToday));
    expect(cell(html, 'items-today')).toBe(String(s.expected.itemsToday));
    expect(cell(html, 'notices-month')).toBe(String(s.expected.noticesMonth));
    expect(cell(html, 'items-month')).toBe(String(s.expected.itemsMonth));
    expect(cell(html, 'quarantined')).toBe(String(s.expected.quarantined));
    for (const [key, month] of Object.entries(s.expected.outcomesMonth)) {
      expect([key, row(html, 'data-outcome', key)?.[1]]).toEqual([key, String(month)]);
    }
    for (const [rule, month] of Object.entries(s.expected.refusedByRule)) {
      expect([rule, row(html, 'data-rule', rule)?.[1]]).toEqual([rule, String(month)]);
    }
    // Rules in words; the code only in small print beside them.
    expect(html).toMatch(
      /<tr data-rule="timestamp_zone"><th[^>]* scope="row"[^>]*>The time must be to the second with an explicit zone<br><small>Check <code>timestamp_zone<\/code><\/small><\/th>/,
    );
    expect(cell(html, 'dead-letters')).toBe('2');
    expect(cell(html, 'retrying')).toBe('1');
    expect(row(html, 'data-queue', 'retention')).toEqual(['0', '0', '1', '0']);
    expect(row(html, 'data-queue', 'mail')).toEqual(['0', '0', '0', '0']);
    // Every chart is labelled by its own title and description; no placeholder is left.
    const charts = [...html.matchAll(/<svg [^>]*aria-labelledby="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toHaveLength(5);
    for (const ids of charts) {
      for (const id of ids.split(' ')) expect(html).toContain(`id="${id}"`);
    }
    expect(html).not.toContain('card--placeholder');
    expect(html).not.toMatch(/<script|style="/);
  });

  it('says what would be listed when a list is empty', () => {
    expect(empty['/portal/desk/challenges']).toContain(
      'No subscriber has challenged a warning yet',
    );
    expect(empty['/portal/desk/dead-letters']).toContain('No dead letters');
    expect(empty['/portal/desk/deliveries']).toContain('No messages.');
    expect(empty['/portal/desk/escalations']).toContain('No escalation has been proposed');
    for (const html of Object.values(empty)) expect(html).toContain('class="empty"');
  });

  it('counts the day and month windows through an index on received_at', async () => {
    const plan = await ds.transaction(async (em) => {
      // A handful of rows would always be scanned; this asks whether the index can serve it.
      await em.query(`SET LOCAL enable_seqscan = off`);
      const rows: Array<{ 'QUERY PLAN': string }> = await em.query(
        `EXPLAIN SELECT count(*) FROM notices WHERE received_at >= $1`,
        [new Date()],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('notices_received_idx');
  });

  it('refuses desk pages to counsel and legal, and offers each role only what it may open', async () => {
    for (const role of [Role.Complainant, Role.Legal] as const) {
      const user = await signIn(role);
      for (const path of [...DESK_PAGES, `/portal/desk/challenges/${s.challengeId}`]) {
        expect([role, path, (await user.get(path)).status]).toEqual([role, path, 403]);
      }
      const home = await user.get('/portal');
      for (const path of DESK_PAGES) expect(home.text).not.toContain(`href="${path}"`);
    }
    const counsel = await signIn(Role.Complainant);
    expect((await counsel.get('/portal/desk/escalations')).status).toBe(403);
    const legal = await signIn(Role.Legal);
    expect((await legal.get('/portal/desk/escalations')).status).toBe(200);
    const admin = await signIn(Role.Admin);
    for (const path of [...DESK_PAGES, '/portal/desk/escalations']) {
      expect([path, (await admin.get(path)).status]).toEqual([path, 200]);
    }
  });

  it('lists challenges open first and shows one with its notice, items and strikes', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const list = await desk.get('/portal/desk/challenges');
    expect(list.status).toBe(200);
    const open = list.text.indexOf(`href="/portal/desk/challenges/${s.challengeId}"`);
    const decided = list.text.indexOf(`href="/portal/desk/challenges/${s.decidedChallengeId}"`);
    expect(open).toBeGreaterThan(0);
    expect(decided).toBeGreaterThan(open);
    expect(list.text).toContain(s.challengedNotice);
    const page = await desk.get(`/portal/desk/challenges/${s.challengeId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(s.challengeStatement);
    expect(page.text).toContain('Unauthorised use');
    expect(page.text).toContain(s.subscriber.reference);
    expect(cell(page.text, 'strikes')).toBe('2 counting, 0 withdrawn');
    // One row per warned item, its notice linking to the case timeline.
    expect(
      page.text.match(/<tr>\s*<td data-label="Notice"><a href="\/portal\/desk\/notices\/NR-/g),
    ).toHaveLength(2);
    expect((await desk.get('/portal/desk/challenges/not-a-uuid')).status).toBe(400);
    expect((await desk.get(`/portal/desk/challenges/${s.sentId}`)).status).toBe(404);
  });

  it('refuses a decision without a valid CSRF token and leaves the challenge open', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.post(`/portal/desk/challenges/${s.challengeId}/decision`, {
      decision: 'upheld',
      note: 'forged',
      _csrf: 'not-a-token',
    });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form could not be verified');
    const rows: Array<{ status: string }> = await ds.query(
      `SELECT status FROM challenges WHERE id = $1`,
      [s.challengeId],
    );
    expect(rows[0].status).toBe('open');
  });

  it('re-renders the decision form with errors, then upholding withdraws the strikes', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const path = `/portal/desk/challenges/${s.challengeId}`;
    const token = csrf((await desk.get(path)).text);
    const bad = await desk.post(`${path}/decision`, { _csrf: token, note: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose whether to uphold or reject the challenge');
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('href="#note"');
    const ok = await desk.post(`${path}/decision`, {
      _csrf: token,
      decision: 'upheld',
      note: 'Guest use is credible; strikes withdrawn.',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe(`${path}?withdrawn=2`);
    const strikes: Array<{ active: number; withdrawn: number }> = await ds.query(
      `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active,
              count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
         FROM strikes WHERE message_id = $1`,
      [s.sentId],
    );
    expect(strikes[0]).toEqual({ active: 0, withdrawn: 2 });
    const audit: Array<{ action: string; actor_kind: string; actor_role: string }> = await ds.query(
      `SELECT action, actor_kind, actor_role FROM audit_log
          WHERE subject_type = 'challenge' AND subject_id = $1`,
      [s.challengeId],
    );
    expect(audit).toEqual([
      { action: 'challenge.upheld', actor_kind: 'user', actor_role: Role.AbuseDesk },
    ]);
    const after = await desk.get(ok.headers.location);
    expect(after.text).toContain('2 strike(s) withdrawn');
    expect(cell(after.text, 'challenge-status')).toBe('upheld');
    expect(cell(after.text, 'strikes')).toBe('0 counting, 2 withdrawn');
    expect(after.text).not.toContain(`action="${path}/decision"`);
    const again = await desk.post(`${path}/decision`, {
      _csrf: token,
      decision: 'rejected',
      note: 'second decision',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('challenge already upheld');
  });

  it('lists dead letters with reason and attempts, and retry moves one back to pending', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const list = await desk.get('/portal/desk/dead-letters');
    expect(list.status).toBe(200);
    // The stored failure category in words, its code in small print.
    expect(list.text).toContain(
      'The recipient’s mailbox does not exist<br><small>Code <code>mailbox_unknown</code></small>',
    );
    expect(list.text).toContain('The receiving server refused it as spam or by its policy');
    expect(list.text).toMatch(/<td[^>]* class="num">5<\/td>/);
    expect(list.text).not.toContain(s.failedId);
    const token = csrf(list.text);
    const [first, second] = s.deadIds;
    const one = await desk.post(`/portal/desk/dead-letters/${first}/retry`, { _csrf: token });
    expect(one.status).toBe(303);
    expect(await status(first)).toBe('pending');
    const forged = await desk.post(`/portal/desk/dead-letters/${second}/retry`, {});
    expect(forged.status).toBe(403);
    expect(await status(second)).toBe('dead');

    const none = await desk.post('/portal/desk/dead-letters/retry', { _csrf: token });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select at least one message to retry');
    const many = await desk.post('/portal/desk/dead-letters/retry', {
      _csrf: token,
      ids: [second, s.sentId],
    });
    expect(many.status).toBe(303);
    expect(many.headers.location).toBe('/portal/desk/dead-letters?retried=1&refused=1');
    expect(await status(second)).toBe('pending');
    expect(await status(s.sentId)).toBe('sent');
    const after = await desk.get(many.headers.location);
    expect(after.text).toContain('1 message(s) moved back to the outbox');
    expect(after.text).toContain('No dead letters');
  });

  it('lists deliveries by status', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const failed = await desk.get('/portal/desk/deliveries?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.text).toContain(s.failedId);
    expect(failed.text).toContain('The receiving server asked to try again later');
    expect(failed.text).not.toContain(s.sentId);
    const all = await desk.get('/portal/desk/deliveries');
    for (const id of [s.sentId, s.failedId, ...s.deadIds]) expect(all.text).toContain(id);
    const bogus = await desk.get('/portal/desk/deliveries?status=%3Cb%3E');
    expect(bogus.status).toBe(200);
    expect(bogus.text).not.toContain('<b>');
  });

  it('shows escalation proposals to the desk and lets only legal decide, with reasons', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const list = await desk.get('/portal/desk/escalations');
    expect(list.text).toContain(`href="/portal/desk/escalations/${s.proposalId}"`);
    const page = await desk.get(`/portal/desk/escalations/${s.proposalId}`);
    expect(page.text).toContain(s.subscriber.reference);
    expect(page.text).not.toContain('/decision"');
    const refused = await desk.post(`/portal/desk/escalations/${s.proposalId}/decision`, {
      _csrf: csrf(page.text),
      decision: 'approved',
      reasons: 'desk may not decide',
    });
    expect(refused.status).toBe(403);

    const legal = await signIn(Role.Legal);
    const form = await legal.get(`/portal/desk/escalations/${s.proposalId}`);
    expect(form.text).toContain(`action="/portal/desk/escalations/${s.proposalId}/decision"`);
    const bad = await legal.post(`/portal/desk/escalations/${s.proposalId}/decision`, {
      _csrf: csrf(form.text),
      decision: 'approved',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Give your reasons');
    const ok = await legal.post(`/portal/desk/escalations/${s.proposalId}/decision`, {
      _csrf: csrf(form.text),
      decision: 'declined',
      reasons: 'Six strikes, but two are under review; decline for now.',
    });
    expect(ok.status).toBe(303);
    const rows: Array<{ status: string; decided_by: string; reasons: string }> = await ds.query(
      `SELECT status, decided_by, reasons FROM escalation_proposals WHERE id = $1`,
      [s.proposalId],
    );
    expect(rows[0]).toMatchObject({ status: 'declined', reasons: expect.stringContaining('Six') });
    expect(rows[0].decided_by).toMatch(/^user:/);
  });

  it('previews templates by regime, language and stage, with errors beside the field', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const first = await desk.get('/portal/desk/templates');
    expect(first.status).toBe(200);
    expect(first.text).toContain('data-testid="preview-text"');
    const fr = await desk.get(
      '/portal/desk/templates?template=warning&regime=us&language=fr&stage=2',
    );
    expect(fr.status).toBe(200);
    expect(fr.text).toContain('accusé de lecture');
    expect(fr.text).toMatch(/<option value="fr" selected>/);
    const missing = await desk.get(
      '/portal/desk/templates?template=warning&regime=ca&language=en&stage=4',
    );
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('id="stage-error"');
    expect(missing.text).not.toContain('data-testid="preview"');
    const bad = await desk.get('/portal/desk/templates?template=..%2Fetc&regime=us&language=en');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose a template from the list');
  });

  it('never shows the subscriber’s name, e-mail, address or account on a desk page', () => {
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(20_000);
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
});
