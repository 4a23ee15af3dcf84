import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { PERSON_ROLES, PersonRole, Role } from '../../src/common/roles';
import { parseCaseSearch } from '../../src/modules/search/case-search.query';
import { CaseSearchRepository } from '../../src/modules/search/case-search.repository';
import { SearchScenario, seedSearchScenario } from '../support/search-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const PASSWORD = 'e2e-search-password-1';
const SEARCH = '/portal/desk/search';

// The desk's search (issue #19) over HTTP: every filter against a scenario whose answer is
// known item by item, facets, sorting, saved searches, the CSV export, and no identity.
describe('portal search over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let s: SearchScenario;
  const seen: string[] = [];
  const emails: Record<PersonRole, string> = {
    [Role.Complainant]: 'counsel-search-e2e@vendor.example',
    [Role.AbuseDesk]: 'desk-search-e2e@isp.example',
    [Role.Legal]: 'legal-search-e2e@isp.example',
    [Role.Admin]: 'admin-search-e2e@isp.example',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { MODE: 'api' }));
    ds = app.get(DataSource);
    s = await seedSearchScenario(app);
    const accounts = app.get(AccountsService);
    for (const role of PERSON_ROLES) {
      await accounts.createUser({
        email: emails[role],
        displayName: `Search E2E ${role}`,
        role,
        organisationId: role === Role.Complainant ? s.orgA : null,
        password: PASSWORD,
      });
    }
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

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
  // "reference#row" of each result row, in page order.
  const found = (html: string) =>
    [...html.matchAll(/<code>(NR-SRCH-[0-9A-F]+)<\/code><\/a> <small>row (\d+)<\/small>/g)].map(
      (m) => `${m[1]}#${m[2]}`,
    );
  const item = (n: number, row: number) => `${s.references[n]}#${row}`;
  const sorted = (a: string[]) => [...a].sort();
  // Handlebars escapes & and = in attribute values.
  const unhtml = (v: string) => v.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

  it('offers the search to the desk and admin only', async () => {
    const desk = await signIn(Role.AbuseDesk);
    expect((await desk.get('/portal')).text).toContain(`href="${SEARCH}"`);
    await (await signIn(Role.Admin)).get(SEARCH).then((r) => expect(r.status).toBe(200));
    for (const role of [Role.Complainant, Role.Legal] as const) {
      const res = await (await signIn(role)).get(`${SEARCH}?q=glass`);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('NR-SRCH-');
    }
  });

  it('finds items by each filter', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const cases: Array<[string, string[]]> = [
      ['q=glass%20orch', [item(0, 1), item(0, 2)]],
      ['q=deluxe', [item(2, 2)]],
      ['q=S01E01', [item(1, 1)]],
      ['ip=198.51.100.0/24', [item(0, 1), item(0, 2), item(2, 2)]],
      ['ip=198.51.100.7', [item(0, 1)]],
      ['ip=2001:db8::/32', [item(2, 1)]],
      ['port=6881', [item(0, 2), item(1, 1)]],
      ['seenFrom=2026-10-04T21:30&seenTo=2026-10-05T04:00', [item(0, 2), item(1, 1)]],
      ['from=2026-10-06&to=2026-10-06', [item(1, 1)]],
      [`reference=${s.references[1].slice(-4)}`, [item(1, 1)]],
      ['caseId=alpha-002', [item(2, 1), item(2, 2)]],
      [`subscriber=${s.subscriber.reference}`, [item(0, 1), item(2, 2)]],
      [`sender=${s.orgB}`, [item(1, 1)]],
      ['status=not_forwarded', [item(0, 2)]],
      ['reason=timestamp_zone', [item(1, 1)]],
      ['message=dead', [item(0, 1)]],
      ['challenge=open', [item(2, 2)]],
      ['port=51413&status=forwarded&ip=198.51.100.9', [item(2, 2)]],
    ];
    for (const [qs, expected] of cases) {
      const res = await desk.get(`${SEARCH}?${qs}`);
      expect({ qs, status: res.status, found: sorted(found(res.text)) }).toEqual({
        qs,
        status: 200,
        found: sorted(expected),
      });
    }
  });

  it('takes % and _ in free text literally', async () => {
    const desk = await signIn(Role.AbuseDesk);
    expect(found((await desk.get(`${SEARCH}?q=${encodeURIComponent('%%%')}`)).text)).toEqual([]);
    expect(found((await desk.get(`${SEARCH}?q=${encodeURIComponent('s_0')}`)).text)).toEqual([]);
  });

  it('counts the matches by status, reason, sender and message', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.get(`${SEARCH}?ip=198.51.100.0/24`);
    expect(res.text).toContain('3 items match.');
    const facet = (label: string) =>
      new RegExp(`>${label}</a> <span class="count">(\\d+)</span>`).exec(res.text)?.[1];
    expect(facet('Forwarded')).toBe('2');
    expect(facet('Not forwarded')).toBe('1');
    expect(facet('no_lease')).toBe('1');
    expect(facet('Dead letter')).toBe('1');
    expect(res.text).toMatch(/Search Vendor A [0-9A-F]+<\/a> <span class="count">3<\/span>/);
    // A facet link narrows the search to its value.
    const link = unhtml(/href="([^"]+)">Not forwarded<\/a>/.exec(res.text)![1]);
    expect(found((await desk.get(link)).text)).toEqual([item(0, 2)]);
  });

  it('sorts by a column both ways and pages with the chosen page size', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const asc = found((await desk.get(`${SEARCH}?q=static&sort=port&dir=asc`)).text);
    expect(asc).toEqual([item(2, 1), item(2, 2)]);
    const desc = found((await desk.get(`${SEARCH}?q=static&sort=port&dir=desc`)).text);
    expect(desc).toEqual([item(2, 2), item(2, 1)]);
    const byReceived = found((await desk.get(`${SEARCH}?port=6881`)).text);
    expect(byReceived).toEqual([item(1, 1), item(0, 2)]);
    // An unknown sort key falls back to the newest first, not an error.
    const odd = await desk.get(`${SEARCH}?port=6881&sort=drop%20table`);
    expect(odd.status).toBe(200);
    expect(found(odd.text)).toEqual(byReceived);
    const page1 = await desk.get(`${SEARCH}?ip=198.51.100.0/24&size=10&sort=ip&dir=asc`);
    expect(found(page1.text)).toEqual([item(0, 1), item(2, 2), item(0, 2)]);
    expect(page1.text).toContain('<option value="10" selected>');
    expect(page1.text).toContain('aria-sort="ascending"');
  });

  it('shows what is wrong beside the field, with a 400', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.get(`${SEARCH}?ip=999.1.1.1&port=70000&seenFrom=2026-13-01T00:00&q=ab`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="ip-error"');
    expect(res.text).toContain('Enter a port number from 0 to 65535');
    expect(res.text).toContain('id="seenFrom-error"');
    expect(res.text).toContain('Enter at least 3 characters');
    expect(found(res.text)).toEqual([]);
  });

  it('exports the whole filtered result as CSV, streamed', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.get(`${SEARCH}/export.csv?ip=198.51.100.0/24&sort=ip&dir=asc`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="notice-items-/);
    // Streamed: no Content-Length, chunked transfer.
    expect(res.headers['content-length']).toBeUndefined();
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe(
      'notice,sender,case_id,received_utc,row,ip,port,observed_utc,title,file_name,status,reason_code,subscriber_ref,message_status,challenge_status',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 1)[0] + '#' + l.split(',')[4])).toEqual([
      item(0, 1),
      item(2, 2),
      item(0, 2),
    ]);
    expect(lines[1]).toContain(`,${s.subscriber.reference},dead,`);
    expect(lines[2]).toContain('"Northern Static (Deluxe).zip"'.replace(/"/g, ''));
    // Without a filter there is nothing to export: back to the page.
    const none = await desk.get(`${SEARCH}/export.csv`);
    expect(none.status).toBe(303);
  });

  it('saves a search per user, lists it and deletes it', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const page = await desk.get(`${SEARCH}?port=6881&sort=port&dir=asc`);
    const query = unhtml(/name="query" value="([^"]+)"/.exec(page.text)![1]);
    expect(query).toBe('port=6881&sort=port&dir=asc');
    const blank = await desk.post(`${SEARCH}/saved`, { _csrf: csrf(page.text), query, name: '' });
    expect(blank.status).toBe(400);
    expect(blank.text).toContain('Enter a name for this search');
    const saved = await desk.post(`${SEARCH}/saved`, {
      _csrf: csrf(page.text),
      query: `${query}&evil=1`,
      name: 'Port 6881 items',
    });
    expect(saved.status).toBe(303);
    const after = await desk.get(saved.headers.location);
    expect(after.text).toContain('The search was saved.');
    expect(unhtml(after.text)).toContain(
      `<a href="${SEARCH}?port=6881&sort=port&dir=asc">Port 6881 items</a>`,
    );
    // Another user of the desk does not see it.
    const admin = await signIn(Role.Admin);
    expect((await admin.get(SEARCH)).text).not.toContain('Port 6881 items');
    const [{ id }]: Array<{ id: string }> = await ds.query(
      `SELECT id FROM saved_searches WHERE name = 'Port 6881 items'`,
    );
    // Nor can they delete it.
    const adminPage = await admin.get(SEARCH);
    await admin.post(`${SEARCH}/saved/${id}/delete`, { _csrf: csrf(adminPage.text) });
    expect((await desk.get(SEARCH)).text).toContain('Port 6881 items');
    const del = await desk.post(`${SEARCH}/saved/${id}/delete`, { _csrf: csrf(after.text) });
    expect(del.headers.location).toBe(`${SEARCH}?saved=deleted`);
    expect((await desk.get(SEARCH)).text).not.toContain('Port 6881 items');
  });

  it('has an index for every filter (the planner avoids a sequential scan of the items)', async () => {
    const repo = app.get(CaseSearchRepository);
    const plans: Array<[string, string]> = [
      ['q=orchard', 'notice_items_text_trgm_idx'],
      ['ip=198.51.100.0/24', 'notice_items_ip_idx'],
      [`subscriber=${s.subscriber.reference}`, 'notice_items_subscriber_ref_idx'],
      ['reason=timestamp_zone', 'notice_items_reason_idx'],
      ['port=6881', 'notice_items_port_idx'],
      ['seenFrom=2026-10-04T00:00', 'notice_items_observed_idx'],
      ['reference=SRCH', 'notices_reference_trgm_idx'],
      ['caseId=ALPHA', 'notices_case_id_trgm_idx'],
    ];
    for (const [qs, index] of plans) {
      const q = parseCaseSearch(Object.fromEntries(new URLSearchParams(qs))).query;
      const plan = await repo.explain(q, { withoutSeqScan: true });
      expect({ qs, usesIndex: plan.includes(index) }).toEqual({ qs, usesIndex: true });
      expect(plan).not.toMatch(/Seq Scan on notice_items/);
    }
  });

  it('shows a notice’s case timeline in time order, each step linking to its object', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const res = await desk.get(`/portal/desk/notices/${s.references[2]}/timeline`);
    expect(res.status).toBe(200);
    const times = [...res.text.matchAll(/<time datetime="([^"]+)">/g)].map((m) => m[1]);
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect([...times].sort()).toEqual(times);
    const text = res.text.replace(/&#x27;|&#39;/g, "'");
    expect(text).toContain('Notice received through the API');
    expect(text).toContain('Row 1 repeats an earlier item');
    expect(text).toContain(`Row 2 matched one subscriber (${s.subscriber.reference})`);
    expect(text).toContain(`href="/portal/desk/notices/${s.references[2]}#item-2-h"`);
    expect(text).toMatch(/Warning [0-9a-f]{8} composed \(stage 1\)/);
    expect(text).toMatch(/Warning [0-9a-f]{8} accepted by the mail server/);
    expect(text).toContain('The subscriber challenged the warning: not their connection');
    expect(text).toContain(`href="/portal/desk/challenges/${s.challengeId}"`);
    // The dead letter of the first notice links to the dead-letter list.
    const first = await desk.get(`/portal/desk/notices/${s.references[0]}/timeline`);
    expect(first.text).toMatch(/gave up after 1 attempt\(s\) \(dead letter\)/);
    expect(first.text).toContain('Row 2 matched no lease record');
    // The search's rows lead here; counsel and legal cannot open it.
    expect((await desk.get(`${SEARCH}?q=deluxe`)).text).toContain(
      `href="/portal/desk/notices/${s.references[2]}/timeline"`,
    );
    for (const role of [Role.Complainant, Role.Legal] as const) {
      const other = await (
        await signIn(role)
      ).get(`/portal/desk/notices/${s.references[2]}/timeline`);
      expect(other.status).toBe(403);
    }
    expect((await desk.get('/portal/desk/notices/NR-NOPE/timeline')).status).toBe(404);
  });

  it('assigns a notice, keeps internal notes and offers "assigned to me" and "unassigned"', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const admin = await signIn(Role.Admin);
    const timeline = `/portal/desk/notices/${s.references[1]}/timeline`;
    const before = await desk.get(timeline);
    expect(before.text).toContain('Not assigned to anyone.');
    const assigned = await desk.post(`/portal/desk/notices/${s.references[1]}/assign`, {
      _csrf: csrf(before.text),
      to: 'me',
    });
    expect(assigned.status).toBe(303);
    const after = await desk.get(assigned.headers.location);
    expect(after.text).toContain('Assigned to <strong>Search E2E abuse_desk</strong> (you).');
    // Queues: the desk user's own, the admin's (empty) and the unassigned one.
    expect(found((await desk.get(`${SEARCH}?assigned=me`)).text)).toEqual([item(1, 1)]);
    expect(found((await admin.get(`${SEARCH}?assigned=me`)).text)).toEqual([]);
    const unassigned = found((await desk.get(`${SEARCH}?assigned=none`)).text);
    expect(sorted(unassigned)).toEqual(sorted([item(0, 1), item(0, 2), item(2, 1), item(2, 2)]));
    // Notes: an empty one is refused beside the field; a real one is listed with its author.
    const empty = await desk.post(`/portal/desk/notices/${s.references[1]}/notes`, {
      _csrf: csrf(after.text),
      note: '   ',
    });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Write the note before adding it');
    const noted = await desk.post(`/portal/desk/notices/${s.references[1]}/notes`, {
      _csrf: csrf(after.text),
      note: 'Sender confirmed the time zone by phone; <b>resubmitting</b>.',
    });
    expect(noted.status).toBe(303);
    const withNote = await admin.get(timeline);
    expect(withNote.text).toContain(
      'Sender confirmed the time zone by phone; &lt;b&gt;resubmitting&lt;/b&gt;.',
    );
    expect(withNote.text).toContain('Search E2E abuse_desk, ');
    expect(withNote.text).toContain('Assigned to <strong>Search E2E abuse_desk</strong>.');
    // Counsel cannot reach the notes, nor assign.
    const counsel = await signIn(Role.Complainant);
    expect((await counsel.get(timeline)).status).toBe(403);
    const unassign = await desk.post(`/portal/desk/notices/${s.references[1]}/assign`, {
      _csrf: csrf(after.text),
      to: 'none',
    });
    expect(unassign.headers.location).toContain('done=unassigned');
    expect(found((await desk.get(`${SEARCH}?assigned=me`)).text)).toEqual([]);
  });

  it('marks selected notices invalid only after a confirmation page', async () => {
    const desk = await signIn(Role.AbuseDesk);
    const results = await desk.get(`${SEARCH}?port=6881`);
    expect(results.text).toContain(`name="refs" value="${s.references[1]}"`);
    const token = csrf(results.text);
    const back = unhtml(/name="back" value="([^"]+)"/.exec(results.text)![1]);
    expect(back).toBe(`${SEARCH}?port=6881&page=1`);
    const none = await desk.post(`${SEARCH}/bulk/invalidate/confirm`, { _csrf: token, back });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Select at least one notice in the results');
    const confirm = await desk.post(`${SEARCH}/bulk/invalidate/confirm`, {
      _csrf: token,
      back,
      refs: [s.references[1], s.references[1], 'NR-NOT-THERE'],
    });
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Mark 2 notices invalid?');
    const status = async (ref: string) =>
      (
        await ds.query<Array<{ status: string }>>(
          `SELECT status FROM notices WHERE reference = $1`,
          [ref],
        )
      )[0].status;
    // Nothing changed yet.
    expect(await status(s.references[1])).toBe('accepted');
    const noReason = await desk.post(`${SEARCH}/bulk/invalidate`, {
      _csrf: token,
      back,
      refs: [s.references[1], 'NR-NOT-THERE'],
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Say why these notices are invalid');
    expect(await status(s.references[1])).toBe('accepted');
    const done = await desk.post(`${SEARCH}/bulk/invalidate`, {
      _csrf: token,
      back,
      refs: [s.references[1], 'NR-NOT-THERE'],
      reason: 'Sender withdrew case BETA',
    });
    expect(done.status).toBe(200);
    expect(done.text).toContain('1 marked invalid, 1 not changed.');
    expect(done.text).toContain('Marked invalid; 0 strike(s) withdrawn');
    expect(await status(s.references[1])).not.toBe('accepted');
    const again = await desk.post(`${SEARCH}/bulk/invalidate`, {
      _csrf: token,
      back,
      refs: [s.references[1]],
      reason: 'twice',
    });
    expect(again.text).toContain('0 marked invalid, 1 not changed.');
    expect(again.text).toContain('Only an accepted notice can be marked invalid');
  });

  it('never shows the subscriber’s identity on the pages or in the CSV', async () => {
    const desk = await signIn(Role.AbuseDesk);
    await desk.get(`${SEARCH}?subscriber=${s.subscriber.reference}`);
    await desk.get(`${SEARCH}/export.csv?subscriber=${s.subscriber.reference}`);
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) {
      for (const secret of [
        s.subscriber.name,
        s.subscriber.email,
        s.accountNumber,
        s.subscriber.accountId,
      ]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
