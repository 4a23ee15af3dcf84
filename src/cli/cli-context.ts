import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InvalidArgumentError } from 'commander';
import { AppConfig } from '../config/app-config';
import { CliModule } from './cli.module';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  // The process's standard input by default; tests give bytes.
  stdin?: () => Promise<Buffer>;
}

export interface CommandDeps {
  io: CliIo;
  cfg: () => AppConfig;
}

export function oneOf<T extends string>(values: readonly T[], what: string) {
  return (v: string): T => {
    if (!values.includes(v as T)) {
      throw new InvalidArgumentError(`${what} must be one of: ${values.join(', ')}`);
    }
    return v as T;
  };
}

export async function withContext<T>(
  config: AppConfig,
  fn: (ctx: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
