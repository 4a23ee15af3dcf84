import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Role } from '../../src/common/roles';
import { Actors, seedActors, seedPeople } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { AppRoute, appRoutes, routeFor } from '../support/route-table';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Route {
  method: Method;
  path: (a: Actors) => string;
  body?: (a: Actors, role: Role) => object;
  allowed: Role[];
  // Only people make accounts and keys: these routes are tried with a session per role.
  asPerson?: true;
  // Served by middleware mounted outside Nest's controllers (Bull Board), guarded by its gate.
  outsideNest?: true;
}

const uuid = '00000000-0000-4000-8000-000000000000';

// Every guarded route with the roles that may use it; every other role must get 403.
const ROUTES: Route[] = [
  {
    method: 'get',
    path: () => '/api/v1/auth/me',
    allowed: [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/organisations',
    body: (_a, role) => ({ name: `Org by ${role} ${Math.random()}`, kind: 'vendor' }),
    allowed: [Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/organisations',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'get',
    path: (a) => `/api/v1/organisations/${a.organisationId}`,
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'patch',
    path: (a) => `/api/v1/organisations/${a.otherOrganisationId}/accreditation`,
    body: () => ({ accreditation: 'accredited', note: 'checked' }),
    allowed: [Role.Legal, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/users',
    body: (_a, role) => ({
      email: `u-${role}-${Date.now()}@isp.example`,
      displayName: 'U',
      // Legal staff make legal accounts only; an admin every other kind.
      role: role === Role.Legal ? 'legal' : 'abuse_desk',
    }),
    allowed: [Role.Admin, Role.Legal],
    asPerson: true,
  },
  { method: 'get', path: () => '/api/v1/users', allowed: [Role.Admin] },
  {
    method: 'post',
    path: () => '/api/v1/api-keys',
    body: (a, role) =>
      role === Role.Admin ? { name: 'k', organisationId: a.organisationId } : { name: 'k' },
    allowed: [Role.Complainant, Role.Admin],
    asPerson: true,
  },
  { method: 'get', path: () => '/api/v1/api-keys', allowed: [Role.Complainant, Role.Admin] },
  // A random id: allowed roles reach the handler (404), others are stopped at the guard (403).
  {
    method: 'delete',
    path: () => `/api/v1/api-keys/${uuid}`,
    allowed: [Role.Complainant, Role.Admin],
  },
  { method: 'get', path: () => '/admin/queues', allowed: [Role.Admin], outsideNest: true },
  { method: 'get', path: () => '/api/v1/lease-imports', allowed: [Role.AbuseDesk, Role.Admin] },
  // No body: allowed roles reach the handler (400, empty upload), others stop at the guard.
  {
    method: 'post',
    path: () => '/api/v1/lease-imports?source=role-matrix&format=generic-csv',
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/attribution/lookups',
    body: () => ({ lookups: [{ ip: '192.0.2.1', at: '2026-10-04T21:13:07Z' }] }),
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  // Disclosure (issue #6): only legal decides; a complainant sees only its own requests.
  { method: 'get', path: () => '/api/v1/disclosure-requests', allowed: [Role.Complainant] },
  {
    method: 'post',
    path: () => '/api/v1/disclosure-requests',
    body: () => ({}),
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/disclosure-requests/${uuid}/package`,
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/disclosure-requests/${uuid}/withdraw`,
    body: () => ({ reason: 'no longer needed' }),
    allowed: [Role.Complainant, Role.Legal],
  },
  { method: 'get', path: () => '/api/v1/legal/disclosure-requests', allowed: [Role.Legal] },
  {
    method: 'post',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}/decision`,
    body: () => ({ decision: 'approve', reason: 'valid order' }),
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}/produce`,
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => '/api/v1/legal/subscribers/SUB-NONE/identity',
    body: () => ({ purpose: 'role matrix' }),
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/messages/${uuid}/smtp-replies`,
    body: () => ({ purpose: 'role matrix' }),
    allowed: [Role.Legal],
  },
  { method: 'get', path: () => '/api/v1/legal/holds', allowed: [Role.Legal] },
  { method: 'get', path: () => '/api/v1/legal/audit', allowed: [Role.Legal] },
  // Notices: no body reaches the handler as 415/400; staff stop at the guard.
  { method: 'post', path: () => '/api/v1/notices', allowed: [Role.Complainant] },
  { method: 'get', path: () => '/api/v1/notices', allowed: [Role.Complainant] },
  { method: 'get', path: () => '/api/v1/notices/NTC-UNKNOWN', allowed: [Role.Complainant] },
  {
    method: 'get',
    path: () => '/api/v1/desk/notices',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/desk/notices/NTC-UNKNOWN',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/desk/sender-quality',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  { method: 'get', path: () => '/api/v1/desk/quarantine', allowed: [Role.AbuseDesk, Role.Admin] },
  {
    method: 'post',
    path: () => '/api/v1/desk/quarantine/NTC-UNKNOWN/accept',
    body: (a) => ({ organisationId: a.organisationId }),
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/desk/quarantine/NTC-UNKNOWN/reject',
    body: () => ({ reason: 'spam' }),
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  { method: 'get', path: () => '/api/v1/messages/dead', allowed: [Role.AbuseDesk, Role.Admin] },
  {
    method: 'post',
    path: () => `/api/v1/messages/${uuid}/retry`,
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  { method: 'get', path: () => '/api/v1/challenges', allowed: [Role.AbuseDesk, Role.Admin] },
  {
    method: 'post',
    path: () => `/api/v1/challenges/${uuid}/decision`,
    body: () => ({ decision: 'rejected', note: 'role matrix' }),
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/escalation-proposals',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'post',
    path: () => `/api/v1/escalation-proposals/${uuid}/decision`,
    body: () => ({ decision: 'declined', reasons: 'role matrix' }),
    allowed: [Role.Legal, Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/templates/preview?template=warning&regime=ca&language=en',
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  // Routes whose handlers take an id or a body: allowed roles reach the handler (404 for the
  // random id, 400 for the missing body), the others are stopped at the guard.
  {
    method: 'post',
    path: () => '/api/v1/auth/logout',
    allowed: [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  // A second legal person confirms a legal account: a key is refused by the handler.
  {
    method: 'post',
    path: () => `/api/v1/users/${uuid}/confirm`,
    allowed: [Role.Legal],
    asPerson: true,
  },
  {
    method: 'post',
    path: () => `/api/v1/users/${uuid}/disable`,
    allowed: [Role.Admin, Role.Legal],
  },
  {
    method: 'put',
    path: () => `/api/v1/disclosure-requests/${uuid}/document`,
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'get',
    path: () => `/api/v1/disclosure-requests/${uuid}`,
    allowed: [Role.Complainant],
  },
  {
    method: 'get',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}`,
    allowed: [Role.Legal],
  },
  {
    method: 'get',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}/document`,
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}/review`,
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/disclosure-requests/${uuid}/motion`,
    allowed: [Role.Legal],
  },
  { method: 'post', path: () => '/api/v1/legal/holds', allowed: [Role.Legal] },
  { method: 'post', path: () => `/api/v1/legal/holds/${uuid}/release`, allowed: [Role.Legal] },
  {
    method: 'post',
    path: () => '/api/v1/notices/NR-NOPE-0000/proceedings',
    allowed: [Role.Complainant, Role.Legal],
    // A legal key has no submit scope; a legal person is not narrowed by scopes.
    asPerson: true,
  },
  {
    method: 'post',
    path: () => '/api/v1/legal/subscribers/SUB-NOPE/export',
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => '/api/v1/desk/notices/NR-NOPE-0000/invalidate',
    allowed: [Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/desk/notices/NR-NOPE-0000/confirm',
    allowed: [Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/blocking/orders',
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'get',
    path: () => '/api/v1/blocking/orders',
    allowed: [Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'get',
    path: () => `/api/v1/blocking/orders/${uuid}`,
    allowed: [Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'put',
    path: () => `/api/v1/blocking/orders/${uuid}/document`,
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'get',
    path: () => `/api/v1/blocking/orders/${uuid}/document`,
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/blocking/orders/${uuid}/update-requests`,
    allowed: [Role.Complainant, Role.Legal],
  },
  {
    method: 'get',
    path: () => '/api/v1/blocking/exports/rpz',
    allowed: [Role.Resolver, Role.AbuseDesk, Role.Legal, Role.Admin],
  },
  {
    method: 'get',
    path: () => '/api/v1/blocking/update-requests',
    allowed: [Role.Complainant, Role.Legal, Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/blocking/orders/${uuid}/confirm`,
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/blocking/orders/${uuid}/reject`,
    allowed: [Role.Legal],
  },
  {
    method: 'post',
    path: () => `/api/v1/legal/blocking/orders/${uuid}/costs`,
    allowed: [Role.Legal],
  },
  {
    method: 'get',
    path: () => '/api/v1/legal/blocking/expiring',
    allowed: [Role.Legal, Role.AbuseDesk, Role.Admin],
  },
  {
    method: 'post',
    path: () => '/api/v1/legal/blocking/update-requests/decisions',
    allowed: [Role.Legal],
  },
  {
    method: 'get',
    path: () => '/api/v1/legal/blocking/protected',
    allowed: [Role.Legal, Role.AbuseDesk, Role.Admin],
  },
  { method: 'post', path: () => '/api/v1/legal/blocking/protected', allowed: [Role.Legal] },
  {
    method: 'post',
    path: () => '/api/v1/legal/blocking/protected/import',
    allowed: [Role.Legal],
  },
  {
    method: 'delete',
    path: () => `/api/v1/legal/blocking/protected/${uuid}`,
    allowed: [Role.Legal],
  },
  { method: 'post', path: () => '/api/v1/legal/blocking/tickets', allowed: [Role.Legal] },
];

describe('role guard matrix', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let actors: Actors;
  let people: Record<Role, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    actors = await seedActors(app);
    people = await seedPeople(app, actors.organisationId);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const cases = ROUTES.flatMap((r) =>
    Object.values(Role).map(
      (role) =>
        [
          `${r.method.toUpperCase()} ${r.path({ organisationId: ':org', otherOrganisationId: ':org' } as Actors)}`,
          role,
          r,
        ] as const,
    ),
  );

  it.each(cases)('%s as %s', async (_name, role, route) => {
    const agent = request(app.getHttpServer());
    const req = agent[route.method](route.path(actors)).set(
      'Authorization',
      // A resolver is a machine: no person holds that role, so its key tries the person's routes.
      `Bearer ${route.asPerson && role !== Role.Resolver ? people[role] : actors.keys[role]}`,
    );
    const res = route.body ? await req.send(route.body(actors, role)) : await req;
    if (route.allowed.includes(role)) {
      expect(res.status).not.toBe(401);
      expect(res.status).not.toBe(403);
      expect(res.status).toBeLessThan(500);
    } else {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('auth_role_not_allowed');
    }
  });

  it.each(ROUTES.map((r) => [r.method, r] as const))(
    '%s without credentials is 401',
    async (_m, route) => {
      const res = await request(app.getHttpServer())[route.method](route.path(actors));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('auth_missing_credentials');
    },
  );

  // The table above is checked against the application's own routes: a guarded route added
  // without a line here, or whose @Roles no longer says what the line expects, fails this test.
  it('names every guarded API route, with the roles its handler declares', () => {
    const guarded = appRoutes(app).filter(
      (r) => !r.isPublic && (r.pattern.startsWith('/api/') || r.pattern.startsWith('/admin/')),
    );
    const covered = new Set<AppRoute>();
    const wrong: string[] = [];
    for (const r of ROUTES) {
      const path = r.path(actors);
      const served = routeFor(guarded, r.method, path);
      if (!served) {
        if (!r.outsideNest) wrong.push(`${r.method.toUpperCase()} ${path}: no guarded route`);
        continue;
      }
      covered.add(served);
      // No @Roles: any signed-in caller but a resolver machine (AuthGuard).
      const declared = served.roles ?? Object.values(Role).filter((x) => x !== Role.Resolver);
      if ([...declared].sort().join() !== [...r.allowed].sort().join()) {
        wrong.push(`${r.method.toUpperCase()} ${served.pattern}: declares ${declared.join(',')}`);
      }
    }
    const missing = guarded
      .filter((r) => !covered.has(r))
      .map((r) => `${r.method.toUpperCase()} ${r.pattern} [${r.roles?.join(',') ?? 'any'}]`);
    expect(missing).toEqual([]);
    expect(wrong).toEqual([]);
  });

  it('refuses a revoked key with 401', async () => {
    const created = await request(app.getHttpServer())
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${people[Role.Complainant]}`)
      .send({ name: 'short-lived' })
      .expect(201);
    const key = created.body.key as string;
    await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${key}`)
      .expect(200);
    await request(app.getHttpServer())
      .delete(`/api/v1/api-keys/${created.body.id}`)
      .set('Authorization', `Bearer ${actors.keys[Role.Complainant]}`)
      .expect(200);
    const res = await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${key}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('auth_invalid_credentials');
  });

  it('shows a complainant only its own organisation keys, never a secret', async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/api-keys')
      .set('Authorization', `Bearer ${actors.otherComplainantKey}`)
      .expect(200);
    const keys = res.body as Array<{ organisationId: string; key?: string }>;
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => k.organisationId === actors.otherOrganisationId)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/nrk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}/);
  });

  it('does not let a complainant choose the role or organisation of a key', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${people[Role.Complainant]}`)
      .send({ name: 'escalate', role: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('api_key_scope_invalid');
  });
});
