import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import fc from 'fast-check';
import { Role } from '../../src/common/roles';
import { ROLES_KEY } from '../../src/modules/auth/auth.decorators';
import { SESSION_COOKIE } from '../../src/modules/auth/authenticator.service';
import { seedActors, seedPeople } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { listen, RawResponse, send } from './attack-client';

// Attack: a NUL byte in a reference, or a huge `page`/`offset`, answered 500. This fuzzes the
// path and query parameters of every route the application serves (read from the Express
// router, so a new route is covered without touching this file; the OpenAPI document adds each
// API route's own query parameters) with an authenticated principal of each role, and expects
// no 5xx. The seed is printed; replay a failure with FUZZ_SEED=<seed>. FUZZ_RUNS and
// FUZZ_SECONDS change the budget (default: 2500 requests, at most 45 s).

interface RouteInfo {
  method: string;
  // Express path with :name placeholders.
  path: string;
  params: string[];
  query: string[];
  // The roles the route admits (from its @Roles), to aim the first examples past the guard.
  roles: Role[];
}

// Query names every route is tried with (portal lists and filters read these directly).
const COMMON_QUERY = [
  'page',
  'offset',
  'limit',
  'q',
  'status',
  'ref',
  'reference',
  'format',
  'done',
  'from',
  'to',
  'since',
  'before',
  'beforeSeq',
  'sort',
  'kind',
  'role',
];

// Routes left out, and why: the session-ending routes would sign the fuzzing principal out
// (the rest of the run would only see 401s); Swagger UI and Bull Board are third-party apps.
const SKIP = [
  /^\/api\/v1\/auth\/logout/,
  /^\/portal\/sign-out/,
  /^\/api\/docs/,
  /^\/admin\/queues/,
];

// A catch-all route also answers CONNECT, TRACE and the like; these are what clients send.
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

interface Value {
  text: string;
  // Sent as is, unencoded: malformed percent-encoding and the like.
  raw: boolean;
}

const HOSTILE = [
  '\u0000',
  'DR-\u0000ABC',
  'a\u0000b',
  '00000000-0000-4000-8000-00000000000\u0000',
  '9'.repeat(40),
  '99999999999999999999',
  '1e309',
  '-1',
  '-99999999999',
  '0',
  'NaN',
  'Infinity',
  '1.5',
  '0x1F',
  ' ',
  '',
  '../../etc/passwd',
  '%00',
  "'; SELECT 1; --",
  'x'.repeat(5000),
  '\uFFFF',
  '\uD83D\uDE00',
  '[object Object]',
  '2026-02-30T25:61:61Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
const RAW = ['%', '%zz', '%E0%A4%A', '%C0%80', '%FF', '%00', '%u0000'];

const valueArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE).map((text) => ({ text, raw: false })) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW).map((text) => ({ text, raw: true })) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }).map(plain) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(plain) },
  { weight: 2, arbitrary: fc.bigInt().map((n) => plain(n.toString())) },
  { weight: 1, arbitrary: fc.integer().map((n) => plain(String(n))) },
  { weight: 1, arbitrary: fc.double().map((n) => plain(String(n))) },
  { weight: 1, arbitrary: fc.uuid().map(plain) },
);

function plain(text: string): Value {
  return { text, raw: false };
}

// Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send).
function pct(v: Value): string {
  if (v.raw) return v.text;
  return [...Buffer.from(v.text, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

interface ExpressLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

// `METHOD /path` -> roles, read from the controllers' metadata.
function rolesByRoute(app: INestApplication): Map<string, Role[]> {
  const out = new Map<string, Role[]>();
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')}`;
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!ctrl) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, ctrl) as string | string[]].flat();
      const ctrlRoles = Reflect.getMetadata(ROLES_KEY, ctrl) as Role[] | undefined;
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const own = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ?? ctrlRoles;
        for (const b of base) {
          for (const o of own) {
            out.set(`${RequestMethod[method]} ${join(b ?? '', o ?? '')}`, roles ?? []);
          }
        }
      }
    }
  }
  return out;
}

function routesOf(app: INestApplication, openapi: OpenApi): RouteInfo[] {
  const roles = rolesByRoute(app);
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: ExpressLayer[] };
    _router?: { stack: ExpressLayer[] };
  };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const out: RouteInfo[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const declared of paths) {
      // Express 5 wildcards ({*path}, *path) and optional groups ({.:ext}) become parameters.
      const path = declared.replace(/\{?\*(\w+)\}?/g, ':$1').replace(/[{}]/g, '');
      if (SKIP.some((s) => s.test(path))) continue;
      for (const method of Object.keys(layer.route.methods)) {
        if (!METHODS.includes(method)) continue;
        const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const swaggerPath = path.replace(/:(\w+)/g, '{$1}');
        const op = openapi.paths[swaggerPath]?.[method];
        const own = (op?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        out.push({
          method: method.toUpperCase(),
          path,
          params,
          query: [...new Set([...own, ...COMMON_QUERY])],
          roles: roles.get(`${method.toUpperCase()} ${path}`) ?? [],
        });
      }
    }
  }
  return out;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
}

type Caller = 'anonymous' | Role;

// The first examples go as a person the route admits, so they reach its parameters.
function exampleCaller(route: RouteInfo): Caller {
  return route.roles.find((r) => r !== Role.Resolver) ?? route.roles[0] ?? Role.Legal;
}

describe('fuzz: every route answers bad path and query parameters without a 5xx', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let base: string;
  let routes: RouteInfo[];
  const bearer = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createTestApp(testConfig(db.url));
    base = await listen(app);
    const actors = await seedActors(app);
    const people = await seedPeople(app, actors.organisationId);
    bearer.anonymous = null;
    for (const role of [Role.Complainant, Role.AbuseDesk, Role.Legal, Role.Admin]) {
      bearer[role] = people[role];
    }
    bearer[Role.Resolver] = actors.keys[Role.Resolver];
    const doc = await send(base, 'GET', '/api/docs/openapi.json', {});
    expect(doc.status).toBe(200);
    routes = routesOf(app, JSON.parse(doc.body) as OpenApi);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('finds the routes to fuzz (API and portal, with their parameters and roles)', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.find((r) => r.path === '/api/v1/legal/audit')?.roles).toEqual([Role.Legal]);
    const paths = routes.map((r) => r.path);
    expect(paths).toContain('/api/v1/notices/:reference');
    expect(paths.some((p) => p.startsWith('/portal/'))).toBe(true);
  });

  it('refuses a NUL byte, broken encoding and a huge page or offset with a 400 naming why', async () => {
    const as = (role: Caller) => ({ authorization: `Bearer ${bearer[role]}` });
    const nul = await send(base, 'GET', '/api/v1/notices/NR-%00ABC', as(Role.Complainant));
    expect(nul.status).toBe(400);
    expect(nul.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.parse(nul.body)).toMatchObject({ code: 'nul_byte' });
    const broken = await send(base, 'GET', '/api/v1/notices/NR-%E0%A4%A', as(Role.Complainant));
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ code: 'malformed_encoding' });
    const inQuery = await send(base, 'GET', '/portal/desk/search?q=a%00b', {
      cookie: `${SESSION_COOKIE}=${bearer[Role.AbuseDesk]}`,
    });
    expect(inQuery.status).toBe(400);
    const inBody = await send(
      base,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json' },
      JSON.stringify({ email: 'a\u0000b@example.net', password: 'irrelevant' }),
    );
    expect(inBody.status).toBe(400);
    expect(JSON.parse(inBody.body)).toMatchObject({ code: 'nul_byte' });
    const page = await send(
      base,
      'GET',
      `/api/v1/notices?page=${'9'.repeat(30)}`,
      as(Role.Complainant),
    );
    expect(page.status).toBe(400);
    expect(page.body).toMatch(/page must be at most 100000/);
    const offset = await send(
      base,
      'GET',
      '/api/v1/organisations?offset=99999999999999999999',
      as(Role.Admin),
    );
    expect(offset.status).toBe(400);
    expect(offset.body).toMatch(/offset must be at most 10000000/);
  });

  it('answers every generated request with less than 500', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
    const runs = Number(process.env.FUZZ_RUNS ?? 2500);
    const seconds = Number(process.env.FUZZ_SECONDS ?? 45);
    // Printed so a failure can be replayed: FUZZ_SEED=<seed> npx jest ... route-fuzz
    process.stdout.write(`route fuzz: seed ${seed}, ${routes.length} routes\n`);
    const callers: Caller[] = ['anonymous', ...Object.values(Role)];
    const requestArb = fc.record({
      route: fc.constantFrom(...routes),
      caller: fc.constantFrom(...callers),
      params: fc.array(valueArb, { minLength: 4, maxLength: 4 }),
      query: fc.array(fc.tuple(fc.nat(), valueArb), { maxLength: 3 }),
      viaCookie: fc.boolean(),
    });
    const failures: string[] = [];
    const failedRoutes = new Set<string>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ route, caller, params, query, viaCookie }) => {
        let path = route.path;
        route.params.forEach((name, i) => {
          path = path.replace(`:${name}`, pct(params[i]));
        });
        const qs = query
          .map(([n, v]) => `${route.query[n % route.query.length]}=${pct(v)}`)
          .join('&');
        const url = qs ? `${path}?${qs}` : path;
        const token = bearer[caller];
        const headers: Record<string, string> = {};
        // The portal reads the session cookie (reads only; its forms need a CSRF token), the
        // API the bearer token.
        if (token && (viaCookie || route.path.startsWith('/portal'))) {
          headers.cookie = `${SESSION_COOKIE}=${token}`;
        } else if (token) {
          headers.authorization = `Bearer ${token}`;
        }
        let body: string | undefined;
        if (route.method !== 'GET' && route.method !== 'HEAD') {
          headers['content-type'] = 'application/json';
          body = '{}';
        }
        const res: RawResponse = await send(base, route.method, url, headers, body);
        sent++;
        if (res.status >= 500 || res.status === 0) {
          failures.push(`${route.method} ${url} as ${caller}: ${res.status}`);
          failedRoutes.add(`${route.method} ${route.path}`);
        }
        // Every failure of the run is listed (not only the first), so one run shows them all.
        return true;
      }),
      {
        seed,
        numRuns: runs,
        interruptAfterTimeLimit: seconds * 1000,
        markInterruptAsFailure: false,
        // Every route first, with a NUL byte in each path parameter and a huge page and offset.
        examples: routes.map((route) => [
          {
            route,
            caller: exampleCaller(route),
            params: [0, 1, 2, 3].map(() => plain('DR-\u0000X')),
            query: [
              [route.query.indexOf('page'), plain('9'.repeat(40))] as [number, Value],
              [route.query.indexOf('offset'), plain('99999999999999999999')] as [number, Value],
            ],
            viaCookie: false,
          },
        ]),
      },
    );
    process.stdout.write(
      `route fuzz: ${sent} requests, ${failures.length} answered 5xx (seed ${seed})\n`,
    );
    expect({
      seed,
      failedRoutes: [...failedRoutes].sort(),
      failures: failures.slice(0, 40),
    }).toEqual({ seed, failedRoutes: [], failures: [] });
    expect(sent).toBeGreaterThanOrEqual(routes.length);
  }, 120_000);
});
