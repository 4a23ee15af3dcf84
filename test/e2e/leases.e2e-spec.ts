import { INestApplication } from '@nestjs/common';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { Role } from '../../src/modules/accounts/entities/roles';
import { Actors, seedActors } from '../support/fixtures';
import { genericCsv, seedAccounts } from '../support/lease-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Distinctive identity values, searched for in every response and log line.
const SECRET = {
  name: 'Zebulon Quartermaine',
  email: 'zebulon.q@subscriber.example',
  account: 'ACCT-ZQ-7731',
};

describe('lease upload and attribution over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let ref: string;
  const logged: string[] = [];
  let restoreStdout: () => void;
  const seen: string[] = [];

  const desk = () => `Bearer ${actors.keys[Role.AbuseDesk]}`;
  const remember = (res: request.Response) => {
    seen.push(JSON.stringify(res.body), JSON.stringify(res.headers), res.text ?? '');
    return res;
  };

  beforeAll(async () => {
    // Capture everything the app logs (JSON lines on stdout) at info level.
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
    restoreStdout = () => {
      process.stdout.write = write;
    };
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { LOG_LEVEL: 'info' }));
    actors = await seedActors(app);
    const refs = await seedAccounts(app, [
      {
        account: SECRET.account,
        type: 'mac',
        id: 'aa:bb:cc:00:00:01',
        name: SECRET.name,
        email: SECRET.email,
      },
      { account: 'ACCT-2', type: 'mac', id: 'aa:bb:cc:00:00:02' },
    ]);
    ref = refs[SECRET.account];
  });

  afterAll(async () => {
    restoreStdout?.();
    await app?.close();
    await db?.drop();
  });

  const csv = genericCsv([
    '198.51.100.5,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
    '198.51.100.6,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
    '198.51.100.6,32,2026-10-04T21:00:00Z,2026-10-04T23:00:00Z,mac,aa:bb:cc:00:00:02',
    '198.51.100.7,32,2026-10-04 20:00:00,,mac,aa:bb:cc:00:00:02',
  ]).join('\n');

  it('imports an uploaded log and reports each bad line', async () => {
    const res = remember(
      await request(app.getHttpServer())
        .post('/api/v1/lease-imports?source=upload-1&format=generic-csv&maxErrorRatio=0.5')
        .set('Authorization', desk())
        .set('Content-Type', 'text/plain')
        .send(csv),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'completed', rowsRead: 4, imported: 3, rejected: 1 });
    expect(res.body.problems).toEqual([{ line: 5, reason: expect.stringMatching(/zone/i) }]);
  });

  it('accepts a gzip upload and recognises the format', async () => {
    const res = remember(
      await request(app.getHttpServer())
        .post('/api/v1/lease-imports?source=upload-gz&maxErrorRatio=0.5')
        .set('Authorization', desk())
        .set('Content-Type', 'application/gzip')
        .send(gzipSync(Buffer.from(csv))),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ format: 'generic-csv', imported: 3 });
    const list = remember(
      await request(app.getHttpServer()).get('/api/v1/lease-imports').set('Authorization', desk()),
    );
    expect(list.body.map((i: { source: string }) => i.source)).toEqual(
      expect.arrayContaining(['upload-1', 'upload-gz']),
    );
  });

  it('refuses bad uploads with problem+json and stores nothing', async () => {
    const empty = await request(app.getHttpServer())
      .post('/api/v1/lease-imports?source=empty')
      .set('Authorization', desk())
      .set('Content-Type', 'text/plain')
      .send('');
    expect(empty.status).toBe(400);
    expect(empty.headers['content-type']).toMatch(/problem\+json/);

    const badQuery = await request(app.getHttpServer())
      .post('/api/v1/lease-imports?source=bad%20name&format=nope')
      .set('Authorization', desk())
      .send('x');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'format',
      'source',
    ]);

    const tooBad = await request(app.getHttpServer())
      .post('/api/v1/lease-imports?source=too-bad&format=generic-csv&maxErrorRatio=0.1')
      .set('Authorization', desk())
      .set('Content-Type', 'text/plain')
      .send(genericCsv(['198.51.100.9,32,2026-10-04 20:00:00,,mac,aa:bb:cc:00:00:09']).join('\n'));
    expect(tooBad.status).toBe(400);
    expect(tooBad.body.code).toBe('lease_error_ratio_exceeded');
    const after = await request(app.getHttpServer())
      .post('/api/v1/attribution/lookups')
      .set('Authorization', desk())
      .send({ lookups: [{ ip: '198.51.100.9', at: '2026-10-04T21:00:00Z' }] });
    expect(after.body[0].outcome).toBe('no_lease');
  });

  it('answers lookups with a pseudonymous reference, never identity', async () => {
    const res = remember(
      await request(app.getHttpServer())
        .post('/api/v1/attribution/lookups')
        .set('Authorization', desk())
        .send({
          lookups: [
            { ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' },
            { ip: '198.51.100.6', at: '2026-10-04T21:30:00Z' },
            { ip: '198.51.100.5', port: 51413, at: '2026-10-04T23:30:00+02:00' },
          ],
        }),
    );
    expect(res.status).toBe(200);
    expect(res.body.map((r: { outcome: string }) => r.outcome)).toEqual([
      'unique',
      'ambiguous',
      'unique',
    ]);
    expect(res.body[0].subscriberRef).toBe(ref);
    expect(res.body[1].subscriberRef).toBeNull();
  });

  it('refuses times without zone or seconds, and oversized batches', async () => {
    for (const at of ['2026-10-04T21:00:00', '2026-10-04T21:00Z', '04/10/2026 21:00:00']) {
      const res = await request(app.getHttpServer())
        .post('/api/v1/attribution/lookups')
        .set('Authorization', desk())
        .send({ lookups: [{ ip: '198.51.100.5', at }] });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('lookups.0.at');
    }
    const many = Array.from({ length: 10001 }, () => ({
      ip: '198.51.100.5',
      at: '2026-10-04T21:00:00Z',
    }));
    const big = await request(app.getHttpServer())
      .post('/api/v1/attribution/lookups')
      .set('Authorization', desk())
      .send({ lookups: many });
    expect(big.status).toBe(400);
  });

  it('keeps complainants out of both routes', async () => {
    const key = `Bearer ${actors.keys[Role.Complainant]}`;
    const a = await request(app.getHttpServer())
      .get('/api/v1/lease-imports')
      .set('Authorization', key);
    const b = await request(app.getHttpServer())
      .post('/api/v1/attribution/lookups')
      .set('Authorization', key)
      .send({ lookups: [{ ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' }] });
    expect([a.status, b.status]).toEqual([403, 403]);
  });

  it('never shows identity in a response or a log line', () => {
    expect(seen.length).toBeGreaterThan(5);
    expect(logged.length).toBeGreaterThan(5);
    for (const text of [...seen, ...logged]) {
      for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
    }
  });
});
