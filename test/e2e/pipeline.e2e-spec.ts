import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { Scope } from '../../src/modules/auth/scopes';
import { drainIntake } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// The whole path across modules, with real PostgreSQL, Redis and an SMTP server: a notice in by
// the API, attributed by the intake worker, digested and mailed by messaging, and the sender's
// receipt turning to "forwarded" (SN-1, SN-2) without ever naming the subscriber.
const METRICS_TOKEN = 'metrics-token-for-the-pipeline-test';
const SUBSCRIBER = {
  name: 'Ottoline Varga',
  email: 'o.varga@subscriber.example',
  account: 'ACCT-OV-7',
};

// The step histogram's sample counts from a scrape, by "step/outcome".
function stepCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^notice_relay_step_duration_seconds_count\{([^}]*)\} (\d+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries(
      [...m[1].matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k, v] as const),
    );
    expect(Object.keys(labels).sort()).toEqual(['outcome', 'step']);
    counts.set(`${labels.step}/${labels.outcome}`, Number(m[2]));
  }
  return counts;
}

interface ReceiptItem {
  status: string;
  reasonCode: string | null;
  forwardedAt: string | null;
}

async function until<T>(what: string, probe: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notice pipeline: intake -> attribution -> warning -> receipt', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let sink: SmtpSink;
  let key: string;
  let legalKey: string;
  let reference: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, {
        SMTP_URL: sink.url,
        MAIL_DIGEST_WINDOW_SECONDS: '0',
        MAIL_POLL_MS: '200',
        METRICS_TOKEN,
      }),
    );
    const org = await app.get(AccountsService).createOrganisation({
      name: 'Pipeline Vendor',
      kind: OrganisationKind.Vendor,
      accreditation: Accreditation.Accredited,
      postalAddress: '10 Example Street, Toronto',
      owners: ['Northbridge Pictures LLC'],
    });
    key = (
      await app.get(ApiKeyService).create({
        name: 'pipeline',
        role: Role.Complainant,
        organisationId: org.id,
        scopes: [Scope.SubmitNotices, Scope.ReadNotices, Scope.Disclosure],
        createdBy: null,
      })
    ).key;
    legalKey = (
      await app.get(ApiKeyService).create({
        name: 'legal',
        role: Role.Legal,
        organisationId: null,
        createdBy: null,
      })
    ).key;
    await seedAccounts(app, [
      {
        account: SUBSCRIBER.account,
        type: 'mac',
        id: 'aa:bb:cc:dd:00:07',
        name: SUBSCRIBER.name,
        email: SUBSCRIBER.email,
      },
    ]);
    await importText(
      app,
      'generic-csv',
      'dhcp-pipeline',
      genericCsv([
        '203.0.113.77,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:dd:00:07',
      ]),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await sink?.stop();
  });

  it('forwards the warning by SMTP and tells the sender when, never who', async () => {
    const submitted = await request(app.getHttpServer())
      .post('/api/v1/notices')
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          caseId: 'PIPE-1',
          owner: 'Northbridge Pictures LLC',
          title: 'The Long Road Home',
          items: [
            {
              ip: '203.0.113.77',
              port: 51413,
              observedAt: '2026-10-04T21:13:07Z',
              protocol: 'BitTorrent',
            },
          ],
        }),
      );
    expect(submitted.status).toBe(202);
    reference = (submitted.body as { reference: string }).reference;
    await drainIntake(app);

    const mail = await until(
      'the warning in the SMTP server',
      async () => sink.to(SUBSCRIBER.email)[0] ?? null,
    );
    expect(mail.parsed.text).toContain('The Long Road Home');
    expect(mail.parsed.text).toContain(reference);
    expect(mail.parsed.html).toBeTruthy();

    const item = await until('the receipt to say forwarded', async () => {
      const res = await request(app.getHttpServer())
        .get(`/api/v1/notices/${reference}`)
        .set('Authorization', `Bearer ${key}`);
      const first = (res.body as { items: ReceiptItem[] }).items[0];
      if (first.status !== 'forwarded') return null;
      const whole = JSON.stringify(res.body) + JSON.stringify(res.headers);
      for (const secret of Object.values(SUBSCRIBER)) expect(whole).not.toContain(secret);
      return first;
    });
    expect(item.forwardedAt).not.toBeNull();
    expect(new Date(item.forwardedAt as string).getTime()).toBeLessThanOrEqual(Date.now());
    expect(sink.to(SUBSCRIBER.email)).toHaveLength(1);
  });

  it('tells the subscriber of an approved US order through the same mail path, before any production (DR-2)', async () => {
    const http = () => request(app.getHttpServer());
    const filed = await http()
      .post('/api/v1/disclosure-requests')
      .set('Authorization', `Bearer ${key}`)
      .send({
        kind: 'us_subpoena',
        issuingBody: 'United States District Court for the District of Example',
        caseNumber: '1:26-cv-04242',
        noticeReferences: [reference],
        allowedFields: ['fullName', 'postalAddress'],
        objectionWindowDays: 30,
      });
    expect(filed.status).toBe(201);
    const id = (filed.body as { id: string }).id;
    // DR-1: a subpoena is approved only with its document on file.
    const order = await http()
      .put(`/api/v1/disclosure-requests/${id}/document`)
      .set('Authorization', `Bearer ${key}`)
      .set('Content-Type', 'application/pdf')
      .send(Buffer.from('%PDF-1.7 subpoena 1:26-cv-04242'));
    expect(order.status).toBe(200);
    const legal = (path: string, body: object) =>
      http()
        .post(`/api/v1/legal/disclosure-requests/${id}/${path}`)
        .set('Authorization', `Bearer ${legalKey}`)
        .send(body);
    expect((await legal('review', { reason: 'order received' })).status).toBe(200);
    const approved = await legal('decision', { decision: 'approve', reason: 'valid subpoena' });
    expect(approved.status).toBe(200);

    const notice = await until(
      'the notice of the order in the SMTP server',
      async () =>
        sink.to(SUBSCRIBER.email).find((m) => (m.parsed.text ?? '').includes('1:26-cv-04242')) ??
        null,
    );
    expect(notice.parsed.text).toContain(reference);
    // Production waits out the order's window.
    const early = await legal('produce', {});
    expect(early.status).toBe(409);
    const status = await http()
      .get(`/api/v1/disclosure-requests/${id}`)
      .set('Authorization', `Bearer ${key}`);
    expect(JSON.stringify(status.body)).not.toContain(SUBSCRIBER.name);
    expect((status.body as { packageAvailable: boolean }).packageAvailable).toBe(false);
  });

  it('times each step the notice went through in /metrics (step and outcome labels only)', async () => {
    const res = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    const counts = stepCounts(res.text);
    const steps = ['parse', 'check', 'attribute', 'compose', 'send'];
    const ran = Object.fromEntries(steps.map((s) => [s, (counts.get(`${s}/ok`) ?? 0) > 0]));
    expect(ran).toEqual(Object.fromEntries(steps.map((s) => [s, true])));
    // The early production above was refused (the order's window is open).
    expect(counts.get('produce/error')).toBeGreaterThan(0);
    expect(counts.get('produce/ok') ?? 0).toBe(0);
    // Nothing of the subscriber, the sender or the notice is a label value.
    const stepLines = res.text.split('\n').filter((l) => l.includes('step_duration'));
    for (const secret of [...Object.values(SUBSCRIBER), reference, 'Pipeline Vendor']) {
      expect(stepLines.join('\n')).not.toContain(secret);
    }
  });
});
