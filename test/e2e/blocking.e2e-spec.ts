import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { Clock } from '../../src/common/time/clock';
import { Role } from '../../src/common/roles';
import { AuditRepository } from '../../src/modules/identity/audit.repository';
import { Actors, seedActors } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { LocalUnbound } from '../support/unbound';

const run = promisify(execFile);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const ZONE = 'rpz.notice-relay.';

// The "internet" the test resolvers see: names of the example. zone, reverse names of
// 192.0.2.0/24 (one address carries many unrelated sites) and a Team Cymru-style origin zone.
const EXAMPLE_ZONE = `$ORIGIN example.
$TTL 60
@ IN SOA localhost. hostmaster.localhost. 1 3600 600 864000 60
@ IN NS localhost.
open IN A 198.51.100.50
pirate IN A 198.51.100.70
www.pirate IN A 198.51.100.71
cdn.pirate IN A 198.51.100.60
mirror-one IN A 198.51.100.72
lawful IN A 198.51.100.80
`;
const REVERSE_ZONE = `$ORIGIN 2.0.192.in-addr.arpa.
$TTL 60
@ IN SOA localhost. hostmaster.localhost. 1 3600 600 864000 60
@ IN NS localhost.
20 IN PTR shop-a.example.
20 IN PTR blog-b.example.
20 IN PTR clinic-c.example.
20 IN PTR school-d.example.
21 IN PTR mirror-two.example.
`;
const ORIGIN_ZONE = `$ORIGIN origin.asn.cymru.com.
$TTL 60
@ IN SOA localhost. hostmaster.localhost. 1 3600 600 864000 60
@ IN NS localhost.
22.2.0.192 IN TXT "64500 | 192.0.2.0/24 | ZZ | test | 2020-01-01"
`;

describe('blocking register over HTTP, with real unbound and named-checkzone', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let lookups: LocalUnbound;
  let dir: string;
  let orderId: string;
  let orderRef: string;
  const http = () => request(app.getHttpServer());
  const as = (role: Role) => `Bearer ${actors.keys[role]}`;
  const post = (role: Role, path: string, body: object) =>
    http().post(path).set('Authorization', as(role)).send(body);
  const get = (role: Role, path: string) => http().get(path).set('Authorization', as(role));

  const order = (over: Record<string, unknown> = {}) => ({
    court: 'Tribunal de grande instance de Paris',
    jurisdiction: 'fr',
    caseNumber: 'RG 11/60013',
    orderDate: '2026-11-28',
    claimants: ['APC', 'FNDF', 'SEVN'],
    ispNamed: 'Example Access SA',
    measures: ['dns', 'ip'],
    implementationDays: 15,
    durationMonths: 12,
    costBearer: 'rights_holders',
    updateBasis: 'authority',
    howToContest: 'Saisir le tribunal judiciaire de Paris (référé) ; contact : legal@isp.example',
    targets: ['pirate.example', '203.0.113.9', '104.16.1.1'],
    ...over,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nr-blocking-'));
    lookups = await LocalUnbound.start({
      // unbound answers the documentation ranges' reverse zones itself unless told not to.
      server: ['local-zone: "2.0.192.in-addr.arpa." nodefault'],
      zones: {
        'example.': EXAMPLE_ZONE,
        '2.0.192.in-addr.arpa.': REVERSE_ZONE,
        'origin.asn.cymru.com.': ORIGIN_ZONE,
      },
    });
    db = await createTestDatabase();
    app = await createTestApp(
      testConfig(db.url, { BLOCKING_RESOLVER: lookups.address, BLOCKING_RPZ_ZONE: ZONE }),
    );
    actors = await seedActors(app);
    app.get(Clock).now = () => new Date('2026-12-01T10:00:00Z');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await lookups?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads a CDN ranges file and names every bad line of a bad one, loading none', async () => {
    const cdn = '104.16.0.0/13\n2606:4700::/32\n';
    const ok = await http()
      .post('/api/v1/legal/blocking/protected/import?source=cdn-v4&asn=13335')
      .set('Authorization', as(Role.Legal))
      .set('Content-Type', 'text/plain')
      .send(cdn);
    expect([ok.status, ok.body]).toEqual([
      200,
      { source: 'cdn-v4', read: 2, added: 2, removed: 0 },
    ]);
    const bad = await http()
      .post('/api/v1/legal/blocking/protected/import?source=bad')
      .set('Authorization', as(Role.Legal))
      .set('Content-Type', 'text/plain')
      .send('fqdn fine.example\ncidr 10.0.0.0/99\n');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'line 2', message: expect.stringContaining('prefix') },
    ]);
    for (const e of [
      { value: 'cdn.pirate.example', note: 'customer service on shared name' },
      { value: 'lawful.example', note: 'licensed IPTV' },
      { kind: 'asn', value: '64500', note: 'hosting provider' },
    ]) {
      expect((await post(Role.Legal, '/api/v1/legal/blocking/protected', e)).status).toBe(201);
    }
    expect(
      (await post(Role.Complainant, '/api/v1/legal/blocking/protected', { value: 'x.example' }))
        .status,
    ).toBe(403);
    const temp = await post(Role.Legal, '/api/v1/legal/blocking/protected', {
      value: 'temp.example',
    });
    const removed = await http()
      .delete(`/api/v1/legal/blocking/protected/${temp.body.id}`)
      .set('Authorization', as(Role.Legal))
      .send({ reason: 'entered by mistake' });
    expect([removed.status, removed.body.value]).toEqual([200, 'temp.example']);
    const gone = await http()
      .delete(`/api/v1/legal/blocking/protected/${temp.body.id}`)
      .set('Authorization', as(Role.Legal))
      .send({ reason: 'again' });
    expect(gone.status).toBe(404);
    const list = await get(Role.AbuseDesk, '/api/v1/legal/blocking/protected');
    expect(list.body.map((p: { kind: string; value: string }) => `${p.kind} ${p.value}`)).toEqual([
      'asn 64500',
      'cidr 104.16.0.0/13',
      'cidr 2606:4700::/32',
      'fqdn cdn.pirate.example',
      'fqdn lawful.example',
    ]);
  });

  it('refuses an address target when the order orders DNS blocking only', async () => {
    const res = await post(
      Role.Complainant,
      '/api/v1/blocking/orders',
      order({ measures: ['dns'] }),
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('blocking_measure_not_ordered');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('takes counsel’s order for legal to confirm; the PDF is frozen with its hash', async () => {
    const res = await post(Role.Complainant, '/api/v1/blocking/orders', order());
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('submitted');
    expect(res.body.costs).toBeUndefined();
    expect(
      res.body.targets.map((t: { value: string; status: string }) => `${t.value} ${t.status}`),
    ).toEqual(['pirate.example pending', '104.16.1.1 pending', '203.0.113.9 pending']);
    orderId = res.body.id;
    orderRef = res.body.reference;
    const put = () =>
      http()
        .put(`/api/v1/blocking/orders/${orderId}/document`)
        .set('Authorization', as(Role.Complainant))
        .set('Content-Type', 'application/pdf')
        .send(PDF);
    const first = await put();
    expect(first.status).toBe(200);
    expect(first.body.documentSha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await put();
    expect([again.status, again.body.code]).toEqual([409, 'blocking_document_frozen']);
    const other = await http()
      .get(`/api/v1/blocking/orders/${orderId}`)
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`);
    expect(other.status).toBe(404);
  });

  it('confirms the order: targets take effect now, a protected address is refused as shared infrastructure', async () => {
    const res = await post(Role.Legal, `/api/v1/legal/blocking/orders/${orderId}/confirm`, {
      reason: 'order served on us',
    });
    expect([res.status, res.body.detail]).toEqual([200, undefined]);
    const byValue = Object.fromEntries(
      res.body.targets.map((t: { value: string }) => [t.value, t]),
    );
    expect(byValue['pirate.example']).toMatchObject({
      status: 'active',
      effectiveFrom: '2026-12-01T10:00:00.000Z',
      implementBy: '2026-12-16T10:00:00.000Z',
    });
    expect(byValue['203.0.113.9'].status).toBe('active');
    expect(byValue['104.16.1.1']).toMatchObject({
      status: 'refused',
      refusalReason: expect.stringContaining('shared_infrastructure'),
    });
    expect(res.body.costs).toEqual([]);
  });

  let requestIds: Record<string, string> = {};
  it('takes counsel’s mirror proposals with flags from the resolver, and applies none of them', async () => {
    const evidence = {
      description: 'same catalogue and layout as pirate.example',
      pageSha256: 'a'.repeat(64),
      seenAt: '2026-11-30T20:00:00Z',
    };
    const res = await post(Role.Complainant, `/api/v1/blocking/orders/${orderId}/update-requests`, {
      targets: [
        'mirror-one.example',
        '192.0.2.20',
        '192.0.2.22',
        '198.51.100.0/22',
        '104.18.0.9',
        'notamirror.example',
      ].map((value) => ({ value, mirrorOf: 'pirate.example', evidence })),
    });
    expect(res.status).toBe(201);
    requestIds = Object.fromEntries(
      res.body.map((r: { value: string; id: string }) => [r.value, r.id]),
    );
    const flags = Object.fromEntries(
      res.body.map((r: { value: string; flags: string[] }) => [r.value, r.flags]),
    );
    expect(flags['192.0.2.20']).toEqual([expect.stringContaining('4 unrelated names')]);
    expect(flags['192.0.2.22']).toEqual([expect.stringContaining('AS64500')]);
    expect(flags['mirror-one.example']).toEqual([]);
    expect(res.body.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    // Legal's deadline to decide: the order's 15 implementation days from submission.
    expect(new Set(res.body.map((r: { decideBy: string }) => r.decideBy))).toEqual(
      new Set(['2026-12-16T10:00:00.000Z']),
    );
    const rpz = await get(Role.Legal, '/api/v1/blocking/exports/rpz');
    expect(rpz.text).not.toContain('mirror-one');
    const mine = await get(Role.Complainant, '/api/v1/blocking/update-requests');
    expect(mine.body).toHaveLength(6);
    const theirs = await http()
      .get('/api/v1/blocking/update-requests')
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`);
    expect(theirs.body).toEqual([]);
  });

  it('decides in bulk: approval cites its basis, protected and too-wide targets are refused, an override is kept', async () => {
    const wrongBasis = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: [requestIds['mirror-one.example']],
      decision: 'approve',
      basis: { kind: 'agreement', reference: 'AGR-1' },
      reason: 'x',
    });
    expect([wrongBasis.status, wrongBasis.body.code]).toEqual([400, 'blocking_basis_not_allowed']);
    const noBasis = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: [requestIds['mirror-one.example']],
      decision: 'approve',
      reason: 'x',
    });
    expect(noBasis.status).toBe(400);
    const bulk = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: ['mirror-one.example', '192.0.2.20', '192.0.2.22', '198.51.100.0/22'].map(
        (v) => requestIds[v],
      ),
      decision: 'approve',
      basis: { kind: 'authority', reference: 'ARCOM-2026-0042' },
      reason: 'characterised as mirrors by the authority',
    });
    expect(bulk.status).toBe(200);
    const out = Object.fromEntries(
      bulk.body.map((o: { value: string; status: string; refusalGround: string | null }) => [
        o.value,
        `${o.status} ${o.refusalGround}`,
      ]),
    );
    expect(out).toEqual({
      'mirror-one.example': 'approved null',
      '192.0.2.20': 'approved null',
      '192.0.2.22': 'refused shared_infrastructure',
      '198.51.100.0/22': 'refused shared_infrastructure',
    });
    const refuse = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: [requestIds['notamirror.example']],
      decision: 'refuse',
      ground: 'not_a_mirror',
      reason: 'different catalogue',
    });
    expect(refuse.body[0]).toMatchObject({ status: 'refused', refusalGround: 'not_a_mirror' });
    const override = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: [requestIds['104.18.0.9']],
      decision: 'approve',
      basis: { kind: 'court_order', reference: 'RG 26/00077' },
      reason: 'named in the new order',
      overrideJustification: 'the court found this address dedicated to the infringing service',
    });
    expect(override.body[0]).toMatchObject({
      status: 'approved',
      override: 'the court found this address dedicated to the infringing service',
    });
    const again = await post(Role.Legal, '/api/v1/legal/blocking/update-requests/decisions', {
      ids: [requestIds['mirror-one.example']],
      decision: 'refuse',
      ground: 'other',
      reason: 'x',
    });
    expect(again.status).toBe(409);
    const mine = await get(Role.Complainant, '/api/v1/blocking/update-requests?status=approved');
    expect(mine.body.find((r: { value: string }) => r.value === '104.18.0.9')).toMatchObject({
      overridden: true,
      overrideJustification: 'the court found this address dedicated to the infringing service',
    });
    expect(mine.body.map((r: { value: string }) => r.value).sort()).toEqual([
      '104.18.0.9',
      '192.0.2.20',
      'mirror-one.example',
    ]);
    expect(
      mine.body.find((r: { value: string }) => r.value === 'mirror-one.example'),
    ).toMatchObject({
      basis: { kind: 'authority', reference: 'ARCOM-2026-0042' },
      implementBy: '2026-12-16T10:00:00.000Z',
    });
  });

  it('serves exports to a resolver key only, deterministic for a state, serial bumped on change', async () => {
    const first = await get(Role.Resolver, '/api/v1/blocking/exports/rpz');
    expect(first.status).toBe(200);
    const serial = Number(first.headers['x-blocking-serial']);
    const second = await get(Role.Resolver, '/api/v1/blocking/exports/rpz');
    expect(second.text).toBe(first.text);
    expect(first.text).toContain(`hostmaster.localhost. ${serial} `);
    for (const path of [
      '/api/v1/blocking/orders',
      '/api/v1/auth/me',
      '/api/v1/legal/blocking/protected',
    ]) {
      expect([path, (await get(Role.Resolver, path)).status]).toEqual([path, 403]);
    }
    expect((await get(Role.Complainant, '/api/v1/blocking/exports/rpz')).status).toBe(403);
    expect((await http().get('/api/v1/blocking/exports/rpz')).status).toBe(401);
    expect((await get(Role.Resolver, '/api/v1/blocking/exports/bind9')).status).toBe(404);
    const csv = await get(Role.Resolver, '/api/v1/blocking/exports/csv');
    expect(csv.text.split('\n').slice(1)).toEqual([
      'family,range,orders',
      `4,104.18.0.9,${orderRef}`,
      `4,192.0.2.20,${orderRef}`,
      `4,203.0.113.9,${orderRef}`,
      '',
    ]);
    const json = await get(Role.Resolver, '/api/v1/blocking/exports/json');
    expect(json.body.names).toEqual(['mirror-one.example', 'pirate.example']);
    const unbound = await get(Role.Resolver, '/api/v1/blocking/exports/unbound');
    expect(unbound.text).toContain('local-zone: "cdn.pirate.example." transparent');
    const dnsmasq = await get(Role.Resolver, '/api/v1/blocking/exports/dnsmasq');
    expect(dnsmasq.text).toContain('address=/pirate.example/192.0.2.80');
    // Reading as a resolver records the targets as implemented.
    const detail = await get(Role.Legal, `/api/v1/blocking/orders/${orderId}`);
    expect(
      detail.body.targets.find((t: { value: string }) => t.value === 'pirate.example')
        .firstExportedAt,
    ).toBe('2026-12-01T10:00:00.000Z');
    // A change (a new protected name covering a blocked one) bumps the serial.
    await post(Role.Legal, '/api/v1/legal/blocking/protected', {
      value: 'mirror-one.example',
      note: 'shown lawful',
    });
    const third = await get(Role.Resolver, '/api/v1/blocking/exports/rpz');
    expect(Number(third.headers['x-blocking-serial'])).toBe(serial + 1);
    expect(third.text).not.toContain('mirror-one');
  });

  it('writes an RPZ that named-checkzone accepts and that a real unbound applies', async () => {
    const rpz = (await get(Role.Resolver, '/api/v1/blocking/exports/rpz')).text;
    const file = join(dir, 'blocking.rpz');
    await writeFile(file, rpz);
    const check = await run('named-checkzone', [ZONE, file]);
    expect(check.stdout).toMatch(/loaded serial \d+\nOK/);
    const resolver = await LocalUnbound.start({
      zones: { 'example.': EXAMPLE_ZONE },
      rpz: { name: ZONE, text: rpz },
    });
    try {
      const r = resolver.resolver();
      expect(await r.resolve4('pirate.example')).toEqual(['192.0.2.80']);
      expect(await r.resolve4('www.pirate.example')).toEqual(['192.0.2.80']);
      expect(await r.resolve4('open.example')).toEqual(['198.51.100.50']);
      expect(await r.resolve4('cdn.pirate.example')).toEqual(['198.51.100.60']);
      expect(await r.resolve4('lawful.example')).toEqual(['198.51.100.80']);
      expect(await r.resolve4('mirror-one.example')).toEqual(['198.51.100.72']);
    } finally {
      await resolver.stop();
    }
  });

  it('shows the stop page in the order’s language, storing and tracking nothing', async () => {
    const res = await http().get('/stop').set('Host', 'www.pirate.example');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain('<html lang="fr">');
    expect(res.text).toContain('Tribunal de grande instance de Paris');
    expect(res.text).toContain('RG 11/60013');
    expect(res.text).toContain('2026-11-28');
    expect(res.text).toContain('Saisir le tribunal judiciaire de Paris');
    expect(res.text).not.toMatch(/<script|<img|<link/i);
    const open = await http().get('/stop').set('Host', 'open.example');
    expect(open.text).toContain('No blocking order in force covers this name.');
  });

  it('imports a ticket: each item processed or unprocessed with its reason, the 30-minute clock shown', async () => {
    const ticket = {
      ticketId: 'PS-2026-000123',
      reporter: 'Example League',
      order: orderRef,
      reportedAt: '2026-12-01T09:50:00Z',
      fqdns: ['live-stream.example', 'pirate.example', 'lawful.example', 'bad name'],
      ipv4: ['203.0.113.77', '10.0.0.0/8'],
      eventWindow: { startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-01T12:00:00Z' },
    };
    const res = await post(Role.Legal, '/api/v1/legal/blocking/tickets', ticket);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      elapsedSeconds: 600,
      withinThirtyMinutes: true,
      order: orderRef,
    });
    expect(
      res.body.items.map(
        (i: { value: string; outcome: string; reason: string | null }) =>
          `${i.value} ${i.outcome} ${i.reason}`,
      ),
    ).toEqual([
      'live-stream.example processed null',
      'pirate.example unprocessed already_blocked',
      'lawful.example unprocessed protected',
      'bad name unprocessed refused',
      '203.0.113.77 processed null',
      '10.0.0.0/8 unprocessed refused',
    ]);
    const dup = await post(Role.Legal, '/api/v1/legal/blocking/tickets', ticket);
    expect(dup.status).toBe(409);
    const noOrder = await post(Role.Legal, '/api/v1/legal/blocking/tickets', {
      ...ticket,
      ticketId: 'PS-2',
      order: 'BO-NONE',
    });
    expect(
      noOrder.body.items.every(
        (i: { reason: string }) => i.reason === 'no_order' || i.reason === 'refused',
      ),
    ).toBe(true);
    const invalid = await post(Role.Legal, '/api/v1/legal/blocking/tickets', {
      reporter: 'x',
      fqdns: 'a.example',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'ticketId',
      'fqdns',
    ]);
    // The ticket's window: after it ends, the name leaves the export.
    expect((await get(Role.Legal, '/api/v1/blocking/exports/json')).body.names).toContain(
      'live-stream.example',
    );
    app.get(Clock).now = () => new Date('2026-12-01T12:00:01Z');
    expect((await get(Role.Legal, '/api/v1/blocking/exports/json')).body.names).not.toContain(
      'live-stream.example',
    );
    app.get(Clock).now = () => new Date('2026-12-01T10:00:00Z');
  });

  it('switches a live-event order on and off with its windows, and expires an order at its end', async () => {
    const live = await post(
      Role.Legal,
      '/api/v1/blocking/orders',
      order({
        caseNumber: 'RG 26/live',
        measures: ['dns'],
        targets: ['match-stream.example'],
        durationMonths: undefined,
        updateBasis: 'court_order',
        eventWindows: [
          {
            label: 'match day 1',
            startsAt: '2026-12-05T19:00:00Z',
            endsAt: '2026-12-05T21:30:00Z',
          },
          {
            label: 'match day 2',
            startsAt: '2026-12-12T19:00:00Z',
            endsAt: '2026-12-12T21:30:00Z',
          },
        ],
      }),
    );
    expect(live.status).toBe(201);
    expect(live.body).toMatchObject({ status: 'confirmed', endsAt: '2026-12-12T21:30:00.000Z' });
    const namesAt = async (iso: string) => {
      app.get(Clock).now = () => new Date(iso);
      return (await get(Role.Legal, '/api/v1/blocking/exports/json')).body.names as string[];
    };
    expect(await namesAt('2026-12-05T18:59:59Z')).not.toContain('match-stream.example');
    expect(await namesAt('2026-12-05T20:00:00Z')).toContain('match-stream.example');
    expect(await namesAt('2026-12-06T20:00:00Z')).not.toContain('match-stream.example');
    expect(await namesAt('2026-12-12T21:00:00Z')).toContain('match-stream.example');
    const expiring = await get(Role.AbuseDesk, '/api/v1/legal/blocking/expiring');
    expect(expiring.body.map((o: { reference: string }) => o.reference)).toEqual([
      live.body.reference,
    ]);
    // The first order (12 months from 2026-11-28) is gone at its end, with no job run.
    expect(await namesAt('2027-11-27T23:00:00Z')).toContain('pirate.example');
    expect(await namesAt('2027-11-28T00:00:01Z')).not.toContain('pirate.example');
    app.get(Clock).now = () => new Date('2026-12-01T10:00:00Z');
  });

  it('keeps cost lines for legal only, and every step in a verified audit chain', async () => {
    const cost = await post(Role.Legal, `/api/v1/legal/blocking/orders/${orderId}/costs`, {
      incurredOn: '2026-12-01',
      description: 'resolver configuration',
      hours: 1.5,
      amountCents: 12000,
      currency: 'EUR',
    });
    expect(cost.status).toBe(201);
    expect((await get(Role.Legal, `/api/v1/blocking/orders/${orderId}`)).body.costs).toEqual([
      expect.objectContaining({ hours: 1.5, amountCents: 12000 }),
    ]);
    expect(
      (await get(Role.Complainant, `/api/v1/blocking/orders/${orderId}`)).body.costs,
    ).toBeUndefined();
    const audit = app.get(AuditRepository);
    const actions = (await audit.list({ limit: 500 })).map((e) => e.action);
    for (const a of [
      'blocking.protected_loaded',
      'blocking.protected_added',
      'blocking.order_submitted',
      'blocking.document_stored',
      'blocking.order_confirmed',
      'blocking.update_proposed',
      'blocking.update_approved',
      'blocking.update_refused',
      'blocking.export_changed',
      'blocking.ticket_imported',
      'blocking.order_recorded',
      'blocking.cost_recorded',
    ]) {
      expect([a, actions.includes(a)]).toEqual([a, true]);
    }
    expect((await audit.verify()).ok).toBe(true);
  });
});
