import {
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { ThrottlerModule, ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Request } from 'express';
import Redis from 'ioredis';
import ipaddr from 'ipaddr.js';
import { createHash } from 'node:crypto';
import { AppConfig, RateLimitPair } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { redisOptions } from '../../queue/redis-options';
import { AuthenticatedRequest } from '../auth/principal';
import { groupOf, RATE_LIMIT_GROUPS, RateLimitGroup, RateLimitGuard } from './rate-limit.guard';

type LimitedRequest = Request & AuthenticatedRequest;

// The client's address (behind TRUST_PROXY hops); an IPv6 client counts by its /64, since one
// subscriber line gets a whole /64 to pick addresses from.
export function clientAddress(req: LimitedRequest): string {
  const raw = req.ip ?? req.socket?.remoteAddress ?? 'unknown';
  if (!ipaddr.isValid(raw)) return raw;
  const addr = ipaddr.process(raw);
  if (addr.kind() === 'ipv4') return addr.toString();
  const bytes = addr.toByteArray().slice(0, 8);
  return `${ipaddr.fromByteArray([...bytes, 0, 0, 0, 0, 0, 0, 0, 0]).toString()}/64`;
}

// Whose attempts a group counts besides the client address: the account signing in (the
// e-mail as typed, so unknown accounts are counted too), the sending organisation, or the
// message a challenge link names (its first part; the signature is checked by the page).
const emailTyped = (req: LimitedRequest): string => {
  const email = (req.body as Record<string, unknown> | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
};

const ACCOUNT: Record<RateLimitGroup, (req: LimitedRequest) => string> = {
  login: emailTyped,
  password_reset: emailTyped,
  intake: (req) =>
    req.principal?.organisationId ??
    req.principal?.apiKeyId ??
    req.principal?.userId ??
    `ip:${clientAddress(req)}`,
  challenge: (req) => {
    const token = (req.params as Record<string, unknown> | undefined)?.token;
    return typeof token === 'string' ? token.split('.')[0] : '';
  },
};

// Keys name the limit and a hash of whom it counts: no e-mail address reaches Redis, and the
// API and the portal count against the same key (two doors do not double the allowance).
const keyOf = (name: string, tracker: string): string =>
  `${name}:${createHash('sha256').update(tracker).digest('base64url')}`;

export function throttlersFor(config: AppConfig): ThrottlerOptions[] {
  const { enabled, windowSeconds } = config.rateLimits;
  if (!enabled) return [];
  return RATE_LIMIT_GROUPS.flatMap((group) => {
    const pair: RateLimitPair = config.rateLimits[group];
    const byKind = [
      { kind: 'ip', limit: pair.perIp, tracker: clientAddress },
      { kind: 'account', limit: pair.perAccount, tracker: ACCOUNT[group] },
    ];
    return byKind
      .filter((b): b is typeof b & { limit: number } => b.limit !== null)
      .map((b) => ({
        name: `${group}-${b.kind}`,
        limit: b.limit,
        ttl: windowSeconds * 1000,
        blockDuration: windowSeconds * 1000,
        skipIf: (context) => groupOf(context) !== group,
        getTracker: (req: Record<string, unknown>) => b.tracker(req as unknown as LimitedRequest),
        generateKey: (_context, tracker, name) => keyOf(name, tracker),
      }));
  });
}

// Its own connection with its own key prefix, lazily opened (nothing connects while the
// limits are off), failing fast while Redis is away: RateLimitGuard then lets requests
// through rather than stalling sign-in and intake behind a Redis outage.
@Injectable()
export class RateLimitRedis implements OnModuleInit, OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.client = new Redis({
      ...redisOptions(config.redis),
      keyPrefix: `${config.redis.queuePrefix}:rate:`,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    });
    this.client.on('error', () => undefined);
  }

  // Connected before the first request when the limits are on; a Redis that is away now is
  // retried in the background (requests pass meanwhile, RateLimitGuard).
  async onModuleInit(): Promise<void> {
    if (this.config.rateLimits.enabled) await this.client.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status === 'wait' || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client.disconnect());
  }
}

@Module({ providers: [RateLimitRedis], exports: [RateLimitRedis] })
class RateLimitRedisModule {}

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitRedisModule],
      inject: [APP_CONFIG, RateLimitRedis],
      useFactory: (config: AppConfig, redis: RateLimitRedis): ThrottlerModuleOptions => ({
        throttlers: throttlersFor(config),
        storage: new ThrottlerStorageRedisService(redis.client),
        // RateLimitGuard sets the standard Retry-After itself when it refuses.
        setHeaders: false,
      }),
    }),
  ],
  providers: [RateLimitGuard],
  exports: [ThrottlerModule, RateLimitGuard],
})
export class RateLimitsModule {}
