import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '../../src/config/app-config';

// A config for one spec file: its own database, its own Redis key prefix.
export function testConfig(databaseUrl: string, overrides: NodeJS.ProcessEnv = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
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
