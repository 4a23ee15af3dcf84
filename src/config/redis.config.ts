import { IsString, Matches } from 'class-validator';
import { parseSentinels, RedisConfig } from '../queue/redis-options';
import { ConfigPart, readConfigPart } from './config-part';

export class RedisEnv {
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
}

export type RedisQueueConfig = RedisConfig & { queuePrefix: string };

export function readRedisConfig(env: NodeJS.ProcessEnv): ConfigPart<RedisEnv, RedisQueueConfig> {
  return readConfigPart(RedisEnv, env, [], (vars) => ({
    url: vars.REDIS_URL,
    sentinels: parseSentinels(vars.REDIS_SENTINELS),
    sentinelName: vars.REDIS_SENTINEL_NAME,
    queuePrefix: vars.QUEUE_PREFIX,
  }));
}
