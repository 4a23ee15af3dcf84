import type { RedisOptions } from 'ioredis';

export interface RedisConfig {
  url: string;
  // Sentinel (production): the sentinels to ask for the current primary of `sentinelName`;
  // the URL then only gives the password and database number.
  sentinels: Array<{ host: string; port: number }>;
  sentinelName: string;
}

// Bull wants options, not a URL string, when we also set reconnect behaviour.
export function redisOptions(config: RedisConfig): RedisOptions {
  const u = new URL(config.url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  const common: RedisOptions = {
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: Number.isFinite(db) ? db : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    // Keep retrying while Redis is away; the outbox and health checks report the gap.
    retryStrategy: (times: number) => Math.min(times * 200, 5000),
  };
  if (config.sentinels.length > 0) {
    return {
      ...common,
      sentinels: config.sentinels,
      name: config.sentinelName,
      // After a failover the clients reconnect to the primary the sentinels now name; a
      // replica answering READONLY (the old primary demoted) makes them look again.
      sentinelRetryStrategy: (times: number) => Math.min(times * 200, 5000),
      reconnectOnError: (err: Error) => err.message.startsWith('READONLY'),
    };
  }
  return {
    ...common,
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
  };
}

// "host:port,host:port" -> sentinels.
export function parseSentinels(list: string): Array<{ host: string; port: number }> {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const i = s.lastIndexOf(':');
      return { host: s.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(s.slice(i + 1)) };
    });
}
