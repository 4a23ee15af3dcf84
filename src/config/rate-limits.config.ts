import { Transform } from 'class-transformer';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ConfigPart, readConfigPart, toInt } from './config-part';

// Rate limits (issue 16), counted in Redis per window, per client address and per account;
// 0 lifts one limit, RATE_LIMITS=off all of them (test rigs and benchmarks only).
export class RateLimitsEnv {
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
}

export interface RateLimitPair {
  perIp: number | null;
  perAccount: number | null;
}

// Per window: requests from one client address (perIp) and for one account (perAccount);
// null lifts the limit. `enabled: false` lifts them all.
export interface RateLimitsConfig {
  enabled: boolean;
  windowSeconds: number;
  login: RateLimitPair;
  intake: RateLimitPair;
  challenge: RateLimitPair;
  password_reset: RateLimitPair;
}

const pair = (perIp: number, perAccount: number): RateLimitPair => ({
  perIp: perIp === 0 ? null : perIp,
  perAccount: perAccount === 0 ? null : perAccount,
});

export function readRateLimitsConfig(
  env: NodeJS.ProcessEnv,
): ConfigPart<RateLimitsEnv, RateLimitsConfig> {
  return readConfigPart(RateLimitsEnv, env, [], (vars) => ({
    enabled: vars.RATE_LIMITS === 'on',
    windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
    login: pair(vars.RATE_LIMIT_LOGIN_PER_IP, vars.RATE_LIMIT_LOGIN_PER_ACCOUNT),
    intake: pair(vars.RATE_LIMIT_INTAKE_PER_IP, vars.RATE_LIMIT_INTAKE_PER_ACCOUNT),
    challenge: pair(vars.RATE_LIMIT_CHALLENGE_PER_IP, vars.RATE_LIMIT_CHALLENGE_PER_LINK),
    password_reset: pair(
      vars.RATE_LIMIT_PASSWORD_RESET_PER_IP,
      vars.RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT,
    ),
  }));
}
