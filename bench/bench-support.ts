import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli/cli.module';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { migrate } from '../src/database/migrator';

// Benchmarks use their own database (never the service's) and print figures; they assert nothing.
export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/notice_relay_bench';

// Each benchmark has its own database, so one never destroys another's generated data.
export function benchDatabaseUrl(suffix: string): string {
  const u = new URL(BENCH_DATABASE_URL);
  u.pathname = `${u.pathname}_${suffix}`;
  return u.toString();
}

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    process.stderr.write(`--${name} needs a positive number\n`);
    process.exit(2);
  }
  return v;
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

// The settings of a bench run, also given to a CLI process a bench spawns.
export function benchEnv(
  databaseUrl = BENCH_DATABASE_URL,
  extra: NodeJS.ProcessEnv = {},
): NodeJS.ProcessEnv {
  return {
    // Benchmarks measure speed, as the superuser on every connection (the roles of issue 16
    // are proven by the test suite); the identity connection would otherwise need db:roles.
    DATABASE_URL: databaseUrl,
    IDENTITY_DATABASE_URL: databaseUrl,
    MIGRATION_DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    ADDRESS_SPACE: '10.0.0.0/8,2001:db8::/32',
    RETENTION_LEASE_DAYS: '3650',
    // A bench is one client sending as fast as it can: the rate limits would measure themselves.
    RATE_LIMITS: 'off',
    ...extra,
  };
}

export function benchConfig(
  databaseUrl = BENCH_DATABASE_URL,
  extra: NodeJS.ProcessEnv = {},
): AppConfig {
  return loadConfig(benchEnv(databaseUrl, extra));
}

export async function benchContext(config: AppConfig): Promise<INestApplicationContext> {
  await migrate(config.database.url);
  return NestFactory.createApplicationContext(CliModule.forRoot(config), { logger: ['error'] });
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
