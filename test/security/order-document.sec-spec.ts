import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Role } from '../../src/common/roles';
import { SESSION_COOKIE } from '../../src/modules/auth/authenticator.service';
import { Actors, seedActors, seedPeople } from '../support/fixtures';
import { seedAccounts } from '../support/lease-fixtures';
import { createNotice } from '../support/notice-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Attack: the court order could be swapped after approval and production, so the package no
// longer matched the order it was produced on. The document is now frozen once review starts
// (service and database trigger), every decision records the document's SHA-256, and a kind
// that needs an order is never approved or produced without one.
const ORDER = Buffer.from('%PDF-1.7\n% the genuine order, case 1:26-cv-0777\n%%EOF\n');
const FORGED = Buffer.from('%PDF-1.7\n% a forged order allowing every field\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

interface Body {
  id: string;
  reference: string;
  status: string;
  documentSha256: string | null;
  code?: string;
  detail?: string;
}

describe('order document: frozen once review starts, hashed in every decision', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ds: DataSource;
  let actors: Actors;
  let noticeRef: string;
  let legalSession: string;

  const http = () => request(app.getHttpServer());
  const bearer = (role: Role) => `Bearer ${actors.keys[role]}`;
  const file = async (kind: string): Promise<Body> => {
    const res = await http()
      .post('/api/v1/disclosure-requests')
      .set('Authorization', bearer(Role.Complainant))
      .send({
        kind,
        issuingBody: 'Federal Court',
        caseNumber: '1:26-cv-0777',
        noticeReferences: [noticeRef],
        allowedFields: ['fullName'],
        objectionWindowDays: 0,
      });
    expect(res.status).toBe(201);
    return res.body as Body;
  };
  const attach = (id: string, bytes: Buffer, role = Role.Complainant) =>
    http()
      .put(`/api/v1/disclosure-requests/${id}/document`)
      .set('Authorization', bearer(role))
      .set('Content-Type', 'application/pdf')
      .send(bytes);
  const legal = (id: string, step: string, body: object = {}) =>
    http()
      .post(`/api/v1/legal/disclosure-requests/${id}/${step}`)
      .set('Authorization', bearer(Role.Legal))
      .send(body);
  const transitions = (id: string) =>
    ds.query<Array<{ to_status: string; document_sha256: string | null }>>(
      `SELECT to_status, document_sha256 FROM disclosure_transitions WHERE request_id = $1
        ORDER BY id`,
      [id],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    ds = app.get(DataSource);
    actors = await seedActors(app);
    legalSession = (await seedPeople(app, actors.organisationId))[Role.Legal];
    await seedAccounts(app, [
      { account: 'ACCT-ORD-1', type: 'mac', id: 'ab:00:00:00:07:01', name: 'Ord Subscriber' },
    ]);
    noticeRef = (
      await createNotice(ds, {
        organisationId: actors.organisationId,
        items: [{ account: 'ACCT-ORD-1' }],
      })
    ).reference;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('refuses to approve or produce a court-order kind without its order document', async () => {
    const r = await file('ca_norwich_order');
    expect((await legal(r.id, 'review', { reason: 'checking' })).status).toBe(200);
    const approve = await legal(r.id, 'decision', { decision: 'approve', reason: 'looks fine' });
    expect(approve.status).toBe(409);
    expect(approve.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((approve.body as Body).code).toBe('disclosure_order_required');
    expect((approve.body as Body).detail).toMatch(/ca_norwich_order .*order document/);
    // Nothing moved: still under review, no approval recorded.
    expect((await transitions(r.id)).map((t) => t.to_status)).toEqual(['received', 'under_review']);
    // Production is refused too, even from a state where it would otherwise be allowed.
    await ds.query(`UPDATE disclosure_requests SET status = 'approved' WHERE id = $1`, [r.id]);
    const produce = await legal(r.id, 'produce');
    expect(produce.status).toBe(409);
    expect((produce.body as Body).code).toBe('disclosure_order_required');
    const pkg = await ds.query(`SELECT 1 FROM disclosure_packages WHERE request_id = $1`, [r.id]);
    expect(pkg).toHaveLength(0);
  });

  it('refuses a replacement order once review has started, through the API and the database', async () => {
    const r = await file('us_court_order');
    // Before review the requester may still correct the upload.
    expect((await attach(r.id, FORGED)).status).toBe(200);
    const first = await attach(r.id, ORDER);
    expect((first.body as Body).documentSha256).toBe(sha(ORDER));
    expect((await legal(r.id, 'review', { reason: 'checking' })).status).toBe(200);

    for (const role of [Role.Complainant, Role.Legal]) {
      const swap = await attach(r.id, FORGED, role);
      expect(swap.status).toBe(409);
      expect(swap.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((swap.body as Body).code).toBe('disclosure_document_frozen');
      expect((swap.body as Body).detail).toMatch(/frozen: review has started/);
    }
    // A path that skips the service (a direct UPDATE) meets the trigger.
    await expect(
      ds.query(`UPDATE disclosure_requests SET document = $2, document_sha256 = $3 WHERE id = $1`, [
        r.id,
        FORGED,
        sha(FORGED),
      ]),
    ).rejects.toThrow(/disclosure_document_frozen/);
    await expect(
      ds.query(`UPDATE disclosure_requests SET document = NULL WHERE id = $1`, [r.id]),
    ).rejects.toThrow(/disclosure_document_frozen/);

    const approve = await legal(r.id, 'decision', { decision: 'approve', reason: 'valid' });
    expect(approve.status).toBe(200);
    // After approval (and after production) the swap is refused the same way.
    expect((await attach(r.id, FORGED)).status).toBe(409);
    const stored = await ds.query<Array<{ document: Buffer; document_sha256: string }>>(
      `SELECT document, document_sha256 FROM disclosure_requests WHERE id = $1`,
      [r.id],
    );
    expect(stored[0].document.equals(ORDER)).toBe(true);
    expect(stored[0].document_sha256).toBe(sha(ORDER));
  });

  it('records the order SHA-256 in every decision, the audit chain, the package and the page', async () => {
    const r = await file('us_512h_subpoena');
    expect((await attach(r.id, ORDER)).status).toBe(200);
    expect((await legal(r.id, 'review', { reason: 'checking' })).status).toBe(200);
    expect((await legal(r.id, 'decision', { decision: 'approve', reason: 'valid' })).status).toBe(
      200,
    );
    // objectionWindowDays 0: the window has already ended.
    const produced = await legal(r.id, 'produce');
    expect(produced.status).toBe(200);

    const rows = await transitions(r.id);
    expect(rows.map((t) => t.to_status)).toEqual([
      'received',
      'under_review',
      'approved',
      'subscriber_notified',
      'waiting_window',
      'produced',
    ]);
    // 'received' was recorded before the document arrived; every decision after carries it.
    expect(rows[0].document_sha256).toBeNull();
    for (const t of rows.slice(1)) expect(t.document_sha256).toBe(sha(ORDER));

    const audit = await ds.query<Array<{ action: string; details: { documentSha256?: string } }>>(
      `SELECT action, details FROM audit_log
        WHERE subject_id = $1 AND action LIKE 'disclosure.%' AND action <> 'disclosure.received'
          AND action <> 'disclosure.document_attached'
        ORDER BY seq`,
      [r.id],
    );
    expect(audit.length).toBeGreaterThanOrEqual(5);
    for (const a of audit) expect(a.details.documentSha256).toBe(sha(ORDER));

    const detail = await http()
      .get(`/api/v1/legal/disclosure-requests/${r.id}`)
      .set('Authorization', bearer(Role.Legal));
    const shown = (detail.body as { transitions: Array<{ documentSha256: string | null }> })
      .transitions;
    expect(shown.slice(1).every((t) => t.documentSha256 === sha(ORDER))).toBe(true);

    const pkg = await http()
      .post(`/api/v1/disclosure-requests/${r.id}/package`)
      .set('Authorization', bearer(Role.Complainant));
    expect(pkg.status).toBe(200);
    expect((pkg.body as { orderDocumentSha256: string }).orderDocumentSha256).toBe(sha(ORDER));
    const html = await http()
      .post(`/api/v1/disclosure-requests/${r.id}/package?format=html`)
      .set('Authorization', bearer(Role.Complainant));
    expect(html.text).toContain(
      `<th scope="row">Order document SHA-256</th><td><code>${sha(ORDER)}</code></td>`,
    );

    // Legal's request page shows the hash, that it is frozen, and the hash of each step.
    const page = await http()
      .get(`/portal/legal/disclosure/${r.id}`)
      .set('Cookie', `${SESSION_COOKIE}=${legalSession}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<code class="sha256 order-sha256">${sha(ORDER)}</code>`);
    expect(page.text).toContain('Frozen since review started');
    expect(page.text.split(`<code class="sha256">${sha(ORDER)}</code>`)).toHaveLength(6);
  });
});
