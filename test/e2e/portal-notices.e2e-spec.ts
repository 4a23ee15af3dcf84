import { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { QuarantineService } from '../../src/modules/intake/quarantine.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { captureStdout } from '../support/capture-stdout';
import { drainIntake, noticeFixture } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { identityQuery } from '../support/identity-query';

// Counsel's and the desk's notice pages over plain HTTP, as a browser without JavaScript uses
// them, with the real intake, attribution worker and mail worker behind them.
const PASSWORD = 'e2e-notices-password-1';
const SECRET = {
  name: 'Wilhelmina Thornbury',
  email: 'w.thornbury@subscriber.example',
  account: 'ACCT-WT-5521',
};
const OWNER = 'Northbridge Pictures LLC';
const AT = '2026-10-04T21:13:07Z';
const EMAILS = {
  counsel: 'counsel@rightsline.example',
  other: 'counsel@other.example',
  desk: 'desk@isp.example',
  legal: 'legal@isp.example',
  admin: 'admin@isp.example',
} as const;
type Who = keyof typeof EMAILS;
type TestAgent = ReturnType<typeof request.agent>;

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tokenOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];
// Handlebars escapes `=` in attributes as well as `&`.
const unescape = (html: string): string =>
  html
    .replace(/&#x3D;/g, '=')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"');
const referenceOf = (location: string): string =>
  /\/portal\/notices\/(NTC-[A-Z0-9x]+)\?/.exec(location)![1];

describe('portal notice pages over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sink: SmtpSink;
  let ds: DataSource;
  let orgId: string;
  let otherOrgId: string;
  let accountId: string;
  let subscriberRef: string;
  const agents = new Map<Who, TestAgent>();
  // Every response counsel received, searched for identity at the end.
  const counselSaw: string[] = [];
  const logged: string[] = [];
  let restoreStdout: (() => void) | undefined;

  const countNotices = async () =>
    (await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM notices`))[0].n;

  async function as(who: Who): Promise<TestAgent> {
    const existing = agents.get(who);
    if (existing) return existing;
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/portal/sign-in').expect(200);
    await agent
      .post('/portal/sign-in')
      .type('form')
      .send({ _csrf: tokenOf(page.text), email: EMAILS[who], password: PASSWORD, next: '/portal' })
      .expect(303)
      .expect('Location', '/portal');
    agents.set(who, agent);
    return agent;
  }

  async function get(who: Who, path: string): Promise<request.Response> {
    const res = await (await as(who)).get(path);
    if (who === 'counsel' || who === 'other')
      counselSaw.push(res.text, JSON.stringify(res.headers));
    return res;
  }

  async function postForm(
    who: Who,
    path: string,
    fields: Record<string, string>,
    tokenFrom = path,
  ): Promise<request.Response> {
    const page = await get(who, tokenFrom);
    const res = await (
      await as(who)
    )
      .post(path)
      .type('form')
      .send({ _csrf: tokenOf(page.text), ...fields });
    if (who === 'counsel' || who === 'other')
      counselSaw.push(res.text, JSON.stringify(res.headers));
    return res;
  }

  const noticeFields = (caseId: string, rows: Array<Record<string, string>>) => {
    const fields: Record<string, string> = {
      rows: '5',
      caseId,
      owner: OWNER,
      title: 'The Long Road Home',
      claimantName: 'Rightsline Enforcement',
      claimantAddress: '1200 Example Avenue, Los Angeles',
      goodFaith: 'yes',
      accuracy: 'yes',
      action: 'submit',
    };
    rows.forEach((r, k) => {
      for (const [f, v] of Object.entries({ protocol: 'BitTorrent', ...r })) {
        fields[`${f}-${k + 1}`] = v;
      }
    });
    return fields;
  };

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, {
        LOG_LEVEL: 'info',
        SMTP_URL: sink.url,
        MAIL_DIGEST_WINDOW_SECONDS: '0',
        MAIL_POLL_MS: '200',
      }),
    );
    app.useLogger(app.get(Logger));
    ds = app.get(DataSource);
    const accounts = app.get(AccountsService);
    const org = await accounts.createOrganisation({
      name: 'Rightsline Enforcement',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '1200 Example Avenue, Los Angeles',
      contactEmail: 'legal@rightsline.example',
      owners: [OWNER],
      senderAddresses: ['notices@rightsline.example'],
    });
    orgId = org.id;
    otherOrgId = (
      await accounts.createOrganisation({
        name: 'Other Rights Ltd',
        kind: OrganisationKind.RightsHolder,
        accreditation: Accreditation.Accredited,
      })
    ).id;
    const user = (email: string, role: Role, organisationId?: string) =>
      accounts.createUser({ email, displayName: email, role, organisationId, password: PASSWORD });
    await user(EMAILS.counsel, Role.Complainant, orgId);
    await user(EMAILS.other, Role.Complainant, otherOrgId);
    await user(EMAILS.desk, Role.AbuseDesk);
    await user(EMAILS.legal, Role.Legal);
    await user(EMAILS.admin, Role.Admin);
    const refs = await seedAccounts(app, [
      {
        account: SECRET.account,
        type: 'mac',
        id: 'aa:bb:cc:55:21:01',
        name: SECRET.name,
        email: SECRET.email,
      },
    ]);
    subscriberRef = refs[SECRET.account];
    accountId = (
      await identityQuery<{ id: string }>(
        ds,
        `SELECT id FROM subscriber_accounts WHERE account_number = $1`,
        [SECRET.account],
      )
    )[0].id;
    await importText(
      app,
      'generic-csv',
      'dhcp-portal',
      genericCsv([
        '203.0.113.47,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:55:21:01',
      ]),
    );
  });

  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await db?.drop();
    await sink?.stop();
  });

  it('opens counsel pages to complainants only and desk pages to the desk and admins', async () => {
    const counselPages = ['/portal/notices', '/portal/notices/new'];
    const deskPages = ['/portal/desk/notices', '/portal/desk/quarantine'];
    const expected: Record<Who, [number, number]> = {
      counsel: [200, 403],
      other: [200, 403],
      desk: [403, 200],
      admin: [403, 200],
      legal: [403, 403],
    };
    for (const [who, [counsel, desk]] of Object.entries(expected) as Array<
      [Who, [number, number]]
    >) {
      for (const path of counselPages) {
        expect([who, path, (await get(who, path)).status]).toEqual([who, path, counsel]);
      }
      for (const path of deskPages) {
        expect([who, path, (await get(who, path)).status]).toEqual([who, path, desk]);
      }
    }
    const forbidden = await get('counsel', '/portal/desk/notices/NTC-ANYTHING');
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('You do not have access to this page');
  });

  it('prefills the complainant from the organisation and offers five blank rows', async () => {
    const page = await get('counsel', '/portal/notices/new');
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="Rightsline Enforcement"');
    expect(page.text).toContain('1200 Example Avenue, Los Angeles</textarea>');
    expect(page.text).toContain('value="legal@rightsline.example"');
    expect(page.text).toContain(`<option value="${OWNER}"`);
    expect(page.text).toContain('name="ip-5"');
    expect(page.text).not.toContain('name="ip-6"');
    expect(page.text).toContain('enctype="multipart/form-data"');
  });

  it('adds rows without JavaScript, keeping what was typed', async () => {
    const fields = noticeFields('ROWS-1', [{ ip: '203.0.113.47', at: AT }]);
    const before = await countNotices();
    const res = await postForm('counsel', '/portal/notices/new', {
      ...fields,
      action: 'add-rows',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="ip-10"');
    expect(res.text).not.toContain('name="ip-11"');
    expect(res.text).toMatch(/name="ip-1" type="text" spellcheck="false" value="203.0.113.47"/);
    expect(res.text).toContain('name="rows" value="10"');
    expect(res.text).toMatch(/id="ip-6"[^>]*autofocus/);
    expect(res.text).toMatch(/id="goodFaith"[^>]*checked/);
    expect(await countNotices()).toBe(before);
  });

  it('refuses a form post without the CSRF token', async () => {
    const agent = await as('counsel');
    const before = await countNotices();
    const res = await agent
      .post('/portal/notices/new')
      .type('form')
      .send(noticeFields('CSRF-1', [{ ip: '203.0.113.47', at: AT }]));
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form could not be verified');
    const upload = await agent
      .post('/portal/notices/upload')
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes')
      .attach('file', noticeFixture('acns-1.2-acns-net.xml'), 'notice.xml');
    expect(upload.status).toBe(403);
    const desk = await (
      await as('desk')
    )
      .post('/portal/desk/quarantine/NTC-X/reject')
      .type('form')
      .send({ reason: 'no token' });
    expect(desk.status).toBe(403);
    expect(await countNotices()).toBe(before);
  });

  it('shows each mistake beside its field, naming the row, and stores nothing', async () => {
    const before = await countNotices();
    const fields = noticeFields('BAD-1', [
      { ip: '203.0.113.47', at: AT },
      { ip: '203.0.113.48', at: '2026-10-04 21:13:07', port: '70000' },
      { ip: 'not-an-ip', at: AT, hash: 'xyz' },
    ]);
    delete fields.goodFaith;
    const res = await postForm('counsel', '/portal/notices/new', fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain('There is a problem');
    expect(res.text).toMatch(
      /<p class="field-error" id="at-2-error"><span class="visually-hidden">Error:<\/span> Row 2, time: time &quot;2026-10-04 21:13:07&quot; has no time zone: add the zone/,
    );
    expect(res.text).toMatch(/id="at-2"[^>]*aria-invalid="true" aria-describedby="at-2-error"/);
    expect(res.text).toContain('Row 2, source port: enter a whole number from 0 to 65535');
    expect(res.text).toContain('Row 3, IP address: enter an IPv4 or IPv6 address');
    expect(res.text).toContain('Row 3, infohash: an infohash is 40 hexadecimal characters');
    expect(res.text).toContain('id="goodFaith-error"');
    expect(res.text).toContain('Confirm that you act in good faith');
    expect(res.text).toContain('href="#at-2"');
    // What was typed is still there.
    expect(res.text).toMatch(/id="at-2"[^>]*value="2026-10-04 21:13:07"/);
    expect(await countNotices()).toBe(before);
  });

  let reference: string;

  it('submits a notice through the API path and answers with its receipt', async () => {
    const res = await postForm(
      'counsel',
      '/portal/notices/new',
      noticeFields('CASE-PORTAL-1', [
        {
          ip: '203.0.113.47',
          port: '51413',
          at: AT,
          fileName: 'Long.Road.Home.mkv',
          hash: 'a'.repeat(40),
        },
        // Outside the ISP's address space: refused by VA-5.
        { ip: '192.168.10.10', port: '6881', at: '2026-10-04T23:13:07+02:00' },
      ]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/portal\/notices\/NTC-[A-Z0-9x]+\?submitted=1$/);
    reference = referenceOf(res.headers.location);
    const [stored] = await ds.query<
      Array<{
        channel: string;
        source_format: string;
        good_faith_statement: boolean;
        accuracy_statement: boolean;
        organisation_id: string;
      }>
    >(
      `SELECT channel, source_format, good_faith_statement, accuracy_statement, organisation_id
         FROM notices WHERE reference = $1`,
      [reference],
    );
    expect(stored).toEqual({
      channel: 'portal',
      source_format: 'json',
      good_faith_statement: true,
      accuracy_statement: true,
      organisation_id: orgId,
    });
    const receipt = await get('counsel', res.headers.location);
    expect(receipt.status).toBe(200);
    expect(receipt.text).toContain(reference);
    expect(receipt.text).toContain('Your notice was received.');
    expect(receipt.text).toContain('CASE-PORTAL-1');
    expect(receipt.text).toContain('Good faith: made.');
    const row2 = /<tr data-testid="item-2">[\s\S]*?<\/tr>/.exec(receipt.text)![0];
    expect(row2).toContain('Refused');
    expect(row2).toContain('the address must be in this ISP’s address space');
    expect(row2).toContain('<code>address_space</code>');
  });

  it('shows the final outcome once the subscriber was warned: forwarded with the time', async () => {
    await drainIntake(app);
    const receipt = await until('the item to be forwarded', async () => {
      const res = await get('counsel', `/portal/notices/${reference}`);
      return res.text.includes('Forwarded to the subscriber at') ? res : null;
    });
    const row1 = /<tr data-testid="item-1">[\s\S]*?<\/tr>/.exec(receipt.text)![0];
    expect(row1).toMatch(/Forwarded to the subscriber at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\./);
    expect(sink.received.length).toBeGreaterThan(0);
  });

  it('never greets a refused notice as received (issue #19)', async () => {
    const res = await postForm(
      'counsel',
      '/portal/notices/new',
      noticeFields('CASE-PORTAL-ALL-REFUSED', [
        { ip: '192.168.10.11', port: '6881', at: '2026-10-04T23:13:07+02:00' },
      ]),
    );
    expect(res.status).toBe(303);
    const receipt = await get('counsel', res.headers.location);
    expect(receipt.text).toContain('Your notice was refused.');
    expect(receipt.text).not.toContain('Your notice was received.');
  });

  it('answers a repeated submission with the first receipt', async () => {
    const before = await countNotices();
    const res = await postForm(
      'counsel',
      '/portal/notices/new',
      noticeFields('CASE-PORTAL-1', [{ ip: '203.0.113.47', port: '51413', at: AT }]),
    );
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/portal/notices/${reference}?repeat=1`);
    const page = await get('counsel', res.headers.location);
    expect(page.text).toContain('This notice repeats one received earlier');
    expect(await countNotices()).toBe(before);
  });

  it('takes an ACNS file or a whole e-mail through the upload form, with the statements', async () => {
    // The upload form is multipart: a urlencoded post has no file and is shown again.
    const plain = await postForm('counsel', '/portal/notices/upload', {}, '/portal/notices/new');
    expect(plain.status).toBe(400);
    const page = await get('counsel', '/portal/notices/new');
    const agent = await as('counsel');
    const uploaded = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes')
      .attach('file', noticeFixture('acns-1.2-acns-net.xml'), 'notice.xml');
    counselSaw.push(uploaded.text);
    expect(uploaded.status).toBe(303);
    const xmlRef = referenceOf(uploaded.headers.location);
    const eml = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes')
      .attach('file', noticeFixture('email-one-line-xml.eml'), 'notice.eml');
    expect(eml.status).toBe(303);
    const emlRef = referenceOf(eml.headers.location);
    const pasted = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes')
      .field('paste', noticeFixture('acns-0.7-no-namespace.xml').toString('utf8'));
    expect(pasted.status).toBe(303);
    const pastedRef = referenceOf(pasted.headers.location);
    const rows = await ds.query<
      Array<{
        reference: string;
        channel: string;
        media_type: string;
        good_faith_statement: boolean;
      }>
    >(
      `SELECT reference, channel, media_type, good_faith_statement FROM notices
        WHERE reference = ANY($1) ORDER BY received_at`,
      [[xmlRef, emlRef, pastedRef]],
    );
    expect(rows.map((r) => [r.reference, r.channel, r.media_type, r.good_faith_statement])).toEqual(
      [
        [xmlRef, 'portal', 'application/xml', true],
        [emlRef, 'portal', 'message/rfc822', true],
        [pastedRef, 'portal', 'application/xml', true],
      ],
    );
    const receipt = await get('counsel', `/portal/notices/${xmlRef}`);
    expect(receipt.text).toContain('3458172960');
  });

  it('shows an unreadable upload and missing statements beside the fields', async () => {
    const before = await countNotices();
    const page = await get('counsel', '/portal/notices/new');
    const agent = await as('counsel');
    const doctype = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes')
      .attach('file', noticeFixture('xxe-external-entity.xml'), 'notice.xml');
    counselSaw.push(doctype.text);
    expect(doctype.status).toBe(400);
    expect(doctype.text).toMatch(
      /id="file-error"><span class="visually-hidden">Error:<\/span> The notice could not be read: /,
    );
    const unticked = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .attach('file', noticeFixture('acns-1.2-acns-net.xml'), 'notice.xml');
    expect(unticked.status).toBe(400);
    expect(unticked.text).toContain('id="upload-goodFaith-error"');
    expect(unticked.text).toContain('href="#upload-accuracy"');
    const empty = await agent
      .post('/portal/notices/upload')
      .field('_csrf', tokenOf(page.text))
      .field('goodFaith', 'yes')
      .field('accuracy', 'yes');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Choose an ACNS XML or e-mail (.eml) file, or paste the notice');
    expect(await countNotices()).toBe(before);
  });

  it('lists the organisation’s notices only, filtered and paginated', async () => {
    // 26 more notices, refused at intake (outside the address space), for a second page.
    const submissions = app.get(NoticeSubmissionService);
    for (let n = 0; n < 26; n++) {
      await submissions.submitFromApi({
        organisationId: orgId,
        body: Buffer.from(
          JSON.stringify({
            caseId: `BULK-${n}`,
            owner: OWNER,
            title: 'Bulk',
            items: [{ ip: '192.168.1.1', port: 1000 + n, observedAt: AT, protocol: 'BitTorrent' }],
          }),
        ),
        contentType: 'application/json',
        idempotencyKey: null,
      });
    }
    const other = await submissions.submitFromApi({
      organisationId: otherOrgId,
      body: Buffer.from(
        JSON.stringify({
          caseId: 'OTHER-ORG-CASE',
          owner: 'Other Rights Ltd',
          items: [{ ip: '203.0.113.47', port: 1, observedAt: AT, protocol: 'BitTorrent' }],
        }),
      ),
      contentType: 'application/json',
      idempotencyKey: null,
    });

    const first = await get('counsel', '/portal/notices');
    expect(first.status).toBe(200);
    expect(first.text).toMatch(/Showing 1–25 of \d\d \(page 1 of 2\)/);
    expect(first.text).not.toContain('OTHER-ORG-CASE');
    expect(first.text).not.toContain(other.receipt.reference);
    const filtered = await get('counsel', '/portal/notices?status=refused&q=bulk-');
    expect(filtered.text).toContain('Showing 1–25 of 26');
    expect(unescape(filtered.text)).toContain(
      'href="/portal/notices?status=refused&q=bulk-&page=2"',
    );
    expect(filtered.text).toContain('no item of the notice passed the checks');
    const second = await get('counsel', '/portal/notices?status=refused&q=bulk-&page=2');
    expect(second.text).toContain('Showing 26–26 of 26');
    // "Refused" also finds a notice of which only some items were refused.
    const partly = await get('counsel', `/portal/notices?status=refused&q=${reference}`);
    expect(partly.text).toContain('Showing 1–1 of 1');
    const byRef = await get('counsel', `/portal/notices?q=${reference}`);
    expect(byRef.text).toContain('Showing 1–1 of 1');
    expect(byRef.text).toContain('1 forwarded, 1 refused');
    // A stray parameter is ignored rather than reported.
    const stray = await get('counsel', `/portal/notices?q=${reference}&utm_source=mail`);
    expect(stray.status).toBe(200);
    expect(stray.text).toContain('Showing 1–1 of 1');
    const future = await get('counsel', '/portal/notices?from=2099-01-01');
    expect(future.text).toContain('No notice matches these filters.');
    const today = new Date().toISOString().slice(0, 10);
    const inRange = await get(
      'counsel',
      `/portal/notices?from=${today}&to=${today}&q=CASE-PORTAL-1`,
    );
    expect(inRange.text).toContain(reference);
    const bad = await get('counsel', '/portal/notices?from=2026-02-31&to=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="to-error"');
    expect(bad.text).toContain('Enter a date like 2026-10-04');
    const empty = await get('other', '/portal/notices?status=accepted');
    expect(empty.text).toContain('No notice matches these filters.');
  });

  it('shows an empty state to an organisation without notices', async () => {
    await ds.query(`DELETE FROM notices WHERE organisation_id = $1`, [otherOrgId]);
    const res = await get('other', '/portal/notices');
    expect(res.text).toContain('Your organisation has not sent any notice yet.');
  });

  it('answers another organisation’s notice by URL with 404', async () => {
    const res = await get('other', `/portal/notices/${reference}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('CASE-PORTAL-1');
    expect((await get('other', '/portal/notices/NTC-NOSUCH')).status).toBe(404);
  });

  it('gives the desk the list, filters and detail with checks, evidence and messages', async () => {
    const list = await get('desk', '/portal/desk/notices?outcome=forwarded');
    expect(list.status).toBe(200);
    expect(list.text).toContain(reference);
    expect(list.text).not.toContain('BULK-1<');
    const bySender = await get('desk', `/portal/desk/notices?sender=${otherOrgId}`);
    expect(bySender.text).toContain('No notice matches these filters.');
    const bad = await get('desk', '/portal/desk/notices?outcome=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Choose an outcome from the list');

    const detail = await get('desk', `/portal/desk/notices/${reference}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('<code>address_space</code>');
    expect(detail.text).toContain('good faith made, accuracy made');
    const item1 = /data-testid="desk-item-1">[\s\S]*?<\/section>/.exec(detail.text)![0];
    expect(item1).toContain(`<code data-testid="subscriber-ref">${subscriberRef}</code>`);
    expect(item1).toContain('dhcp-portal');
    expect(item1).toContain('lease_bindings');
    const [message] = await ds.query<Array<{ transport_message_id: string }>>(
      `SELECT m.transport_message_id FROM outbound_messages m
         JOIN outbound_message_items mi ON mi.message_id = m.id
         JOIN notice_items i ON i.id = mi.item_id JOIN notices n ON n.id = i.notice_id
        WHERE n.reference = $1`,
      [reference],
    );
    expect(message.transport_message_id).toBeTruthy();
    expect(detail.text).toContain(
      message.transport_message_id.replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    );
    expect(detail.text).toMatch(/status--sent/);
    for (const needle of [SECRET.name, SECRET.email, SECRET.account, accountId]) {
      expect(detail.text).not.toContain(needle);
    }
    expect((await get('admin', `/portal/desk/notices/${reference}`)).status).toBe(200);
    expect((await get('desk', '/portal/desk/notices/NTC-NOSUCH')).status).toBe(404);
  });

  it('lets the desk reject, accept, or accept as a new organisation a quarantined e-mail', async () => {
    const submissions = app.get(NoticeSubmissionService);
    const mail = (from: string) =>
      Buffer.from(
        noticeFixture('email-attachment-only.eml')
          .toString('latin1')
          .replaceAll('rightsline.example', from.split('@')[1])
          .replaceAll('notices@', 'robot@'),
        'latin1',
      );
    const rejected = (await submissions.ingestMail(mail('robot@unknown-one.example'))).receipt;
    const accepted = (await submissions.ingestMail(mail('robot@unknown-two.example'))).receipt;
    const created = (await submissions.ingestMail(mail('robot@unknown-three.example'))).receipt;
    expect(rejected.status).toBe('quarantined');

    const list = await get('desk', '/portal/desk/quarantine');
    for (const r of [rejected, accepted, created]) expect(list.text).toContain(r.reference);
    expect(list.text).toContain('robot@unknown-two.example');

    const view = await get('desk', `/portal/desk/quarantine/${rejected.reference}`);
    expect(view.status).toBe(200);
    expect(view.text).toContain(OWNER);
    expect(view.text).toContain('Accept for an existing organisation');

    const path = (r: { reference: string }, action: string) =>
      `/portal/desk/quarantine/${r.reference}/${action}`;
    const noReason = await postForm(
      'desk',
      path(rejected, 'reject'),
      {},
      `/portal/desk/quarantine/${rejected.reference}`,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('id="reason-error"');
    const rejectedRes = await postForm(
      'desk',
      path(rejected, 'reject'),
      { reason: 'not a rights holder' },
      `/portal/desk/quarantine/${rejected.reference}`,
    );
    expect(rejectedRes.status).toBe(303);
    expect(rejectedRes.headers.location).toBe(
      `/portal/desk/quarantine?rejected=${rejected.reference}`,
    );
    const after = await get('desk', rejectedRes.headers.location);
    expect(after.text).toContain(`Notice ${rejected.reference} was rejected.`);
    expect(after.text).not.toContain(`/portal/desk/quarantine/${rejected.reference}"`);
    const again = await postForm(
      'desk',
      path(rejected, 'reject'),
      { reason: 'twice' },
      `/portal/desk/quarantine/${rejected.reference}`,
    );
    expect(again.status).toBe(409);
    expect(again.text).toContain('not quarantined');

    const noOrg = await postForm(
      'desk',
      path(accepted, 'accept'),
      {},
      `/portal/desk/quarantine/${accepted.reference}`,
    );
    expect(noOrg.status).toBe(400);
    expect(noOrg.text).toContain('Choose the organisation that sent it');
    const unknownOrg = await postForm(
      'desk',
      path(accepted, 'accept'),
      { organisationId: '00000000-0000-4000-8000-000000000000' },
      `/portal/desk/quarantine/${accepted.reference}`,
    );
    expect(unknownOrg.status).toBe(400);
    expect(unknownOrg.text).toContain('No such organisation: choose one from the list');
    const acceptedRes = await postForm(
      'desk',
      path(accepted, 'accept'),
      { organisationId: orgId },
      `/portal/desk/quarantine/${accepted.reference}`,
    );
    expect(acceptedRes.status).toBe(303);
    expect(acceptedRes.headers.location).toBe(
      `/portal/desk/notices/${accepted.reference}?accepted=1`,
    );
    const acceptedPage = await get('desk', acceptedRes.headers.location);
    expect(acceptedPage.text).toContain(
      'The notice was assigned to Rightsline Enforcement and validated.',
    );
    // It is now the organisation's notice, visible to its counsel.
    expect((await get('counsel', `/portal/notices/${accepted.reference}`)).status).toBe(200);

    const taken = await postForm(
      'desk',
      path(created, 'accept-new'),
      { name: 'Rightsline Enforcement', kind: 'vendor', registerSender: 'yes' },
      `/portal/desk/quarantine/${created.reference}`,
    );
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('An organisation with this name exists');
    const createdRes = await postForm(
      'desk',
      path(created, 'accept-new'),
      { name: 'Unknown Three Anti-Piracy', kind: 'vendor', registerSender: 'yes' },
      `/portal/desk/quarantine/${created.reference}`,
    );
    expect(createdRes.status).toBe(303);
    const [org] = await ds.query<Array<{ accreditation: string; sender_addresses: string[] }>>(
      `SELECT accreditation, sender_addresses FROM organisations WHERE name = $1`,
      ['Unknown Three Anti-Piracy'],
    );
    expect(org).toEqual({
      accreditation: 'pending',
      sender_addresses: ['robot@unknown-three.example'],
    });
    const createdPage = await get('desk', `/portal/desk/notices/${created.reference}`);
    // Pending accreditation: refused under IN-4 until legal accredits the sender.
    expect(createdPage.text).toContain('sender_accredited');
  });

  it('accepting as a new organisation a notice resolved meanwhile leaves no organisation behind', async () => {
    const submissions = app.get(NoticeSubmissionService);
    const eml = Buffer.from(
      noticeFixture('email-attachment-only.eml')
        .toString('latin1')
        .replaceAll('rightsline.example', 'unknown-four.example')
        .replaceAll('notices@', 'robot@'),
      'latin1',
    );
    const { receipt } = await submissions.ingestMail(eml);
    expect(receipt.status).toBe('quarantined');
    // Another desk user rejects the notice just after this one's organisation is created.
    const accounts = app.get(AccountsService);
    const create = accounts.createOrganisation.bind(accounts);
    jest.spyOn(accounts, 'createOrganisation').mockImplementationOnce(async (input) => {
      const made = await create(input);
      await app.get(QuarantineService).reject(receipt.reference, 'spam from a stranger');
      return made;
    });
    const res = await postForm(
      'desk',
      `/portal/desk/quarantine/${receipt.reference}/accept-new`,
      { name: 'Unknown Four Anti-Piracy', kind: 'vendor', registerSender: 'yes' },
      `/portal/desk/quarantine/${receipt.reference}`,
    );
    expect(res.status).toBe(409);
    expect(await accounts.findOrganisationByName('Unknown Four Anti-Piracy')).toBeNull();
    const [notice] = await ds.query<Array<{ status: string; organisation_id: string | null }>>(
      `SELECT status, organisation_id FROM notices WHERE reference = $1`,
      [receipt.reference],
    );
    expect(notice).toEqual({ status: 'rejected', organisation_id: null });
    jest.restoreAllMocks();
  });

  it('leaks no subscriber identity or reference into any counsel page or log line', async () => {
    const stored = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM notice_items WHERE subscriber_account_id = $1`,
      [accountId],
    );
    expect(stored[0].n).toBeGreaterThan(0);
    expect(counselSaw.length).toBeGreaterThan(20);
    expect(logged.join('')).toContain('/portal/notices');
    const counselText = counselSaw.join('\n');
    for (const needle of [SECRET.name, SECRET.email, SECRET.account, accountId, subscriberRef]) {
      expect(counselText).not.toContain(needle);
    }
    const logText = logged.join('\n');
    for (const needle of [SECRET.name, SECRET.email, SECRET.account, accountId]) {
      expect(logText).not.toContain(needle);
    }
  });
});
