import { parseSentinels, RedisConfig } from '../queue/redis-options';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  ValidationError,
} from 'class-validator';
import { IsCidrList } from './is-cidr-list.validator';
import { readOrCreateSecretKey, SecretKeyFileError } from './secret-key-file';
import { availableParallelism } from 'node:os';
import { IDENTITY_ROLE, OWNER_ROLE } from '../database/role-names';

// The only place that reads process.env (STYLE.md): every other part gets the typed AppConfig.
export const RUN_MODES = ['all', 'api', 'worker'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LEGAL_REGIMES = ['ca', 'us', 'fr', 'eu', 'nz', 'generic'] as const;
export type LegalRegime = (typeof LEGAL_REGIMES)[number];

// Published in the source: accepted only with NODE_ENV=development, and never used unless set.
// Without SECRET_KEY the service makes its own key at first start (SECRET_KEY_FILE, issue 16).
export const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production-0000';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;

export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @IsIn(RUN_MODES)
  MODE: RunMode = 'all';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  // The service's own role (issue 16): plain DML, INSERT and SELECT only on the audit log, no
  // identity schema, owns nothing. The owner runs migrations; the identity role serves only
  // IdentityService. Unset, the other two are DATABASE_URL with the user notice_relay_owner
  // or notice_relay_identity and no password (the quick start's trust authentication).
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://notice_relay_app@127.0.0.1:5432/notice_relay';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'MIGRATION_DATABASE_URL must be a postgres:// URL',
  })
  MIGRATION_DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'IDENTITY_DATABASE_URL must be a postgres:// URL',
  })
  IDENTITY_DATABASE_URL?: string;

  // A superuser, only for `db:roles` (creates the roles and the database).
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_ADMIN_URL must be a postgres:// URL' })
  DATABASE_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  // Redis behind Sentinel (production): the sentinels, "host:port,host:port", and the name of
  // the primary they watch. REDIS_URL then gives only the password and database number.
  @Matches(/^(\s*[^\s,:]+:\d+\s*)(,\s*[^\s,:]+:\d+\s*)*$|^$/, {
    message: 'REDIS_SENTINELS must list host:port pairs, comma-separated',
  })
  REDIS_SENTINELS = '';

  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'REDIS_SENTINEL_NAME must be a plain name' })
  REDIS_SENTINEL_NAME = 'mymaster';

  @IsString()
  @Matches(/^[a-z0-9_-]+$/i, { message: 'QUEUE_PREFIX may hold letters, digits, _ and - only' })
  QUEUE_PREFIX = 'notice-relay';

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsString()
  MAIL_DIR = 'var/mail';

  @Matches(/^.+@.+$/, { message: 'MAIL_FROM must be an e-mail address' })
  MAIL_FROM = 'Abuse Desk <abuse@isp.example>';

  @IsOptional()
  @MinLength(32, { message: 'SECRET_KEY must be at least 32 characters' })
  SECRET_KEY?: string;

  // Where the generated SECRET_KEY is kept when none is configured (mode 0600, made atomically).
  @IsString()
  SECRET_KEY_FILE = 'var/secret-key';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

  // Address space of the ISP (VA-5): comma-separated CIDRs, IPv4 and IPv6.
  @IsCidrList()
  ADDRESS_SPACE = '192.0.2.0/24,198.51.100.0/24,203.0.113.0/24,2001:db8::/32';

  @IsIn(LEGAL_REGIMES)
  DEFAULT_REGIME: LegalRegime = 'generic';

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_LEASE_DAYS = 365;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_NOTICE_DAYS = 365;

  // Per-regime retention (RA-1, RA-3, RA-5); see the retention module.
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_CA_DAYS = 183;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_CA_PROCEEDINGS_DAYS = 365;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_FR_DAYS = 365;

  // US cable: identity links are cut this long after attribution once nothing is pending.
  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_US_IDENTITY_DAYS = 90;

  @Transform(toInt)
  @Min(1)
  @Max(3650)
  @IsInt()
  RETENTION_PACKAGE_DAYS = 365;

  // Longest a single binding may run; bounds the index look-back of every attribution probe.
  @Transform(toInt)
  @Min(1)
  @Max(366)
  @IsInt()
  LEASE_MAX_BINDING_DAYS = 31;

  @Transform(toInt)
  @Min(1)
  @Max(24 * 30)
  @IsInt()
  SESSION_TTL_HOURS = 12;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @Transform(toInt)
  @Min(0)
  @Max(10)
  @IsInt()
  TRUST_PROXY = 0;

  // Rate limits (issue 16), counted in Redis per window, per client address and per account;
  // 0 lifts one limit, RATE_LIMITS=off all of them (test rigs and benchmarks only).
  @IsIn(['on', 'off'])
  RATE_LIMITS = 'on';

  @Transform(toInt)
  @Min(1)
  @Max(86400)
  @IsInt()
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_LOGIN_PER_IP = 20;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_LOGIN_PER_ACCOUNT = 10;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_INTAKE_PER_IP = 1200;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_INTAKE_PER_ACCOUNT = 600;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_CHALLENGE_PER_IP = 30;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_CHALLENGE_PER_LINK = 10;

  // "Forgot your password?" requests (issue #19): each one may send a mail, so fewer.
  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_PASSWORD_RESET_PER_IP = 10;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt()
  RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT = 3;

  // Largest notice body taken over HTTP or from a mailbox (a whole e-mail with attachments).
  @Transform(toInt)
  @Min(1024)
  @Max(50 * 1024 * 1024)
  @IsInt()
  NOTICE_MAX_BYTES = 10 * 1024 * 1024;

  // Items per sender organisation let through per clock hour; the rest wait as `queued` (IN-6).
  @Transform(toInt)
  @Min(1)
  @Max(10_000_000)
  @IsInt()
  NOTICE_QUOTA_PER_HOUR = 10_000;

  // Validation checks switched off, comma-separated names (see src/modules/intake/policy).
  @Matches(/^[a-z0-9_,\s]*$/, { message: 'NOTICE_CHECKS_DISABLED must list check names' })
  NOTICE_CHECKS_DISABLED = '';

  // Regimes in which a notice demanding settlement, payment or personal information is not
  // forwarded (VA-2; Canada since December 2018).
  @Matches(/^[a-z,\s]*$/, { message: 'NOTICE_SETTLEMENT_BLOCK_REGIMES must list regimes' })
  NOTICE_SETTLEMENT_BLOCK_REGIMES = 'ca';

  // E-mail intake trusts a From domain only when authenticated (DKIM/SPF/DMARC); `off` trusts
  // From as written (only for a mailbox fed by an MTA that already refuses unauthenticated mail).
  @IsIn(['verify', 'off'])
  MAIL_AUTH = 'verify';

  // authserv-ids of the ISP's own MTAs whose Authentication-Results header is trusted.
  @Matches(/^[a-z0-9.,\s-]*$/i, { message: 'MAIL_AUTH_SERVERS must list host names' })
  MAIL_AUTH_SERVERS = '';

  // Domains whose valid DKIM signature marks a trusted relay (e.g. an upstream's forwarder).
  @Matches(/^[a-z0-9.,\s-]*$/i, { message: 'MAIL_TRUSTED_RELAYS must list domains' })
  MAIL_TRUSTED_RELAYS = '';

  // Senders whose notices read from plain text go on without waiting for a desk confirmation
  // (organisation ids or names, comma-separated).
  @IsString()
  NOTICE_TEXT_NO_CONFIRM = '';
  // Messaging: attributed items of one account inside this window go out as one message.
  @Transform(toInt)
  @Min(0)
  @Max(7 * 86400)
  @IsInt()
  MAIL_DIGEST_WINDOW_SECONDS = 3600;

  @Transform(toInt)
  @Min(1)
  @Max(365)
  @IsInt()
  CHALLENGE_LINK_DAYS = 30;

  // The subscriber's challenge page: whose page it is and how long the desk takes to decide.
  @IsString()
  @Matches(/^\S.{0,79}$/, { message: 'ISP_NAME must be 1 to 80 characters' })
  ISP_NAME = 'Example Internet';

  @Transform(toInt)
  @Min(1)
  @Max(90)
  @IsInt()
  CHALLENGE_REVIEW_DAYS = 14;

  // JSON file overriding the per-regime repeat-offence policy (see messaging-policy.ts).
  @IsOptional()
  @IsString()
  MESSAGING_POLICY_FILE?: string;

  @IsString()
  TEMPLATES_DIR = 'templates';

  // How often the worker turns attributed items into messages and moves pending ones to Redis.
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  MAIL_POLL_MS = 2000;

  // A message handed to Redis but not sent after this long is handed over again (Redis lost it).
  @Transform(toInt)
  @Min(1)
  @Max(86400)
  @IsInt()
  MAIL_REQUEUE_SECONDS = 300;

  @Transform(toInt)
  @Min(1)
  @Max(50)
  @IsInt()
  MAIL_ATTEMPTS = 6;

  @Transform(toInt)
  @Min(10)
  @Max(3_600_000)
  @IsInt()
  MAIL_BACKOFF_MS = 5000;

  @Transform(toInt)
  @Min(1)
  @Max(100)
  @IsInt()
  MAIL_CONCURRENCY = 8;

  // Messages handed to Redis as one job: claimed, read (one audited transaction) and
  // acknowledged together, so the database round trips are paid per batch, not per message.
  @Transform(toInt)
  @Min(1)
  @Max(500)
  @IsInt()
  MAIL_BATCH_SIZE = 50;

  // SMTP timeouts (ms): opening the connection, waiting for the greeting, and silence on an
  // open socket. A hung server fails the send after this long (retried), not after minutes.
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_CONNECTION_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_GREETING_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SMTP_SOCKET_TIMEOUT_MS = 30_000;

  // SMTP acceptances the database could not take yet are kept here until it can (one file per
  // worker process; replayed at the worker's next start), at most MAIL_ACK_JOURNAL_MAX lines.
  @IsString()
  MAIL_ACK_JOURNAL = 'var/mail-ack-journal.jsonl';

  @Transform(toInt)
  @Min(1)
  @Max(10_000_000)
  @IsInt()
  MAIL_ACK_JOURNAL_MAX = 100_000;

  // Threads composing messages (rendering, MIME building) beside the mail worker's event loop;
  // 0 composes on the event loop. Default: one fewer than the cores, at least 1, at most 4.
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(16)
  @IsInt()
  MAIL_COMPOSE_THREADS?: number;

  // Blocking register (BO-3, BO-5): the stop page's addresses, the RPZ zone, the widest range a
  // target may be, and the resolver used to look targets up.
  @Matches(/^\d{1,3}(\.\d{1,3}){3}$/, { message: 'BLOCKING_STOP_IPV4 must be an IPv4 address' })
  BLOCKING_STOP_IPV4 = '192.0.2.80';

  @IsOptional()
  @Matches(/^[0-9a-f:]+$/i, { message: 'BLOCKING_STOP_IPV6 must be an IPv6 address' })
  BLOCKING_STOP_IPV6?: string;

  @Matches(/^([a-z0-9-]+\.)+$/i, {
    message: 'BLOCKING_RPZ_ZONE must be a domain name ending in a dot',
  })
  BLOCKING_RPZ_ZONE = 'rpz.notice-relay.';

  @Transform(toInt)
  @Min(0)
  @Max(86400)
  @IsInt()
  BLOCKING_EXPORT_TTL = 300;

  @Transform(toInt)
  @Min(8)
  @Max(32)
  @IsInt()
  BLOCKING_MAX_IPV4_PREFIX = 24;

  @Transform(toInt)
  @Min(16)
  @Max(128)
  @IsInt()
  BLOCKING_MAX_IPV6_PREFIX = 48;

  @IsOptional()
  @Matches(/^[^\s,]+(,[^\s,]+)*$/, {
    message: 'BLOCKING_RESOLVER must be comma-separated host or host:port entries',
  })
  BLOCKING_RESOLVER?: string;

  @Transform(toInt)
  @Min(2)
  @Max(10000)
  @IsInt()
  BLOCKING_SHARED_NAME_THRESHOLD = 3;

  @Matches(/^([a-z0-9-]+\.)*[a-z0-9-]+$/i, { message: 'BLOCKING_ASN_ZONE must be a domain name' })
  BLOCKING_ASN_ZONE = 'origin.asn.cymru.com';

  @Transform(toInt)
  @Min(1)
  @Max(365)
  @IsInt()
  BLOCKING_EXPIRY_WARNING_DAYS = 30;
}

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  mode: RunMode;
  http: { host: string; port: number; publicUrl: string; trustProxy: number };
  // url: the service role; identityUrl: IdentityService's own connection; migrationUrl: the
  // owner; adminUrl: a superuser for `db:roles` only.
  database: { url: string; identityUrl: string; migrationUrl: string; adminUrl: string };
  redis: RedisConfig & { queuePrefix: string };
  mail: {
    smtpUrl: string | null;
    dir: string;
    from: string;
    timeouts: { connectionMs: number; greetingMs: number; socketMs: number };
  };
  secretKey: string;
  logLevel: EnvironmentVariables['LOG_LEVEL'];
  addressSpace: string[];
  defaultRegime: LegalRegime;
  retention: {
    leaseDays: number;
    noticeDays: number;
    caDays: number;
    caProceedingsDays: number;
    frDays: number;
    usIdentityDays: number;
    packageDays: number;
  };
  attribution: { maxBindingDays: number };
  sessionTtlHours: number;
  metricsToken: string | null;
  // Per window: requests from one client address (perIp) and for one account (perAccount);
  // null lifts the limit. `enabled: false` lifts them all.
  rateLimits: {
    enabled: boolean;
    windowSeconds: number;
    login: RateLimitPair;
    intake: RateLimitPair;
    challenge: RateLimitPair;
    password_reset: RateLimitPair;
  };
  intake: {
    maxBytes: number;
    quotaPerHour: number;
    disabledChecks: string[];
    settlementBlockRegimes: string[];
    mailAuth: { mode: 'verify' | 'off'; trustedServers: string[]; trustedRelays: string[] };
    textNoConfirm: string[];
  };
  messaging: {
    digestWindowSeconds: number;
    challengeLinkDays: number;
    challengeReviewDays: number;
    ispName: string;
    policyFile: string | null;
    templatesDir: string;
    pollMs: number;
    requeueSeconds: number;
    attempts: number;
    backoffMs: number;
    concurrency: number;
    batchSize: number;
    ackJournal: string;
    ackJournalMax: number;
    composeThreads: number;
  };
  blocking: {
    stopIpv4: string;
    stopIpv6: string | null;
    rpzZone: string;
    exportTtl: number;
    maxIpv4Prefix: number;
    maxIpv6Prefix: number;
    resolver: string[];
    sharedNameThreshold: number;
    asnZone: string;
    expiryWarningDays: number;
  };
}

export interface RateLimitPair {
  perIp: number | null;
  perAccount: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((message) =>
      message.startsWith(e.property) ? message : `${e.property}: ${message}`,
    ),
  );
}

// The same server and database as another role's URL, as `user` without a password.
function withUser(url: string, user: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  return u.toString();
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

// Unknown variables are ignored (the environment holds PATH, HOME...); empty strings count as unset.
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvironmentVariables());
  const input: Record<string, string> = {};
  for (const key of [
    ...known,
    'SMTP_URL',
    'SECRET_KEY',
    'MIGRATION_DATABASE_URL',
    'IDENTITY_DATABASE_URL',
    'METRICS_TOKEN',
    'MESSAGING_POLICY_FILE',
    'MAIL_COMPOSE_THREADS',
    'BLOCKING_STOP_IPV6',
    'BLOCKING_RESOLVER',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, input, { exposeDefaultValues: true });
  const problems = describe(validateSync(vars, { stopAtFirstError: true }));
  if (vars.NODE_ENV !== 'development' && vars.SECRET_KEY === DEVELOPMENT_SECRET) {
    problems.push(
      'SECRET_KEY is the published development value, refused outside NODE_ENV=development; ' +
        'set a private value or leave it unset to use a generated SECRET_KEY_FILE',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  let secretKey = vars.SECRET_KEY;
  if (secretKey === undefined) {
    try {
      secretKey = readOrCreateSecretKey(vars.SECRET_KEY_FILE);
    } catch (e) {
      const reason = e instanceof SecretKeyFileError ? e.message : (e as Error).message;
      throw new ConfigError([`SECRET_KEY is unset and SECRET_KEY_FILE failed: ${reason}`]);
    }
  }
  const limit = (n: number): number | null => (n === 0 ? null : n);
  return {
    env: vars.NODE_ENV,
    mode: vars.MODE,
    http: {
      host: vars.HOST,
      port: vars.PORT,
      publicUrl: vars.PUBLIC_URL.replace(/\/+$/, ''),
      trustProxy: vars.TRUST_PROXY,
    },
    database: {
      url: vars.DATABASE_URL,
      identityUrl: vars.IDENTITY_DATABASE_URL ?? withUser(vars.DATABASE_URL, IDENTITY_ROLE),
      migrationUrl: vars.MIGRATION_DATABASE_URL ?? withUser(vars.DATABASE_URL, OWNER_ROLE),
      adminUrl: vars.DATABASE_ADMIN_URL,
    },
    redis: {
      url: vars.REDIS_URL,
      sentinels: parseSentinels(vars.REDIS_SENTINELS),
      sentinelName: vars.REDIS_SENTINEL_NAME,
      queuePrefix: vars.QUEUE_PREFIX,
    },
    mail: {
      smtpUrl: vars.SMTP_URL ?? null,
      dir: vars.MAIL_DIR,
      from: vars.MAIL_FROM,
      timeouts: {
        connectionMs: vars.SMTP_CONNECTION_TIMEOUT_MS,
        greetingMs: vars.SMTP_GREETING_TIMEOUT_MS,
        socketMs: vars.SMTP_SOCKET_TIMEOUT_MS,
      },
    },
    secretKey,
    logLevel: vars.LOG_LEVEL,
    addressSpace: vars.ADDRESS_SPACE.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    defaultRegime: vars.DEFAULT_REGIME,
    retention: {
      leaseDays: vars.RETENTION_LEASE_DAYS,
      noticeDays: vars.RETENTION_NOTICE_DAYS,
      caDays: vars.RETENTION_CA_DAYS,
      caProceedingsDays: vars.RETENTION_CA_PROCEEDINGS_DAYS,
      frDays: vars.RETENTION_FR_DAYS,
      usIdentityDays: vars.RETENTION_US_IDENTITY_DAYS,
      packageDays: vars.RETENTION_PACKAGE_DAYS,
    },
    attribution: { maxBindingDays: vars.LEASE_MAX_BINDING_DAYS },
    sessionTtlHours: vars.SESSION_TTL_HOURS,
    metricsToken: vars.METRICS_TOKEN ?? null,
    rateLimits: {
      enabled: vars.RATE_LIMITS === 'on',
      windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
      login: {
        perIp: limit(vars.RATE_LIMIT_LOGIN_PER_IP),
        perAccount: limit(vars.RATE_LIMIT_LOGIN_PER_ACCOUNT),
      },
      intake: {
        perIp: limit(vars.RATE_LIMIT_INTAKE_PER_IP),
        perAccount: limit(vars.RATE_LIMIT_INTAKE_PER_ACCOUNT),
      },
      challenge: {
        perIp: limit(vars.RATE_LIMIT_CHALLENGE_PER_IP),
        perAccount: limit(vars.RATE_LIMIT_CHALLENGE_PER_LINK),
      },
      password_reset: {
        perIp: limit(vars.RATE_LIMIT_PASSWORD_RESET_PER_IP),
        perAccount: limit(vars.RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT),
      },
    },
    intake: {
      maxBytes: vars.NOTICE_MAX_BYTES,
      quotaPerHour: vars.NOTICE_QUOTA_PER_HOUR,
      disabledChecks: list(vars.NOTICE_CHECKS_DISABLED),
      settlementBlockRegimes: list(vars.NOTICE_SETTLEMENT_BLOCK_REGIMES),
      mailAuth: {
        mode: vars.MAIL_AUTH === 'off' ? 'off' : 'verify',
        trustedServers: list(vars.MAIL_AUTH_SERVERS.toLowerCase()),
        trustedRelays: list(vars.MAIL_TRUSTED_RELAYS.toLowerCase()),
      },
      textNoConfirm: list(vars.NOTICE_TEXT_NO_CONFIRM.toLowerCase()),
    },
    messaging: {
      digestWindowSeconds: vars.MAIL_DIGEST_WINDOW_SECONDS,
      challengeLinkDays: vars.CHALLENGE_LINK_DAYS,
      challengeReviewDays: vars.CHALLENGE_REVIEW_DAYS,
      ispName: vars.ISP_NAME,
      policyFile: vars.MESSAGING_POLICY_FILE ?? null,
      templatesDir: vars.TEMPLATES_DIR,
      pollMs: vars.MAIL_POLL_MS,
      requeueSeconds: vars.MAIL_REQUEUE_SECONDS,
      attempts: vars.MAIL_ATTEMPTS,
      backoffMs: vars.MAIL_BACKOFF_MS,
      concurrency: vars.MAIL_CONCURRENCY,
      batchSize: vars.MAIL_BATCH_SIZE,
      ackJournal: vars.MAIL_ACK_JOURNAL,
      ackJournalMax: vars.MAIL_ACK_JOURNAL_MAX,
      composeThreads:
        vars.MAIL_COMPOSE_THREADS ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
    },
    blocking: {
      stopIpv4: vars.BLOCKING_STOP_IPV4,
      stopIpv6: vars.BLOCKING_STOP_IPV6 ?? null,
      rpzZone: vars.BLOCKING_RPZ_ZONE,
      exportTtl: vars.BLOCKING_EXPORT_TTL,
      maxIpv4Prefix: vars.BLOCKING_MAX_IPV4_PREFIX,
      maxIpv6Prefix: vars.BLOCKING_MAX_IPV6_PREFIX,
      resolver: list(vars.BLOCKING_RESOLVER ?? ''),
      sharedNameThreshold: vars.BLOCKING_SHARED_NAME_THRESHOLD,
      asnZone: vars.BLOCKING_ASN_ZONE,
      expiryWarningDays: vars.BLOCKING_EXPIRY_WARNING_DAYS,
    },
  };
}
