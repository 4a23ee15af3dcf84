import { AttributionConfig, AttributionEnv, readAttributionConfig } from './attribution.config';
import { BlockingConfig, BlockingEnv, readBlockingConfig } from './blocking.config';
import { ConfigError } from './config-error';
import { DatabaseConfig, DatabaseEnv, readDatabaseConfig } from './database.config';
import { IntakeConfig, IntakeEnv, readIntakeConfig } from './intake.config';
import { MailConfig, MailEnv, readMailConfig } from './mail.config';
import { MessagingConfig, MessagingEnv, readMessagingConfig } from './messaging.config';
import { RateLimitsConfig, RateLimitsEnv, readRateLimitsConfig } from './rate-limits.config';
import { readRedisConfig, RedisEnv, RedisQueueConfig } from './redis.config';
import { readRetentionConfig, RetentionConfig, RetentionEnv } from './retention.config';
import { readSecretKeyConfig, SecretKeyEnv } from './secret-key.config';
import { readServiceConfig, ServiceConfig, ServiceEnv } from './service.config';

// The only place that reads process.env (STYLE.md): every other part gets the typed AppConfig.
// Each concern's variables, rules and defaults live in its own *.config.ts beside this file.
export { LEGAL_REGIMES } from './attribution.config';
export type { LegalRegime } from './attribution.config';
export { ConfigError } from './config-error';
export type { RateLimitPair } from './rate-limits.config';
export { DEVELOPMENT_SECRET } from './secret-key.config';
export { LOG_LEVELS, NODE_ENVS, RUN_MODES } from './service.config';
export type { RunMode } from './service.config';

// Every variable the service reads, with its checked and converted value.
export type EnvironmentVariables = ServiceEnv &
  DatabaseEnv &
  RedisEnv &
  MailEnv &
  SecretKeyEnv &
  AttributionEnv &
  RetentionEnv &
  RateLimitsEnv &
  IntakeEnv &
  MessagingEnv &
  BlockingEnv;

export interface AppConfig extends ServiceConfig, AttributionConfig {
  database: DatabaseConfig;
  redis: RedisQueueConfig;
  mail: MailConfig;
  secretKey: string;
  retention: RetentionConfig;
  rateLimits: RateLimitsConfig;
  intake: IntakeConfig;
  messaging: MessagingConfig;
  blocking: BlockingConfig;
}

// Every invalid variable is named at once (ConfigError) before anything is built.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const service = readServiceConfig(env);
  const parts = {
    database: readDatabaseConfig(env),
    redis: readRedisConfig(env),
    mail: readMailConfig(env),
    secretKey: readSecretKeyConfig(env, service.vars.NODE_ENV),
    attribution: readAttributionConfig(env),
    retention: readRetentionConfig(env),
    rateLimits: readRateLimitsConfig(env),
    intake: readIntakeConfig(env),
    messaging: readMessagingConfig(env),
    blocking: readBlockingConfig(env),
  };
  const problems = [service, ...Object.values(parts)].flatMap((part) => part.problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...service.build(),
    database: parts.database.build(),
    redis: parts.redis.build(),
    mail: parts.mail.build(),
    secretKey: parts.secretKey.build(),
    ...parts.attribution.build(),
    retention: parts.retention.build(),
    rateLimits: parts.rateLimits.build(),
    intake: parts.intake.build(),
    messaging: parts.messaging.build(),
    blocking: parts.blocking.build(),
  };
}
