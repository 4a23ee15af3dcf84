import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Logger } from 'nestjs-pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/roles';
import { Actors, seedActors } from '../support/fixtures';
import { seedAccounts } from '../support/lease-fixtures';
import { accountId, createNotice } from '../support/notice-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { captureStdout } from '../support/capture-stdout';

// Distinctive identity, searched for in every complainant-facing response and every log line.
const SECRET = { name: 'Philomena Vasquez-Oduya', email: 'philomena.vo@subscriber.example' };
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

interface RequestBody {
  id: string;
  reference: string;
  status: string;
  documentSha256: string | null;
  packageAvailable: boolean;
}

describe('disclosure over HTTP: a complainant sees identity only in its own produced package', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let noticeRef: string;
  let subscriberRef: string;
  let accountUuid: string;
  const complainantSeen: string[] = [];
  const logged: string[] = [];
  let restoreStdout: (() => void) | undefined;

  const http = () => request(app.getHttpServer());
  const as = (role: Role) => `Bearer ${actors.keys[role]}`;
  const asComplainant = async (r: request.Test) => {
    const res = await r.set('Authorization', as(Role.Complainant));
    complainantSeen.push(JSON.stringify(res.body), JSON.stringify(res.headers), res.text ?? '');
    return res;
  };
  const legal = (r: request.Test) => r.set('Authorization', as(Role.Legal));

  beforeAll(async () => {
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { LOG_LEVEL: 'info' }));
    app.useLogger(app.get(Logger));
    actors = await seedActors(app);
    const refs = await seedAccounts(app, [
      {
        account: 'ACCT-PV-1',
        type: 'mac',
        id: 'ab:00:00:00:00:01',
        name: SECRET.name,
        email: SECRET.email,
      },
    ]);
    subscriberRef = refs['ACCT-PV-1'];
    const ds = app.get(DataSource);
    accountUuid = await accountId(ds, 'ACCT-PV-1');
    noticeRef = (
      await createNotice(ds, {
        organisationId: actors.organisationId,
        items: [{ account: 'ACCT-PV-1', cgnat: true }, { outcome: 'ambiguous' }],
      })
    ).reference;
  });

  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await db?.drop();
  });

  let req: RequestBody;

  it('takes a request from a complainant for its own notices and its order PDF', async () => {
    const bad = await asComplainant(
      http()
        .post('/api/v1/disclosure-requests')
        .send({
          kind: 'subscriber_consent',
          issuingBody: 'n/a',
          caseNumber: 'C-1',
          noticeReferences: [noticeRef],
          allowedFields: ['fullName', 'shoeSize'],
          objectionWindowDays: 0,
        }),
    );
    expect(bad.status).toBe(400);

    const res = await asComplainant(
      http()
        .post('/api/v1/disclosure-requests')
        .send({
          kind: 'subscriber_consent',
          issuingBody: 'Subscriber consent form',
          caseNumber: 'CONSENT-77',
          noticeReferences: [noticeRef],
          allowedFields: ['fullName'],
          objectionWindowDays: 0,
        }),
    );
    expect(res.status).toBe(201);
    req = res.body as RequestBody;
    expect(req).toMatchObject({ status: 'received', packageAvailable: false });

    const notPdf = await asComplainant(
      http()
        .put(`/api/v1/disclosure-requests/${req.id}/document`)
        .set('Content-Type', 'application/pdf')
        .send(Buffer.from('GIF89a not a pdf')),
    );
    expect(notPdf.status).toBe(415);
    const asJson = await asComplainant(
      http().put(`/api/v1/disclosure-requests/${req.id}/document`).send({ pdf: 'base64...' }),
    );
    expect(asJson.status).toBe(415);
    const huge = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await asComplainant(
      http()
        .put(`/api/v1/disclosure-requests/${req.id}/document`)
        .set('Content-Type', 'application/pdf')
        .send(huge),
    );
    expect(tooBig.status).toBe(413);
    expect((tooBig.body as { code: string }).code).toBe('disclosure_document_too_large');
    expect((notPdf.body as { code: string }).code).toBe('disclosure_document_not_pdf');
    const doc = await asComplainant(
      http()
        .put(`/api/v1/disclosure-requests/${req.id}/document`)
        .set('Content-Type', 'application/pdf')
        .send(PDF),
    );
    expect(doc.status).toBe(200);
    expect((doc.body as RequestBody).documentSha256).toBe(
      createHash('sha256').update(PDF).digest('hex'),
    );
  });

  it('keeps other organisations and non-legal roles out', async () => {
    const other = await http()
      .get(`/api/v1/disclosure-requests/${req.id}`)
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`);
    expect(other.status).toBe(404);
    const otherList = await http()
      .get('/api/v1/disclosure-requests')
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`);
    expect(otherList.body).toEqual([]);
    for (const path of [
      `/api/v1/legal/disclosure-requests`,
      `/api/v1/legal/disclosure-requests/${req.id}`,
      `/api/v1/legal/audit`,
    ]) {
      expect((await asComplainant(http().get(path))).status).toBe(403);
      expect((await http().get(path).set('Authorization', as(Role.AbuseDesk))).status).toBe(403);
    }
    for (const path of [
      `/api/v1/legal/subscribers/${subscriberRef}/identity`,
      `/api/v1/legal/subscribers/${subscriberRef}/export`,
    ]) {
      const post = () => http().post(path).send({ purpose: 'curious' });
      expect((await asComplainant(post())).status).toBe(403);
      expect((await post().set('Authorization', as(Role.AbuseDesk))).status).toBe(403);
    }
    const decide = await http()
      .post(`/api/v1/legal/disclosure-requests/${req.id}/decision`)
      .set('Authorization', as(Role.Admin))
      .send({ decision: 'approve', reason: 'admin tries' });
    expect(decide.status).toBe(403);
    const withdraw = await http()
      .post(`/api/v1/disclosure-requests/${req.id}/withdraw`)
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`)
      .send({ reason: 'not mine to withdraw' });
    expect(withdraw.status).toBe(404);
    const doc = await http()
      .put(`/api/v1/disclosure-requests/${req.id}/document`)
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`)
      .set('Content-Type', 'application/pdf')
      .send(PDF);
    expect(doc.status).toBe(404);
    const early = await asComplainant(http().post(`/api/v1/disclosure-requests/${req.id}/package`));
    expect(early.status).toBe(404);
  });

  it('lets legal staff review with pseudonymous evidence, decide and produce', async () => {
    const queue = await legal(http().get('/api/v1/legal/disclosure-requests'));
    expect((queue.body as Array<{ id: string }>).map((r) => r.id)).toContain(req.id);
    const detail = await legal(http().get(`/api/v1/legal/disclosure-requests/${req.id}`));
    expect(detail.status).toBe(200);
    const items = (
      detail.body as {
        items: Array<{ subscriberRef: string | null; confidence: string; caveats: string[] }>;
      }
    ).items;
    expect(items[0]).toMatchObject({ subscriberRef, confidence: 'high' });
    expect(items[0].caveats.join(' ')).toMatch(/CGNAT/);
    expect(detail.text).not.toContain(SECRET.name);

    expect(
      (
        await legal(
          http()
            .post(`/api/v1/legal/disclosure-requests/${req.id}/review`)
            .send({ reason: 'checking' }),
        )
      ).status,
    ).toBe(200);
    const noGrounds = await legal(
      http()
        .post(`/api/v1/legal/disclosure-requests/${req.id}/decision`)
        .send({ decision: 'refuse', reason: 'no' }),
    );
    expect(noGrounds.status).toBe(400);
    const approve = await legal(
      http()
        .post(`/api/v1/legal/disclosure-requests/${req.id}/decision`)
        .send({ decision: 'approve', reason: 'consent verified' }),
    );
    expect((approve.body as RequestBody).status).toBe('approved');
    const again = await legal(
      http()
        .post(`/api/v1/legal/disclosure-requests/${req.id}/decision`)
        .send({ decision: 'approve', reason: 'twice' }),
    );
    expect(again.status).toBe(409);
    const produced = await legal(
      http().post(`/api/v1/legal/disclosure-requests/${req.id}/produce`),
    );
    expect((produced.body as RequestBody).status).toBe('produced');
  });

  it('releases the package to its requester only, with exactly the allowed fields, each download audited', async () => {
    const other = await http()
      .post(`/api/v1/disclosure-requests/${req.id}/package`)
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain(SECRET.name);

    const pkg = await http()
      .post(`/api/v1/disclosure-requests/${req.id}/package`)
      .set('Authorization', as(Role.Complainant));
    expect(pkg.status).toBe(200);
    const body = pkg.body as {
      subscribers: Array<{ identity: Record<string, string> }>;
      notAttributed: unknown[];
    };
    expect(body.subscribers.map((s) => s.identity)).toEqual([{ fullName: SECRET.name }]);
    expect(body.notAttributed).toHaveLength(1);
    expect(pkg.text).not.toContain(SECRET.email);
    expect(pkg.text).not.toContain(accountUuid);
    const html = await http()
      .post(`/api/v1/disclosure-requests/${req.id}/package?format=html`)
      .set('Authorization', as(Role.Complainant));
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain(SECRET.name);

    const audit = await legal(
      http().get(`/api/v1/legal/audit?subjectType=disclosure_request&subjectId=${req.id}`),
    );
    const page = audit.body as {
      verification: { ok: boolean };
      entries: Array<{ action: string }>;
    };
    expect(page.verification.ok).toBe(true);
    expect(page.entries.filter((e) => e.action === 'disclosure.package_downloaded')).toHaveLength(
      2,
    );
  });

  it('audits every identity view by legal staff, and holds can be placed and released', async () => {
    const before = (
      (
        await legal(
          http().get(`/api/v1/legal/audit?subjectType=subscriber_account&subjectId=${accountUuid}`),
        )
      ).body as { entries: unknown[] }
    ).entries.length;
    const view = await legal(
      http()
        .post(`/api/v1/legal/subscribers/${subscriberRef}/identity`)
        .send({ purpose: 'check the match' }),
    );
    expect(view.body).toMatchObject({ fullName: SECRET.name });
    const after = (
      await legal(
        http().get(`/api/v1/legal/audit?subjectType=subscriber_account&subjectId=${accountUuid}`),
      )
    ).body as { entries: Array<{ action: string; purpose: string }> };
    expect(after.entries).toHaveLength(before + 1);
    expect(after.entries[0]).toMatchObject({ action: 'identity.read', purpose: 'check the match' });

    const hold = await legal(
      http()
        .post('/api/v1/legal/holds')
        .send({ subjectType: 'account', subject: subscriberRef, reason: 'litigation' }),
    );
    expect(hold.status).toBe(201);
    const released = await legal(
      http()
        .post(`/api/v1/legal/holds/${(hold.body as { id: string }).id}/release`)
        .send({ reason: 'settled' }),
    );
    expect(released.body).toMatchObject({ releaseReason: 'settled' });
    const note = await asComplainant(
      http()
        .post(`/api/v1/notices/${noticeRef}/proceedings`)
        .send({ note: 'statement of claim filed' }),
    );
    expect(note.status).toBe(204);
  });

  it('never shows identity to a complainant outside its package, nor in any log line', () => {
    const seen = complainantSeen.join('\n');
    expect(seen).toContain(req.reference);
    // The capture works: the app's request log lines were seen.
    expect(logged.join('')).toContain('/api/v1/disclosure-requests');
    for (const secret of [SECRET.name, SECRET.email, accountUuid, 'ACCT-PV-1']) {
      expect(seen).not.toContain(secret);
      expect(logged.join('\n')).not.toContain(secret);
    }
  });
});
