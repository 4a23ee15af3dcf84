import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { Role } from '../../src/common/roles';
import {
  Accreditation,
  OrganisationKind,
} from '../../src/modules/accounts/entities/organisation-kinds';
import { ApiKeyService } from '../../src/modules/auth/api-key.service';
import { allowedScopes } from '../../src/modules/auth/scopes';
import { ChallengeLinks } from '../../src/modules/messaging/challenges/challenge-links';
import { AppConfig } from '../../src/config/app-config';
import { createTestApp } from '../support/test-app';
import { testConfig } from '../support/test-config';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { listen, RawResponse, send } from './attack-client';

// Attack: sign-in, intake and the challenge page took any number of requests, from one
// address or against one account, limited only by the lockout (sign-in) and the hourly item
// quota (intake). They now have per-address and per-account limits counted in Redis. This
// spec runs the service with the real default limits (RATE_LIMITS=on, nothing overridden)
// against the real Redis; each scenario comes from its own client addresses (X-Forwarded-For
// behind one trusted proxy hop), so the scenarios do not share a counter by accident.
const PASSWORD = 'rate limit password 1';
// Hundreds of requests per scenario on a shared two-core machine.
jest.setTimeout(120_000);

describe('rate limits', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let config: AppConfig;
  let base: string;
  let redis: Redis;
  let orgKeys: string[];
  let complainantEmail: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = testConfig(db.url, {
      RATE_LIMITS: 'on',
      TRUST_PROXY: '1',
      PUBLIC_URL: 'https://portal.isp.example',
    });
    app = await createTestApp(config);
    base = await listen(app);
    redis = new Redis(config.redis.url);
    const accounts = app.get(AccountsService);
    const apiKeys = app.get(ApiKeyService);
    orgKeys = [];
    let firstOrg = '';
    for (const name of ['Alpha', 'Bravo', 'Charlie', 'Delta']) {
      const org = await accounts.createOrganisation({
        name: `${name} Rights ${randomUUID().slice(0, 6)}`,
        kind: OrganisationKind.Vendor,
        accreditation: Accreditation.Accredited,
      });
      firstOrg ||= org.id;
      const { key } = await apiKeys.create({
        name: `${name} key`,
        role: Role.Complainant,
        organisationId: org.id,
        scopes: allowedScopes(Role.Complainant),
        createdBy: null,
      });
      orgKeys.push(key);
    }
    complainantEmail = `counsel-${randomUUID().slice(0, 6)}@alpha.example`;
    await accounts.createUser({
      email: complainantEmail,
      displayName: 'Alpha counsel',
      role: Role.Complainant,
      organisationId: firstOrg,
      password: PASSWORD,
    });
    await accounts.createUser({
      email: 'target@isp.example',
      displayName: 'Target',
      role: Role.AbuseDesk,
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await app?.close();
    if (redis) {
      const keys = await redis.keys(`${config.redis.queuePrefix}:rate:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
    await db?.drop();
  });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const login = (ip: string, email: string, password = 'a wrong guess') =>
    send(
      base,
      'POST',
      '/api/v1/auth/login',
      { 'content-type': 'application/json', ...from(ip) },
      JSON.stringify({ email, password }),
    );
  // Not a valid notice (answered 400 with what is wrong), but a submission all the same.
  const submit = (ip: string, key: string) =>
    send(
      base,
      'POST',
      '/api/v1/notices',
      { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...from(ip) },
      JSON.stringify({ note: 'not a notice' }),
    );

  async function inParallel(n: number, fn: (i: number) => Promise<RawResponse>) {
    const out: RawResponse[] = new Array<RawResponse>(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < n) {
          const i = next++;
          out[i] = await fn(i);
        }
      }),
    );
    return out;
  }

  function expectProblem429(res: RawResponse): void {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body)).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(config.rateLimits.windowSeconds);
  }

  async function portalSignIn(ip: string, email: string, password: string) {
    const page = await send(base, 'GET', '/portal/sign-in', from(ip));
    const csrf = [page.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('__Host-nr_csrf='))!
      .split(';')[0];
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const body = new URLSearchParams({ _csrf: token, email, password, next: '/portal' });
    return send(
      base,
      'POST',
      '/portal/sign-in',
      {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: csrf,
        origin: 'https://portal.isp.example',
        ...from(ip),
      },
      body.toString(),
    );
  }

  it('limits sign-in per account, across addresses and across the API and the portal', async () => {
    const perAccount = config.rateLimits.login.perAccount!;
    // Each guess from a fresh address: only the per-account limit can stop them.
    for (let i = 0; i < perAccount; i++) {
      expect((await login(`198.51.100.${i + 1}`, 'target@isp.example')).status).toBe(401);
    }
    expectProblem429(await login('198.51.100.200', 'target@isp.example'));
    // The portal's sign-in form counts against the same account: it answers a page.
    const portal = await portalSignIn('198.51.100.201', 'Target@ISP.example', PASSWORD);
    expect(portal.status).toBe(429);
    expect(portal.headers['content-type']).toMatch(/^text\/html/);
    expect(portal.body).toMatch(/Too many sign-in attempts/);
    expect(Number(portal.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    expect((await login('198.51.100.202', 'someone-else@isp.example')).status).toBe(401);
  });

  it('limits sign-in per address, whatever the accounts tried', async () => {
    const perIp = config.rateLimits.login.perIp!;
    const answers = await inParallel(perIp, (i) => login('203.0.113.7', `nobody-${i}@isp.example`));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 401));
    expectProblem429(await login('203.0.113.7', 'nobody-else@isp.example'));
    // The limit is the address's: a neighbour signs in.
    const ok = await login('203.0.113.8', complainantEmail, PASSWORD);
    expect(ok.status).toBe(200);
  });

  it('limits notice intake per sender, then in the portal form too', async () => {
    const perAccount = config.rateLimits.intake.perAccount!;
    const answers = await inParallel(perAccount, (i) =>
      submit(`192.0.2.${(i % 200) + 1}`, orgKeys[0]),
    );
    expect(answers.filter((r) => r.status === 429)).toHaveLength(0);
    expectProblem429(await submit('192.0.2.250', orgKeys[0]));
    // Reading its own notices is not limited.
    const list = await send(base, 'GET', '/api/v1/notices', {
      authorization: `Bearer ${orgKeys[0]}`,
      ...from('192.0.2.251'),
    });
    expect(list.status).toBe(200);
    // The same organisation's counsel, through the portal's notice form: a page saying so.
    const signedIn = await portalSignIn('192.0.2.252', complainantEmail, PASSWORD);
    expect(signedIn.status).toBe(303);
    const session = [signedIn.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('nr_session='))!
      .split(';')[0];
    const formPage = await send(base, 'GET', '/portal/notices/new', {
      cookie: session,
      ...from('192.0.2.252'),
    });
    expect(formPage.status).toBe(200);
    const csrf = [formPage.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('__Host-nr_csrf='));
    const token = /name="_csrf" value="([^"]+)"/.exec(formPage.body)![1];
    const portal = await send(
      base,
      'POST',
      '/portal/notices/new',
      {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: csrf ? `${session}; ${csrf.split(';')[0]}` : session,
        origin: 'https://portal.isp.example',
        ...from('192.0.2.252'),
      },
      new URLSearchParams({ _csrf: token, action: 'submit' }).toString(),
    );
    expect(portal.status).toBe(429);
    expect(portal.headers['content-type']).toMatch(/^text\/html/);
    expect(portal.body).toMatch(/Too many notice submissions/);
  });

  it('limits notice intake per address, across senders', async () => {
    const perIp = config.rateLimits.intake.perIp!;
    const perAccount = config.rateLimits.intake.perAccount!;
    // Spread over three senders, each below its own limit.
    const share = Math.ceil(perIp / 3);
    expect(share).toBeLessThan(perAccount);
    const answers = await inParallel(perIp, (i) =>
      submit('198.18.0.77', orgKeys[1 + Math.floor(i / share)]),
    );
    expect(answers.filter((r) => r.status === 429)).toHaveLength(0);
    expectProblem429(await submit('198.18.0.77', orgKeys[3]));
    expect((await submit('198.18.0.78', orgKeys[3])).status).toBe(400);
  });

  it('limits the challenge page per link and per address, answering a page', async () => {
    const links = new ChallengeLinks(config.secretKey);
    const future = new Date(Date.now() + 86_400_000);
    const messageId = randomUUID();
    const perLink = config.rateLimits.challenge.perAccount!;
    for (let i = 0; i < perLink; i++) {
      const res = await send(base, 'GET', `/challenge/${links.token(messageId, future)}`, {
        ...from(`100.64.0.${i + 1}`),
      });
      expect(res.status).not.toBe(429);
    }
    const limited = await send(base, 'GET', `/challenge/${links.token(messageId, future)}`, {
      ...from('100.64.0.200'),
    });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^text\/html/);
    expect(limited.body).toMatch(/try again in \d+ seconds/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    // Guessing links from one address: a new message id each time.
    const perIp = config.rateLimits.challenge.perIp!;
    for (let i = 0; i < perIp; i++) {
      const res = await send(
        base,
        'POST',
        `/challenge/${randomUUID()}.9999999999.forged`,
        { 'content-type': 'application/x-www-form-urlencoded', ...from('100.64.1.1') },
        'reason=mistaken',
      );
      expect(res.status).not.toBe(429);
    }
    const guessed = await send(base, 'GET', `/challenge/${randomUUID()}.9999999999.forged`, {
      ...from('100.64.1.1'),
    });
    expect(guessed.status).toBe(429);
  });

  it('leaves every other route alone, and keeps no e-mail address in Redis', async () => {
    const answers = await inParallel(300, (i) =>
      i % 2 === 0
        ? send(base, 'GET', '/health/live', from('203.0.113.99'))
        : send(base, 'GET', '/api/v1/notices', {
            authorization: `Bearer ${orgKeys[2]}`,
            ...from('203.0.113.99'),
          }),
    );
    expect(answers.filter((r) => r.status === 429)).toHaveLength(0);
    expect(answers.every((r) => r.status === 200)).toBe(true);
    const keys = await redis.keys(`${config.redis.queuePrefix}:rate:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join('\n')).not.toMatch(/@|isp\.example|target/i);
  });
});
