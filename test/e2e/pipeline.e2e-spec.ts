import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Accreditation, OrganisationKind, Role } from '../../src/modules/accounts/entities/roles';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { drainIntake } from '../support/intake-fixtures';
import { genericCsv, importText, seedAccounts } from '../support/lease-fixtures';
import { SmtpSink } from '../support/smtp-sink';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// The whole path across modules, with real PostgreSQL, Redis and an SMTP server: a notice in by
// the API, attributed by the intake worker, digested and mailed by messaging, and the sender's
// receipt turning to "forwarded" (SN-1, SN-2) without ever naming the subscriber.
const SUBSCRIBER = {
  name: 'Ottoline Varga',
  email: 'o.varga@subscriber.example',
  account: 'ACCT-OV-7',
};

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

  beforeAll(async () => {
    sink = await SmtpSink.start();
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, {
        SMTP_URL: sink.url,
        MAIL_DIGEST_WINDOW_SECONDS: '0',
        MAIL_POLL_MS: '200',
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
    const reference = (submitted.body as { reference: string }).reference;
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
});
