import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError, DEVELOPMENT_SECRET, loadConfig as load } from './app-config';

// The generated key goes to a temporary directory, not the checkout's var/.
const dir = mkdtempSync(join(tmpdir(), 'nr-config-'));
const keyFile = join(dir, 'data', 'secret-key');
const loadConfig = (env: NodeJS.ProcessEnv): AppConfig =>
  load({ SECRET_KEY_FILE: keyFile, ...env });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected loadConfig to refuse');
}

describe('loadConfig', () => {
  it('gives working defaults for a quick start', () => {
    const c = loadConfig({});
    expect(c.mode).toBe('all');
    expect(c.http.port).toBe(3000);
    expect(c.mail.smtpUrl).toBeNull();
    expect(c.addressSpace).toContain('203.0.113.0/24');
    // No configured secret: one made at first start and kept, private, in SECRET_KEY_FILE.
    expect(c.secretKey).not.toBe(DEVELOPMENT_SECRET);
    expect(c.secretKey.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(c.secretKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadConfig({}).secretKey).toBe(c.secretKey);
  });

  it('gives each database role its own URL, derived from DATABASE_URL unless set', () => {
    const derived = loadConfig({ DATABASE_URL: 'postgres://svc:secret@db.example:5433/relay' });
    expect(derived.database).toEqual({
      url: 'postgres://svc:secret@db.example:5433/relay',
      identityUrl: 'postgres://notice_relay_identity@db.example:5433/relay',
      migrationUrl: 'postgres://notice_relay_owner@db.example:5433/relay',
      adminUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
    });
    const given = loadConfig({
      IDENTITY_DATABASE_URL: 'postgres://idn:pw@h/relay',
      MIGRATION_DATABASE_URL: 'postgres://own:pw@h/relay',
    });
    expect(given.database).toMatchObject({
      url: 'postgres://notice_relay_app@127.0.0.1:5432/notice_relay',
      identityUrl: 'postgres://idn:pw@h/relay',
      migrationUrl: 'postgres://own:pw@h/relay',
    });
    expect(problemsOf({ IDENTITY_DATABASE_URL: 'mysql://x' }).join('\n')).toMatch(
      /IDENTITY_DATABASE_URL must be a postgres/,
    );
  });

  it('reads and converts values', () => {
    const c = loadConfig({
      PORT: '8080',
      MODE: 'worker',
      ADDRESS_SPACE: ' 10.0.0.0/8 , 2001:db8::/32 ',
      SMTP_URL: 'smtp://mail:1025',
      RETENTION_LEASE_DAYS: '30',
    });
    expect(c.http.port).toBe(8080);
    expect(c.mode).toBe('worker');
    expect(c.addressSpace).toEqual(['10.0.0.0/8', '2001:db8::/32']);
    expect(c.mail.smtpUrl).toBe('smtp://mail:1025');
    expect(c.retention.leaseDays).toBe(30);
  });

  it('serves worker metrics only on a WORKER_METRICS_PORT given, and refuses a bad one', () => {
    expect(loadConfig({ MODE: 'worker' }).http.workerMetricsPort).toBeNull();
    expect(loadConfig({ WORKER_METRICS_PORT: '9464' }).http.workerMetricsPort).toBe(9464);
    expect(() => loadConfig({ WORKER_METRICS_PORT: '70000' })).toThrow(/WORKER_METRICS_PORT/);
  });

  it('sizes the compose threads from the cores unless told, and refuses a bad count', () => {
    const auto = loadConfig({}).messaging.composeThreads;
    expect(auto).toBeGreaterThanOrEqual(1);
    expect(auto).toBeLessThanOrEqual(4);
    expect(loadConfig({ MAIL_COMPOSE_THREADS: '0' }).messaging.composeThreads).toBe(0);
    expect(loadConfig({ MAIL_COMPOSE_THREADS: '3' }).messaging.composeThreads).toBe(3);
    expect(problemsOf({ MAIL_COMPOSE_THREADS: '-1' }).join(' ')).toMatch(/MAIL_COMPOSE_THREADS/);
    expect(problemsOf({ MAIL_COMPOSE_THREADS: 'many' }).join(' ')).toMatch(/MAIL_COMPOSE_THREADS/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ SMTP_URL: '', PORT: '' }).mail.smtpUrl).toBeNull();
  });

  it('names every invalid variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      MODE: 'both',
      DATABASE_URL: 'mysql://x',
      ADDRESS_SPACE: '10.0.0.0/8,not-a-net,300.1.1.1/24',
    });
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/MODE must be one of/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must be a postgres/);
    expect(problems.join('\n')).toMatch(/ADDRESS_SPACE .*not-a-net, 300\.1\.1\.1\/24/);
    expect(problems).toHaveLength(4);
  });

  it('refuses the published development secret outside development', () => {
    for (const NODE_ENV of ['production', 'test']) {
      expect(problemsOf({ NODE_ENV, SECRET_KEY: DEVELOPMENT_SECRET }).join('\n')).toMatch(
        /SECRET_KEY is the published development value/,
      );
    }
    expect(loadConfig({ SECRET_KEY: DEVELOPMENT_SECRET }).secretKey).toBe(DEVELOPMENT_SECRET);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'x'.repeat(40) }).env).toBe(
      'production',
    );
  });

  it('refuses a short secret', () => {
    expect(problemsOf({ SECRET_KEY: 'short' })).toEqual([
      'SECRET_KEY must be at least 32 characters',
    ]);
  });

  it('formats the error for an operator', () => {
    expect(() => loadConfig({ REDIS_URL: 'http://x' })).toThrow(
      /Invalid configuration:\n {2}- REDIS_URL must be a redis/,
    );
  });

  it('reads the intake settings', () => {
    expect(loadConfig({}).intake).toEqual({
      maxBytes: 10 * 1024 * 1024,
      quotaPerHour: 10_000,
      disabledChecks: [],
      settlementBlockRegimes: ['ca'],
      mailAuth: { mode: 'verify', trustedServers: [], trustedRelays: [] },
      textNoConfirm: [],
    });
    expect(
      loadConfig({
        MAIL_AUTH: 'off',
        MAIL_AUTH_SERVERS: 'MX1.isp.example, mx2.isp.example',
        MAIL_TRUSTED_RELAYS: 'relay.upstream.example',
        NOTICE_TEXT_NO_CONFIRM: 'Rightsline Enforcement',
      }).intake,
    ).toMatchObject({
      mailAuth: {
        mode: 'off',
        trustedServers: ['mx1.isp.example', 'mx2.isp.example'],
        trustedRelays: ['relay.upstream.example'],
      },
      textNoConfirm: ['rightsline enforcement'],
    });
    expect(() => loadConfig({ MAIL_AUTH: 'maybe' })).toThrow(/MAIL_AUTH/);
    const c = loadConfig({
      NOTICE_QUOTA_PER_HOUR: '50',
      NOTICE_CHECKS_DISABLED: 'p2p_evidence, cgnat_port',
      NOTICE_SETTLEMENT_BLOCK_REGIMES: 'ca,nz',
    });
    expect(c.intake).toMatchObject({
      quotaPerHour: 50,
      disabledChecks: ['p2p_evidence', 'cgnat_port'],
      settlementBlockRegimes: ['ca', 'nz'],
    });
    expect(() => loadConfig({ NOTICE_QUOTA_PER_HOUR: '0' })).toThrow(/NOTICE_QUOTA_PER_HOUR/);
  });

  it('reads the rate limits: on by default, 0 lifts one, off lifts all', () => {
    expect(loadConfig({}).rateLimits).toEqual({
      enabled: true,
      windowSeconds: 60,
      login: { perIp: 20, perAccount: 10 },
      intake: { perIp: 1200, perAccount: 600 },
      challenge: { perIp: 30, perAccount: 10 },
      password_reset: { perIp: 10, perAccount: 3 },
    });
    const c = loadConfig({
      RATE_LIMIT_WINDOW_SECONDS: '10',
      RATE_LIMIT_LOGIN_PER_IP: '0',
      RATE_LIMIT_CHALLENGE_PER_LINK: '3',
      RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: '1',
    }).rateLimits;
    expect(c).toMatchObject({
      windowSeconds: 10,
      login: { perIp: null, perAccount: 10 },
      challenge: { perIp: 30, perAccount: 3 },
      password_reset: { perIp: 10, perAccount: 1 },
    });
    expect(loadConfig({ RATE_LIMITS: 'off' }).rateLimits.enabled).toBe(false);
    expect(problemsOf({ RATE_LIMITS: 'sometimes' }).join(' ')).toMatch(/RATE_LIMITS/);
    expect(problemsOf({ RATE_LIMIT_LOGIN_PER_IP: '-1' }).join(' ')).toMatch(
      /RATE_LIMIT_LOGIN_PER_IP/,
    );
  });
});
