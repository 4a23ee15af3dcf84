import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength } from 'class-validator';
import { ConfigPart, readConfigPart, toInt } from './config-part';

export const RUN_MODES = ['all', 'api', 'worker'] as const;
export type RunMode = (typeof RUN_MODES)[number];
export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// The process as a whole: what it runs, where it listens, how it logs, sessions and metrics.
export class ServiceEnv {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsIn(RUN_MODES)
  MODE: RunMode = 'all';

  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  // MODE=worker serves GET /metrics on this port (0 picks a free one); unset, it serves none.
  @IsOptional()
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt()
  WORKER_METRICS_PORT?: number;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  PUBLIC_URL = 'http://localhost:3000';

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
}

export interface ServiceConfig {
  env: NodeEnv;
  mode: RunMode;
  http: {
    host: string;
    port: number;
    publicUrl: string;
    trustProxy: number;
    // MODE=worker only: where it serves /metrics; null for nowhere.
    workerMetricsPort: number | null;
  };
  logLevel: LogLevel;
  sessionTtlHours: number;
  metricsToken: string | null;
}

export function readServiceConfig(env: NodeJS.ProcessEnv): ConfigPart<ServiceEnv, ServiceConfig> {
  return readConfigPart(ServiceEnv, env, ['METRICS_TOKEN', 'WORKER_METRICS_PORT'], (vars) => ({
    env: vars.NODE_ENV,
    mode: vars.MODE,
    http: {
      host: vars.HOST,
      port: vars.PORT,
      publicUrl: vars.PUBLIC_URL.replace(/\/+$/, ''),
      trustProxy: vars.TRUST_PROXY,
      workerMetricsPort: vars.WORKER_METRICS_PORT ?? null,
    },
    logLevel: vars.LOG_LEVEL,
    sessionTtlHours: vars.SESSION_TTL_HOURS,
    metricsToken: vars.METRICS_TOKEN ?? null,
  }));
}
