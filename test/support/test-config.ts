import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { APP_ROLE, IDENTITY_ROLE, OWNER_ROLE } from '../../src/database/role-names';
import { ADMIN_URL } from './pg-admin';

// The URL of a test database (given with the admin user) as one of the service's roles: the
// suite runs the service as notice_relay_app, as production does (issue 16). A URL with
// another user (a spec's own restricted role) is kept as it is.
export function asRole(url: string, role: string): string {
  const u = new URL(url);
  if (u.username !== new URL(ADMIN_URL).username) return url;
  u.username = role;
  u.password = '';
  return u.toString();
}

// The database variables of the service for a test database.
export function databaseEnv(url: string): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: asRole(url, APP_ROLE),
    IDENTITY_DATABASE_URL: asRole(url, IDENTITY_ROLE),
    MIGRATION_DATABASE_URL: asRole(url, OWNER_ROLE),
  };
}

// A config for one spec file: its own database, its own Redis key prefix.
export function testConfig(databaseUrl: string, overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    ...databaseEnv(databaseUrl),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: `nrtest-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    MAIL_DIR: `/tmp/notice-relay-test-mail-${randomBytes(4).toString('hex')}`,
    // Fixtures are unsigned; the specs of section 7 (mail-auth) set MAIL_AUTH=verify.
    MAIL_AUTH: 'off',
    MAIL_ACK_JOURNAL: `/tmp/notice-relay-test-acks-${randomBytes(4).toString('hex')}.jsonl`,
    // Specs send many requests from 127.0.0.1; test/security/rate-limits.sec-spec.ts and the
    // other specs that test the limits set RATE_LIMITS=on and keep the real limits.
    RATE_LIMITS: 'off',
    ...overrides,
  });
}
