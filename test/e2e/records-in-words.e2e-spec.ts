import { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { PERSON_ROLES, Role } from '../../src/common/roles';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { systemActor } from '../../src/modules/identity/audit.types';
import { ChallengeService } from '../../src/modules/messaging/challenges/challenge.service';
import { seedSentWarning } from '../support/challenge-fixtures';
import { DeskScenario, seedDeskScenario } from '../support/desk-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { visibleText, wordingProblems } from '../support/user-facing-text';

const PASSWORD = 'e2e-words-password-1';

// Records in words (issue #19): every page each role can open reads without requirement ids
// or bracketed internal tokens; the audit log names people, roles, objects and actions in
// words, filters by subject, actor, action and time, and exports with its verification.
describe('records in words', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let config: AppConfig;
  let s: DeskScenario;
  let legalUserId: string;
  let challengeReference: string;
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

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, { MODE: 'api' });
    app = await createTestApp(config);
    ds = app.get(DataSource);
    s = await seedDeskScenario(app);
    const accounts = app.get(AccountsService);
    const org: Array<{ id: string }> = await ds.query(`SELECT id FROM organisations LIMIT 1`);
    for (const role of PERSON_ROLES) {
      const u = await accounts.createUser({
        email: `words-${role}@isp.example`,
        displayName: role === Role.Legal ? 'Lucienne Legal' : `Words ${role}`,
        role,
        organisationId: role === Role.Complainant ? org[0].id : null,
        password: PASSWORD,
      });
      if (role === Role.Legal) legalUserId = u.id;
    }
    // A challenge through the subscriber's page, decided by the desk: its audit entry names
    // the challenge by its reference.
    const w = await seedSentWarning(app, config.secretKey, { regime: 'ca', language: 'fr' });
    const made = await request(server())
      .post(w.path)
      .type('form')
      .send({ ground: 'other', statement: 'Je n’étais pas chez moi ce jour-là.' })
      .expect(200);
    challengeReference = /CH-\d{6}/.exec(made.text)![0];
    const [{ id }] = await ds.query<Array<{ id: string }>>(
      `SELECT id FROM challenges WHERE reference = $1`,
      [challengeReference],
    );
    await app.get(ChallengeService).decide(id, 'upheld', 'credible', systemActor('test'));
    // Legal staff opened a subscriber's identity.
    await ds.transaction((em) =>
      app.get(AuditRepository).append(em, {
        actor: { kind: 'user', id: legalUserId, role: Role.Legal },
        action: 'identity.read',
        subjectType: 'subscriber_account',
        subjectId: s.subscriber.accountId,
        purpose: 'answer the Norwich order T-77-26',
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('shows no requirement id or internal token on any page a role can open', async () => {
    const problems: string[] = [];
    for (const role of PERSON_ROLES) {
      const cookie = await signIn(`words-${role}@isp.example`);
      const home = await request(server()).get('/portal').set('Cookie', cookie).expect(200);
      const menu = /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(home.text)![0];
      const pages = [...menu.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
      if (role === Role.AbuseDesk) {
        pages.push(
          `/portal/desk/notices/${s.challengedNotice}`,
          `/portal/desk/challenges/${s.challengeId}`,
        );
      }
      for (const path of pages) {
        const res = await request(server()).get(path).set('Cookie', cookie);
        expect([path, res.status]).toEqual([path, 200]);
        problems.push(...wordingProblems(`${role} ${path}`, visibleText(res.text)));
      }
    }
    expect(problems).toEqual([]);
  });

  it('names people, roles, objects and actions in words on the audit log', async () => {
    const cookie = await signIn('words-legal@isp.example');
    const page = await request(server())
      .get('/portal/legal/audit')
      .set('Cookie', cookie)
      .expect(200);
    const rows = page.text.split('<tr data-seq=').slice(1);
    const identity = rows.find((r) => r.includes('Opened a subscriber’s identity'))!;
    expect(identity).toContain('Lucienne Legal');
    expect(identity).toContain('Legal</span>');
    expect(identity).toContain(`Subscriber ${s.subscriber.reference}`);
    expect(identity).not.toContain(s.subscriber.accountId.slice(0, 8) + '</td>');
    const upheld = rows.find((r) => r.includes('Upheld a subscriber’s challenge'))!;
    expect(upheld).toContain(`Challenge ${challengeReference}`);
    // The code is there for whoever matches it against the API, only as code or a value.
    const words = page.text.replace(/<code>[^<]*<\/code>/g, '').replace(/value="[^"]*"/g, '');
    expect(words).not.toContain('identity.read');
    expect(page.text).not.toContain(s.subscriber.name);
  });

  it('filters by subject, actor, action and time, and names a wrong day', async () => {
    const cookie = await signIn('words-legal@isp.example');
    const get = (qs: string) =>
      request(server()).get(`/portal/legal/audit?${qs}`).set('Cookie', cookie);
    const count = (html: string) => html.split('<tr data-seq=').length - 1;

    const bySubject = await get(`subject=${challengeReference}`).expect(200);
    expect(count(bySubject.text)).toBe(1);
    expect(bySubject.text).toContain('Upheld a subscriber’s challenge');

    const byActor = await get('actor=lucienne').expect(200);
    expect(count(byActor.text)).toBe(1);
    expect(byActor.text).toContain('answer the Norwich order T-77-26');

    const byAction = await get('action=challenge').expect(200);
    expect(count(byAction.text)).toBe(1);
    const exact = await get('action=identity.read').expect(200);
    const body = exact.text.split('<tbody>')[1];
    expect(body).toContain('answer the Norwich order T-77-26');
    expect(body).not.toContain('Upheld a subscriber’s challenge');

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(count((await get(`from=${today}&to=${today}`).expect(200)).text)).toBeGreaterThan(1);
    expect(count((await get(`from=${tomorrow}`).expect(200)).text)).toBe(0);

    const wrong = await get('from=2026-02-30').expect(400);
    expect(wrong.text).toContain('id="from-error"');
    expect(wrong.text).toContain('Enter a day as YYYY-MM-DD');
  });

  it('exports the filtered entries as CSV with the verification at export time', async () => {
    const cookie = await signIn('words-legal@isp.example');
    const all = await request(server())
      .get('/portal/legal/audit/export.csv')
      .set('Cookie', cookie)
      .expect(200);
    expect(all.headers['content-type']).toMatch(/text\/csv/);
    expect(all.headers['x-audit-verification']).toMatch(
      /^Chain intact: all \d+ entries verified at/,
    );
    const rows = parse<Record<string, string>>(all.text, { columns: true });
    const [{ n }] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM audit_log`,
    );
    expect(rows).toHaveLength(n);
    for (const r of rows) expect(r['Chain verification at export']).toMatch(/^Chain intact/);
    const identity = rows.find((r) => r['Action code'] === 'identity.read')!;
    expect(identity).toMatchObject({
      Who: 'Lucienne Legal',
      Role: 'Legal',
      What: 'Opened a subscriber’s identity',
      'About (kind)': 'Subscriber',
      'About (reference)': s.subscriber.reference,
    });
    const one = await request(server())
      .get(`/portal/legal/audit/export.csv?subject=${challengeReference}`)
      .set('Cookie', cookie)
      .expect(200);
    const filtered = parse<Record<string, string>>(one.text, { columns: true });
    expect(filtered.map((r) => r['About (reference)'])).toEqual([challengeReference]);
    // Only legal staff read the log.
    const desk = await signIn('words-abuse_desk@isp.example');
    await request(server()).get('/portal/legal/audit/export.csv').set('Cookie', desk).expect(403);
  });
});
