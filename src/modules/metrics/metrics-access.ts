import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { authErrors } from '../auth/auth.errors';

function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

// Metrics show counts of identity reads, so outside development they are served only with
// METRICS_TOKEN, and not at all while none is configured (issue 16). Throws the refusal.
export function checkMetricsAccess(
  config: Pick<AppConfig, 'metricsToken' | 'env'>,
  authorization: string | undefined,
): void {
  const token = config.metricsToken;
  if (!token && config.env !== 'development') throw authErrors.metricsTokenRequired();
  if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) throw authErrors.invalid();
}
