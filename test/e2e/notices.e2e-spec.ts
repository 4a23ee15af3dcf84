import { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { NoticeSubmissionService } from '../../src/modules/intake/notice-submission.service';
import { Actors, seedActors } from '../support/fixtures';
import { drainIntake, noticeFixture } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { captureStdout } from '../support/capture-stdout';
import { identityQuery } from '../support/identity-query';

// Distinctive identity values, searched for in every response and log line at the end.
const SECRET = {
  name: 'Philippa Oakenshield',
  email: 'p.oakenshield@subscriber.example',
  account: 'ACCT-PO-4412',
};

interface Item {
  position: number;
  status: string;
  reasonCode: string | null;
  reason: string | null;
  expectedAt: string | null;
  forwardedAt: string | null;
}
interface Receipt {
  reference: string;
  status: string;
  caseId: string | null;
  warnings: Array<{ code: string; message: string }>;
  items: Item[];
}
interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

const NOTICES = '/api/v1/notices';
const AT = '2026-10-04T21:13:07Z';

function jsonNotice(caseId: string, items: Array<Record<string, unknown>>, extra = {}) {
  return JSON.stringify({
    caseId,
    owner: 'Northbridge Pictures LLC',
    title: 'The Long Road Home',
    items: items.map((i) => ({ protocol: 'BitTorrent', observedAt: AT, ...i })),
    ...extra,
  });
}

describe('notice intake over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let senderKey: string;
  let accountId: string;
  const logged: string[] = [];
  const seen: string[] = [];
  let restoreStdout: (() => void) | undefined;

  const http = () => request(app.getHttpServer());
  const remember = (res: request.Response): request.Response => {
    seen.push(JSON.stringify(res.body), JSON.stringify(res.headers), res.text ?? '');
    return res;
  };
  const post = async (body: string | Buffer, type: string, key = senderKey, headers = {}) =>
    remember(
      await http()
        .post(NOTICES)
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', type)
        .set(headers)
        // superagent would serialise a Buffer sent as JSON into {type, data}.
        .send(Buffer.isBuffer(body) && type.includes('json') ? body.toString('utf8') : body),
    );
  const get = async (path: string, key = senderKey, accept = 'application/json') =>
    remember(await http().get(path).set('Authorization', `Bearer ${key}`).set('Accept', accept));
  const countNotices = async () =>
    (
      await app
        .get(DataSource)
        .query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM notices`)
    )[0].n;

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { LOG_LEVEL: 'info' }));
    app.useLogger(app.get(Logger));
    actors = await seedActors(app);
    const org = await app.get(AccountsService).createOrganisation({
      name: 'Rightsline Enforcement',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '1200 Example Avenue, Los Angeles',
      owners: ['Northbridge Pictures LLC'],
      senderAddresses: ['notices@rightsline.example'],
    });
    senderKey = (
      await app.get(ApiKeyService).create({
        name: 'rightsline',
        role: Role.Complainant,
        organisationId: org.id,
        createdBy: null,
      })
    ).key;
    await seedAccounts(app, [
      {
        account: SECRET.account,
        type: 'mac',
        id: 'aa:bb:cc:00:00:01',
        name: SECRET.name,
        email: SECRET.email,
      },
      { account: 'ACCT-2', type: 'mac', id: 'aa:bb:cc:00:00:02' },
    ]);
    const rows = await identityQuery<{ id: string }>(
      app.get(DataSource),
      `SELECT id FROM subscriber_accounts WHERE account_number = $1`,
      [SECRET.account],
    );
    accountId = rows[0].id;
    await importText(
      app,
      'generic-csv',
      'dhcp-test',
      genericCsv([
        '203.0.113.47,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
        '203.0.113.48,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:02',
        '203.0.113.49,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
        '203.0.113.49,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:02',
      ]),
    );
  });

  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await db?.drop();
  });

  it('takes ACNS XML, answers 202 with a receipt, attributes it and shows the final outcome', async () => {
    const res = await post(noticeFixture('acns-1.2-acns-net.xml'), 'application/xml');
    expect(res.status).toBe(202);
    const receipt = res.body as Receipt;
    expect(receipt.reference).toMatch(/^NTC-[A-Z0-9]+$/);
    expect(res.headers.location).toBe(`${NOTICES}/${receipt.reference}`);
    expect(receipt).toMatchObject({ status: 'accepted', caseId: '3458172960' });
    expect(receipt.items).toEqual([
      expect.objectContaining({ status: 'accepted', reasonCode: null }),
    ]);

    await drainIntake(app);
    const after = await get(`${NOTICES}/${receipt.reference}`);
    expect(after.status).toBe(200);
    expect((after.body as Receipt).items[0]).toMatchObject({ status: 'attributed' });

    // Messaging's step, as it will record it.
    await app.get(DataSource).query(
      `UPDATE notice_items i SET status = 'forwarded', forwarded_at = '2026-11-01T10:00:00Z'
           FROM notices n WHERE n.id = i.notice_id AND n.reference = $1`,
      [receipt.reference],
    );
    const final = await get(`${NOTICES}/${receipt.reference}`);
    expect((final.body as Receipt).items[0]).toMatchObject({
      status: 'forwarded',
      forwardedAt: '2026-11-01T10:00:00.000Z',
    });

    const stored: Array<{ original: Buffer }> = await app
      .get(DataSource)
      .query(`SELECT original FROM notices WHERE reference = $1`, [receipt.reference]);
    expect(stored[0].original.equals(noticeFixture('acns-1.2-acns-net.xml'))).toBe(true);
  });

  it('answers a repeated notice with the first receipt and stores no second notice', async () => {
    const before = await countNotices();
    const first = await get(`${NOTICES}?pageSize=100`);
    const res = await post(noticeFixture('acns-1.2-acns-net.xml'), 'application/xml');
    expect(res.status).toBe(200);
    const refs = (first.body as { notices: Array<{ reference: string }> }).notices.map(
      (n) => n.reference,
    );
    expect(refs).toContain((res.body as Receipt).reference);
    expect(await countNotices()).toBe(before);
  });

  it('honours Idempotency-Key', async () => {
    const a = await post(
      jsonNotice('IDEM-1', [{ ip: '203.0.113.48', port: 6881 }]),
      'application/json',
      senderKey,
      {
        'Idempotency-Key': 'k-1',
      },
    );
    const b = await post(
      jsonNotice('IDEM-2', [{ ip: '203.0.113.48', port: 6882 }]),
      'application/json',
      senderKey,
      {
        'Idempotency-Key': 'k-1',
      },
    );
    expect(a.status).toBe(202);
    expect(b.status).toBe(200);
    expect((b.body as Receipt).reference).toBe((a.body as Receipt).reference);
    await drainIntake(app);
  });

  it('gives each item its verdict and the rule that refused it', async () => {
    const res = await post(
      jsonNotice('MULTI-1', [
        { ip: '203.0.113.48', port: 51413 },
        { ip: '8.8.8.8', port: 51413 },
        { ip: '203.0.113.48', port: 1, observedAt: '2026-10-04 21:13:07' },
        { ip: '203.0.113.48', port: 2, protocol: 'HTTP streaming' },
        { ip: '203.0.113.48', port: 3, observedAt: '2019-01-01T00:00:00Z' },
        { ip: '203.0.113.48', port: 51413 },
      ]),
      'application/json',
    );
    expect(res.status).toBe(202);
    const items = (res.body as Receipt).items;
    expect(items.map((i) => [i.status, i.reasonCode])).toEqual([
      ['accepted', null],
      ['refused', 'address_space'],
      ['refused', 'timestamp_zone'],
      ['refused', 'not_p2p'],
      ['refused', 'retention'],
      ['duplicate', 'duplicate'],
    ]);
    await drainIntake(app);
  });

  it('tells the sender when attribution finds no single account, without saying who', async () => {
    const res = await post(
      jsonNotice('AMBIG-1', [
        { ip: '203.0.113.49', port: 51413 },
        { ip: '203.0.113.50', port: 51413 },
      ]),
      'application/json',
    );
    await drainIntake(app);
    const after = await get(`${NOTICES}/${(res.body as Receipt).reference}`);
    expect((after.body as Receipt).items.map((i) => [i.status, i.reasonCode])).toEqual([
      ['not_forwarded', 'ambiguous'],
      ['not_forwarded', 'no_lease'],
    ]);
  });

  it('reads a raw e-mail, flags a settlement demand and does not forward it under the ca regime', async () => {
    // Another case id than the ACNS fixture (same address and time), so it is no duplicate.
    const eml = noticeFixture('email-settlement-offer.eml')
      .toString('utf8')
      .replace(/3458172960/g, '7700112233');
    const res = await post(eml, 'message/rfc822');
    expect(res.status).toBe(202);
    await drainIntake(app);
    const after = await get(`${NOTICES}/${(res.body as Receipt).reference}`);
    expect((after.body as Receipt).items).toEqual([
      expect.objectContaining({ status: 'not_forwarded', reasonCode: 'settlement_demand' }),
    ]);
    const desk = await get(
      `/api/v1/desk/notices/${(res.body as Receipt).reference}`,
      actors.keys[Role.AbuseDesk],
    );
    expect(desk.status).toBe(200);
    const body = desk.body as {
      settlementFlagged: boolean;
      checks: Array<{ check: string; result: string }>;
    };
    expect(body.settlementFlagged).toBe(true);
    expect(body.checks).toContainEqual(
      expect.objectContaining({ check: 'settlement_demand', result: 'flag' }),
    );
  });

  it('takes X-ARF v4 JSON', async () => {
    const res = await post(noticeFixture('xarf4-copyright-p2p.json'), 'application/json');
    expect(res.body).toMatchObject({ format: 'xarf4' });
    expect(res.status).toBe(202);
    await drainIntake(app);
  });

  it('answers with an ACNS NoticeAck when the client asks for XML', async () => {
    const list = await get(`${NOTICES}?pageSize=1`);
    const ref = (list.body as { notices: Array<{ reference: string }> }).notices[0].reference;
    const res = await get(`${NOTICES}/${ref}`, senderKey, 'application/xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/xml/);
    expect(res.text).toContain('<NoticeAck xmlns="http://www.acns.net/ACNS">');
    expect(res.text).toContain(`<Reference>${ref}</Reference>`);
  });

  it.each([
    ['billion-laughs.xml', 'application/xml'],
    ['xxe-external-entity.xml', 'application/xml'],
    ['xxe-external-entity.xml', 'text/xml'],
  ])(
    'refuses DOCTYPE and entity declarations (%s as %s) and stores nothing',
    async (file, type) => {
      const before = await countNotices();
      const res = await post(noticeFixture(file), type);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as Problem).code).toBe('xml_doctype_forbidden');
      expect(await countNotices()).toBe(before);
    },
  );

  it('refuses an e-mail whose attached XML declares entities', async () => {
    const before = await countNotices();
    const res = await post(noticeFixture('email-xxe-attachment.eml'), 'message/rfc822');
    expect(res.status).toBe(400);
    expect(await countNotices()).toBe(before);
  });

  it('names the field or the line of malformed input and stores nothing', async () => {
    const before = await countNotices();
    const broken = await post('{\n  "caseId": "X",\n  "items": [\n}', 'application/json');
    expect(broken.status).toBe(400);
    expect((broken.body as Problem).errors?.[0].field).toMatch(/^body line \d+$/);

    const invalid = await post(
      JSON.stringify({
        caseId: 'X',
        owner: 'O',
        items: [{ ip: 'not-an-ip', observedAt: AT, protocol: 'bt' }],
        extra: 1,
      }),
      'application/json',
    );
    expect(invalid.status).toBe(400);
    const fields = ((invalid.body as Problem).errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(['extra', 'items.0.ip']);

    const tooBig = await post(Buffer.alloc(11 * 1024 * 1024, 'a'), 'application/xml');
    expect(tooBig.status).toBe(413);
    const wrongType = await post('hello', 'text/plain');
    expect(wrongType.status).toBe(415);
    expect(await countNotices()).toBe(before);
  });

  it('refuses every item of a suspended sender with the rule named', async () => {
    const accounts = app.get(AccountsService);
    const org = await accounts.createOrganisation({
      name: 'Suspended Vendor',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Suspended,
      owners: ['Northbridge Pictures LLC'],
    });
    const key = (
      await app
        .get(ApiKeyService)
        .create({ name: 's', role: Role.Complainant, organisationId: org.id, createdBy: null })
    ).key;
    const res = await post(
      jsonNotice('SUSP-1', [{ ip: '203.0.113.48', port: 1 }]),
      'application/json',
      key,
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'refused', refusalCode: 'sender_accredited' });
    expect((res.body as Receipt).items[0]).toMatchObject({
      status: 'refused',
      reasonCode: 'sender_accredited',
    });
  });

  it('never shows one sender the notices of another', async () => {
    const mine = await get(`${NOTICES}?pageSize=100`);
    const ref = (mine.body as { notices: Array<{ reference: string }> }).notices[0].reference;
    const other = await get(`${NOTICES}/${ref}`, actors.otherComplainantKey);
    expect(other.status).toBe(404);
    const list = await get(NOTICES, actors.otherComplainantKey);
    expect((list.body as { total: number }).total).toBe(0);
    // Staff routes are closed to complainants.
    const desk = await get(`/api/v1/desk/notices/${ref}`, senderKey);
    expect(desk.status).toBe(403);
  });

  it('filters and pages the sender list', async () => {
    const res = await get(`${NOTICES}?status=refused&page=1&pageSize=2`);
    expect(res.status).toBe(200);
    const body = res.body as { total: number; notices: Array<{ status: string }> };
    expect(body.notices.every((n) => n.status === 'refused')).toBe(true);
  });

  it('lets the desk read evidence and pseudonymous references, and quality counters', async () => {
    const list = await get('/api/v1/desk/notices?pageSize=100', actors.keys[Role.AbuseDesk]);
    expect(list.status).toBe(200);
    const quality = await get('/api/v1/desk/sender-quality', actors.keys[Role.Legal]);
    expect(quality.status).toBe(200);
    const row = (
      quality.body as Array<{ organisationName: string; refused: number; unmatched: number }>
    ).find((r) => r.organisationName === 'Rightsline Enforcement');
    expect(row?.refused).toBeGreaterThan(0);
    expect(row?.unmatched).toBeGreaterThan(0);
  });

  it('lets the desk list quarantined e-mail and assign it to its sender over HTTP', async () => {
    const desk = actors.keys[Role.AbuseDesk];
    const raw = Buffer.from(
      noticeFixture('email-attachment-only.eml')
        .toString('latin1')
        .replace(/notices@rightsline\.example/g, 'stranger@unknown.example')
        .replace(/3458172960/g, '5550001'),
      'latin1',
    );
    const { receipt } = await app.get(NoticeSubmissionService).ingestMail(raw);
    expect(receipt.status).toBe('quarantined');
    const list = await get('/api/v1/desk/quarantine', desk);
    expect(list.status).toBe(200);
    const listed = list.body as { notices: Array<{ reference: string; senderAddress: string }> };
    expect(listed.notices).toContainEqual(
      expect.objectContaining({
        reference: receipt.reference,
        senderAddress: 'stranger@unknown.example',
      }),
    );
    const accepted = remember(
      await http()
        .post(`/api/v1/desk/quarantine/${receipt.reference}/accept`)
        .set('Authorization', `Bearer ${desk}`)
        .send({ organisationId: actors.organisationId }),
    );
    expect(accepted.status).toBe(200);
    // seedActors' vendor acts for "Owner A", not for the notice's owner: refused with the rule.
    expect(accepted.body).toMatchObject({ status: 'refused', refusalCode: 'owner_represented' });
    const again = await http()
      .post(`/api/v1/desk/quarantine/${receipt.reference}/reject`)
      .set('Authorization', `Bearer ${desk}`)
      .send({ reason: 'too late' });
    expect(again.status).toBe(409);
  });

  it('answers arbitrary bodies with a receipt or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 500 }),
          fc.json(),
          fc.constant('<?xml version="1.0"?><Infringement><Source><IP_Address>'),
          fc.string({ maxLength: 200 }).map((s) => `From: x@y.example\r\n\r\n${s}`),
        ),
        fc.constantFrom('application/json', 'application/xml', 'text/xml', 'message/rfc822'),
        async (body, type) => {
          const res = await post(body, type);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('leaks no subscriber identity in any complainant response or log line', async () => {
    const stored: Array<{ n: number }> = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM notice_items WHERE subscriber_account_id = $1`, [
        accountId,
      ]);
    expect(stored[0].n).toBeGreaterThan(0);
    // The capture works: the app's request log lines were seen.
    expect(logged.join('')).toContain('/api/v1/notices');
    const haystack = [...seen, ...logged].join('\n');
    for (const needle of [SECRET.name, SECRET.email, SECRET.account, accountId]) {
      expect(haystack).not.toContain(needle);
    }
  });
});
