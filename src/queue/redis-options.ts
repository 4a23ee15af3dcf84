import type { RedisOptions } from 'ioredis';

// Bull wants options, not a URL string, when we also set reconnect behaviour.
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Keep retrying while Redis is away; the outbox and health checks report the gap.
    retryStrategy: (times: number) => Math.min(times * 200, 5000),
  };
}
