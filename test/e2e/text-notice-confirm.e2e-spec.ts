import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../../src/common/roles';
import { Actors, seedActors } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 15 §3 over HTTP: a notice in plain text is read, its items wait for the desk, which
// sees the lines they came from and confirms them.
const TEXT_MAIL = [
  'From: notices@vendor.example',
  'To: abuse@isp.example',
  'Subject: Copyright notice T-60',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Notice ID: T-60',
  'Copyright Owner: Owner A',
  'Contact E-mail: notices@vendor.example',
  'Title: The Long Road Home',
  'Protocol: BitTorrent',
  'IP Address: 203.0.113.60',
  'Port: 51413',
  'Timestamp: 2026-11-02 08:15:07 UTC',
  '',
].join('\r\n');

describe('notices read from plain text over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    actors = await seedActors(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('holds the items, shows their lines to the desk and goes on once confirmed', async () => {
    const sent = await http()
      .post('/api/v1/notices')
      .set('Authorization', `Bearer ${actors.keys[Role.Complainant]}`)
      .set('Content-Type', 'message/rfc822')
      .send(Buffer.from(TEXT_MAIL));
    expect(sent.status).toBe(202);
    const reference = (sent.body as { reference: string }).reference;
    expect(sent.body).toMatchObject({
      format: 'text',
      caseId: 'T-60',
      items: [{ status: 'held', reasonCode: 'awaiting_confirmation', ip: '203.0.113.60' }],
    });

    const desk = await http()
      .get(`/api/v1/desk/notices/${reference}`)
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`);
    expect(desk.status).toBe(200);
    const lines = (desk.body as { items: Array<{ readFromText: string[] }> }).items[0].readFromText;
    expect(lines).toEqual(expect.arrayContaining(['IP Address: 203.0.113.60', 'Port: 51413']));

    const confirm = (role: Role) =>
      http()
        .post(`/api/v1/desk/notices/${reference}/confirm`)
        .set('Authorization', `Bearer ${actors.keys[role]}`);
    expect((await confirm(Role.Legal)).status).toBe(403);
    const done = await confirm(Role.AbuseDesk);
    expect(done.status).toBe(200);
    expect(['accepted', 'attributed', 'not_forwarded']).toContain(
      (done.body as { items: Array<{ status: string }> }).items[0].status,
    );
    const again = await confirm(Role.AbuseDesk);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'notice_nothing_held' });
  });
});
