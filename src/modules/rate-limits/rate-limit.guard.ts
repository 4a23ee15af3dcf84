import {
  applyDecorators,
  ExecutionContext,
  Injectable,
  Logger,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import { AppError } from '../../common/errors/app-error';

// The routes an attacker would hammer (issue 16): sign-in, notice intake, the subscriber's
// challenge page and the request for a password link (each may send a mail). Every other route is left alone: only a route marked @RateLimited() meets
// the guard, and the guard counts only that route's own group of limits.
export const RATE_LIMIT_GROUPS = ['login', 'intake', 'challenge', 'password_reset'] as const;
export type RateLimitGroup = (typeof RATE_LIMIT_GROUPS)[number];
export const RATE_LIMIT_GROUP = 'notice-relay:rate-limit-group';

export const RATE_LIMITED_CODE = 'rate_limited';

const WHAT: Record<RateLimitGroup, string> = {
  login: 'sign-in attempts',
  intake: 'notice submissions',
  challenge: 'requests for this challenge page',
  password_reset: 'requests for a password link',
};

export class RateLimitedError extends AppError<typeof RATE_LIMITED_CODE> {
  constructor(
    readonly group: RateLimitGroup,
    readonly retryAfterSeconds: number,
  ) {
    super(
      RATE_LIMITED_CODE,
      'rate_limited',
      `Too many ${WHAT[group]}; try again in ${retryAfterSeconds} seconds`,
    );
  }
}

export function groupOf(context: ExecutionContext): RateLimitGroup | undefined {
  return (Reflect.getMetadata(RATE_LIMIT_GROUP, context.getHandler()) ??
    Reflect.getMetadata(RATE_LIMIT_GROUP, context.getClass())) as RateLimitGroup | undefined;
}

// A ThrottlerGuard whose 429 is the service's own error (problem+json on the API, a page on
// the portal and the challenge page), with a plain Retry-After header in seconds.
// While Redis cannot count (down, or slower than it should be), requests pass with a warning:
// the lockout (PostgreSQL) still guards sign-in and the hourly quota still bounds intake, and
// a Redis outage must not stop notices from coming in (issue 17).
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly limitLogger = new Logger('rate-limits');

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (e) {
      if (e instanceof RateLimitedError) throw e;
      this.limitLogger.warn(
        { err: { message: (e as Error).message }, group: groupOf(context) },
        'rate limits not counted (Redis unavailable); request let through',
      );
      return true;
    }
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new RateLimitedError(groupOf(context) ?? 'login', retryAfter);
  }
}

export const RateLimited = (group: RateLimitGroup) =>
  applyDecorators(SetMetadata(RATE_LIMIT_GROUP, group), UseGuards(RateLimitGuard));
