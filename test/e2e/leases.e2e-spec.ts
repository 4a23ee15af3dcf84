import { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { Role } from '../../src/common/roles';
import { SubscribersRepository } from '../../src/modules/subscribers/subscribers.repository';
import { Actors, seedActors } from '../support/fixtures';
import { genericCsv, seedAccounts } from '../support/lease-fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { captureStdout } from '../support/capture-stdout';

// Distinctive identity values, searched for in every response, header and log line.
const SECRET = {
  name: 'Zebulon Quartermaine',
  email: 'zebulon.q@subscriber.example',
  address: '42 Secret Lane',
  account: 'ACCT-ZQ-7731',
};
const SECRET_MAC = 'aa:bb:cc:00:00:01';

interface Problem {
  type: string;
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}
interface Summary {
  importId: number;
  source: string;
  format: string;
  status: string;
  rowsRead: number;
  imported: number;
  duplicates: number;
  rejected: number;
  problems: Array<{ line: number; reason: string }>;
}
interface Attribution {
  outcome: string;
  subscriberRef: string | null;
  candidates: number;
  reason: string | null;
}

const LOOKUPS = '/api/v1/attribution/lookups';
const IMPORTS = '/api/v1/lease-imports';

describe('lease upload and attribution over HTTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let ref: string;
  const logged: string[] = [];
  let restoreStdout: (() => void) | undefined;
  const seen: string[] = [];

  const http = () => request(app.getHttpServer());
  const auth = (role: Role) => `Bearer ${actors.keys[role]}`;
  const desk = () => auth(Role.AbuseDesk);
  // Every response body, header and raw text is kept for the privacy check at the end.
  const remember = (res: request.Response): request.Response => {
    seen.push(JSON.stringify(res.body), JSON.stringify(res.headers), res.text ?? '');
    return res;
  };
  const upload = async (query: string, body: string | Buffer, type = 'text/plain') =>
    remember(
      await http()
        .post(`${IMPORTS}?${query}`)
        .set('Authorization', desk())
        .set('Content-Type', type)
        .send(body),
    );
  const lookup = async (
    lookups: Array<{ ip: string; port?: number; protocol?: string; at: string }>,
  ) => remember(await http().post(LOOKUPS).set('Authorization', desk()).send({ lookups }));
  const fieldsOf = (res: request.Response) =>
    ((res.body as Problem).errors ?? []).map((e) => e.field).sort();

  beforeAll(async () => {
    // Capture everything the app logs (pino JSON lines on stdout) at info level.
    restoreStdout = captureStdout(logged);
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url, { LOG_LEVEL: 'info' }));
    // As in main.ts: Nest's own loggers (exception filter, services) write through pino too.
    app.useLogger(app.get(Logger));
    actors = await seedActors(app);
    const refs = await seedAccounts(app, [
      {
        account: SECRET.account,
        type: 'mac',
        id: SECRET_MAC,
        name: SECRET.name,
        email: SECRET.email,
      },
      { account: 'ACCT-2', type: 'mac', id: 'aa:bb:cc:00:00:02' },
    ]);
    ref = refs[SECRET.account];
    // seedAccounts writes a fixed postal address; upsert the distinctive one (same reference).
    await app.get(SubscribersRepository).upsertBatch([
      {
        accountNumber: SECRET.account,
        regime: 'ca',
        identifiers: [{ type: 'mac', value: SECRET_MAC, validFrom: null, validUntil: null }],
        identity: {
          fullName: SECRET.name,
          email: SECRET.email,
          phone: null,
          postalAddress: SECRET.address,
          installationAddress: SECRET.address,
          language: 'en',
        },
      },
    ]);
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

  it('has the distinctive identity stored, so the privacy checks are meaningful', async () => {
    // As the admin: the service's own role cannot read the identity schema (issue 16).
    const rows: Array<{ full_name: string; email: string; postal_address: string }> =
      await db.adminQuery(
        `SELECT s.full_name, s.email, s.postal_address FROM identity.subscribers s
         JOIN subscriber_accounts a ON a.id = s.account_id WHERE a.account_number = $1`,
        [SECRET.account],
      );
    expect(rows).toEqual([
      { full_name: SECRET.name, email: SECRET.email, postal_address: SECRET.address },
    ]);
    expect(ref).toMatch(/^SUB-/);
  });

  it('imports an uploaded log and reports each bad line with its line number', async () => {
    const res = await upload('source=upload-1&format=generic-csv&maxErrorRatio=0.5', csv);
    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    const body = res.body as Summary;
    expect(body).toMatchObject({
      source: 'upload-1',
      format: 'generic-csv',
      status: 'completed',
      rowsRead: 4,
      imported: 3,
      rejected: 1,
    });
    expect(body.importId).toEqual(expect.any(Number));
    expect(body.problems).toEqual([{ line: 5, reason: expect.stringMatching(/zone/i) }]);
  });

  it('accepts a gzip upload, recognises the format and lists both imports', async () => {
    const res = await upload(
      'source=upload-gz&maxErrorRatio=0.5',
      gzipSync(Buffer.from(csv)),
      'application/gzip',
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source: 'upload-gz',
      format: 'generic-csv',
      status: 'completed',
      rowsRead: 4,
      rejected: 1,
    });
    // Same bindings as upload-1 but another source: stored again, not counted as duplicates.
    expect((res.body as Summary).imported + (res.body as Summary).duplicates).toBe(3);

    const list = remember(await http().get(IMPORTS).set('Authorization', desk()));
    expect(list.status).toBe(200);
    const imports = list.body as Summary[];
    expect(imports.find((i) => i.source === 'upload-1')).toMatchObject({
      status: 'completed',
      format: 'generic-csv',
      rowsRead: 4,
      imported: 3,
      rejected: 1,
      problems: [{ line: 5, reason: expect.any(String) }],
    });
    expect(imports.find((i) => i.source === 'upload-gz')).toMatchObject({
      status: 'completed',
      format: 'generic-csv',
    });
  });

  it('refuses an empty upload with problem+json saying so', async () => {
    const res = await upload('source=empty&format=generic-csv', '');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = res.body as Problem;
    expect(body.status).toBe(400);
    expect(body.type).toBe(`urn:notice-relay:problem:${body.code}`);
    expect(body.detail).toMatch(/empty/i);
  });

  it('refuses a corrupt gzip upload with a 400 and records the import as failed', async () => {
    const rows = Array.from(
      { length: 5000 },
      (_, i) =>
        `198.51.100.${(i % 200) + 1},32,2026-10-0${(i % 5) + 1}T10:00:00Z,,mac,aa:bb:cc:01:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
    );
    const gz = gzipSync(Buffer.from(genericCsv(rows).join('\n')));
    const res = await http()
      .post(`${IMPORTS}?source=corrupt&format=generic-csv`)
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`)
      .set('Content-Type', 'application/gzip')
      .send(gz.subarray(0, Math.floor(gz.length / 2)));
    expect(res.status).toBe(400);
    expect((res.body as Problem).code).toBe('lease_upload_corrupt');
    const list = await http()
      .get(IMPORTS)
      .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`);
    const mine = (list.body as Array<{ source: string; status: string }>).filter(
      (i) => i.source === 'corrupt',
    );
    expect(mine.map((i) => i.status)).toEqual(['failed']);
  });

  it('refuses a log sent as a form or JSON body with 415 naming the accepted types', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'application/json']) {
      const res = await http()
        .post(`${IMPORTS}?source=form&format=generic-csv`)
        .set('Authorization', `Bearer ${actors.keys[Role.AbuseDesk]}`)
        .set('Content-Type', type)
        .send(type.endsWith('json') ? '{"a":1}' : 'a=1');
      expect(res.status).toBe(415);
      expect((res.body as Problem).detail).toMatch(/text\/plain/);
    }
  });

  it('refuses an unknown format with problem+json naming the format field', async () => {
    const res = await upload('source=fmt&format=nope', csv);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body as Problem).code).toBe('validation_failed');
    expect(fieldsOf(res)).toEqual(['format']);
  });

  it('refuses a source name with forbidden characters, naming the source field', async () => {
    const res = await upload('source=bad%20name&format=generic-csv', csv);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(res)).toEqual(['source']);
    const list = await http().get(IMPORTS).set('Authorization', desk());
    expect((list.body as Summary[]).map((i) => i.source)).not.toContain('bad name');
  });

  it('aborts an upload over the error ratio and stores none of its records', async () => {
    // 1 good record and 3 bad ones: 75% rejected, over the 50% allowed.
    const body = genericCsv([
      '198.51.100.20,32,2026-10-04T20:00:00Z,2026-10-04T22:00:00Z,mac,aa:bb:cc:00:00:01',
      '198.51.100.21,32,2026-10-04 20:00:00,,mac,aa:bb:cc:00:00:01',
      '198.51.100.22,32,2026-10-04 20:00:00,,mac,aa:bb:cc:00:00:01',
      '198.51.100.23,32,2026-10-04 20:00:00,,mac,aa:bb:cc:00:00:01',
    ]).join('\n');
    const res = await upload('source=too-bad&format=generic-csv&maxErrorRatio=0.5', body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((res.body as Problem).code).toBe('lease_error_ratio_exceeded');
    expect((res.body as Problem).type).toBe('urn:notice-relay:problem:lease_error_ratio_exceeded');

    const after = await lookup([{ ip: '198.51.100.20', at: '2026-10-04T21:00:00Z' }]);
    expect(after.status).toBe(200);
    expect((after.body as Attribution[])[0].outcome).toBe('no_lease');
    expect((after.body as Attribution[])[0].subscriberRef).toBeNull();

    const list = await http().get(IMPORTS).set('Authorization', desk());
    const aborted = (list.body as Summary[]).filter((i) => i.source === 'too-bad');
    expect(aborted.every((i) => i.status !== 'completed' && i.imported === 0)).toBe(true);
  });

  it('answers lookups with a pseudonymous reference, never identity', async () => {
    const res = await lookup([
      { ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' },
      { ip: '198.51.100.6', at: '2026-10-04T21:30:00Z' },
      { ip: '198.51.100.5', port: 51413, at: '2026-10-04T23:30:00+02:00' },
      { ip: '198.51.100.7', at: '2026-10-04T21:00:00Z' },
    ]);
    expect(res.status).toBe(200);
    const results = res.body as Attribution[];
    expect(results.map((r) => r.outcome)).toEqual(['unique', 'ambiguous', 'unique', 'no_lease']);
    expect(results[0].subscriberRef).toBe(ref);
    expect(results[0].subscriberRef).toMatch(/^SUB-/);
    expect(results[2].subscriberRef).toBe(ref);
    expect(results[1].subscriberRef).toBeNull();
    expect(results[1].candidates).toBeGreaterThanOrEqual(2);
    expect(results[3].subscriberRef).toBeNull();
  });

  it.each(['2026-10-04T21:00:00', '2026-10-04T21:00Z', '04/10/2026 21:00:00', '2026-10-04'])(
    'refuses the time %p (no zone or no seconds) naming the at field',
    async (at) => {
      const res = await lookup([
        { ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' },
        { ip: '198.51.100.5', at },
      ]);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(new Set(fieldsOf(res))).toEqual(new Set(['lookups.1.at']));
    },
  );

  it("takes a lookup's transport protocol (tcp or udp) and refuses another, naming the field", async () => {
    const ok = await lookup([
      { ip: '198.51.100.5', protocol: 'udp', at: '2026-10-04T21:00:00Z' },
      { ip: '198.51.100.5', protocol: 'tcp', at: '2026-10-04T21:00:00Z' },
    ]);
    expect(ok.status).toBe(200);
    // Off CGNAT the protocol changes nothing.
    expect((ok.body as Attribution[]).map((r) => r.subscriberRef)).toEqual([ref, ref]);
    const bad = await lookup([
      { ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' },
      { ip: '198.51.100.5', protocol: 'bittorrent', at: '2026-10-04T21:00:00Z' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(bad)).toEqual(['lookups.1.protocol']);
  });

  it('takes 10,000 lookups in one batch and refuses 10,001', async () => {
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ip: `198.51.100.${5 + (i % 3)}`,
        at: '2026-10-04T21:00:00Z',
      }));
    const max = await lookup(batch(10000));
    expect(max.status).toBe(200);
    expect(max.body as Attribution[]).toHaveLength(10000);
    expect((max.body as Attribution[])[0].subscriberRef).toBe(ref);

    const big = await lookup(batch(10001));
    expect(big.status).toBe(400);
    expect(big.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(big)).toEqual(['lookups']);
  });

  it('keeps complainants out of both routes and stores nothing for them', async () => {
    const key = auth(Role.Complainant);
    const list = await http().get(IMPORTS).set('Authorization', key);
    const up = await http()
      .post(`${IMPORTS}?source=by-complainant&format=generic-csv`)
      .set('Authorization', key)
      .set('Content-Type', 'text/plain')
      .send(csv);
    const look = await http()
      .post(LOOKUPS)
      .set('Authorization', key)
      .send({ lookups: [{ ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' }] });
    for (const res of [list, up, look]) {
      remember(res);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect((res.body as Problem).code).toBe('auth_role_not_allowed');
    }
    const after = await http().get(IMPORTS).set('Authorization', desk());
    expect((after.body as Summary[]).map((i) => i.source)).not.toContain('by-complainant');
  });

  it('lets legal look up but not upload', async () => {
    const look = await http()
      .post(LOOKUPS)
      .set('Authorization', auth(Role.Legal))
      .send({ lookups: [{ ip: '198.51.100.5', at: '2026-10-04T21:00:00Z' }] });
    expect(look.status).toBe(200);
    expect((look.body as Attribution[])[0].subscriberRef).toBe(ref);
    const up = await http()
      .post(`${IMPORTS}?source=by-legal&format=generic-csv`)
      .set('Authorization', auth(Role.Legal))
      .set('Content-Type', 'text/plain')
      .send(csv);
    expect(up.status).toBe(403);
  });

  it('never shows identity in a response, a header or a log line', () => {
    // The capture works: requests to both routes were seen and logged.
    expect(seen.length).toBeGreaterThan(20);
    const lines = logged.join('');
    expect(lines).toMatch(/"path":"\/api\/v1\/attribution\/lookups"/);
    expect(lines).toMatch(/"path":"\/api\/v1\/lease-imports"/);
    expect(seen.join('\n')).toContain(ref);
    for (const secret of Object.values(SECRET)) {
      for (const text of seen) expect(text).not.toContain(secret);
      expect(lines).not.toContain(secret);
    }
  });
});
