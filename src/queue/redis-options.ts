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
      // Only ever the primary: a connection that reaches a replica (INFO role) is dropped and
      // the sentinels asked again.
      role: 'master',
      // While no Sentinel answers, keep asking (every 200 ms at first, at most every 5 s).
      sentinelRetryStrategy: (times: number) => Math.min(times * 200, 5000),
      // No `failoverDetector` (ioredis's +switch-master subscription): when it fires while the
      // client is already reconnecting (the killed primary's socket closed first), it cancels
      // that reconnect and ioredis ends the client for good (status "end"): a Bull consumer
      // then never polls again (issue #17). A failover reaches the clients without it: a dead
      // primary's sockets close, and the Sentinels disconnect every client of a primary they
      // demote (CLIENT KILL TYPE normal), so each client asks the Sentinels again.
      // Commands issued while reconnecting wait for the new primary instead of failing.
      enableOfflineQueue: true,
      // A server answering READONLY is a demoted primary: reconnect (which asks the sentinels
      // for the primary they name now) and send the refused command again (2).
      reconnectOnError: (err: Error) => (err.message.startsWith('READONLY') ? 2 : false),
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
