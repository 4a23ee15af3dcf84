import type { Request } from 'express';
import { loadConfig } from '../../config/app-config';
import { clientAddress, throttlersFor } from './rate-limits.module';

const req = (ip: string) => ({ ip }) as unknown as Request;
const config = (env: NodeJS.ProcessEnv) =>
  loadConfig({ SECRET_KEY: 'k'.repeat(40), NODE_ENV: 'test', ...env });

describe('rate limits', () => {
  it('counts an IPv4 client by its address and an IPv6 client by its /64', () => {
    expect(clientAddress(req('203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(req('::ffff:203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(req('2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(clientAddress(req('2001:db8:1:2:bbbb::7'))).toBe(
      clientAddress(req('2001:db8:1:2:aaaa::1')),
    );
    expect(clientAddress(req('2001:db8:1:3::1'))).not.toBe(clientAddress(req('2001:db8:1:2::1')));
  });

  it('makes two limits per group, leaves out a lifted one, and none when off', () => {
    const names = (env: NodeJS.ProcessEnv) => throttlersFor(config(env)).map((t) => t.name);
    expect(names({})).toEqual([
      'login-ip',
      'login-account',
      'intake-ip',
      'intake-account',
      'challenge-ip',
      'challenge-account',
      'password_reset-ip',
      'password_reset-account',
    ]);
    expect(names({ RATE_LIMIT_PASSWORD_RESET_PER_ACCOUNT: '0' })).not.toContain(
      'password_reset-account',
    );
    expect(names({ RATE_LIMIT_INTAKE_PER_IP: '0' })).not.toContain('intake-ip');
    expect(names({ RATE_LIMITS: 'off' })).toEqual([]);
    const login = throttlersFor(config({ RATE_LIMIT_WINDOW_SECONDS: '30' }))[0];
    expect(login).toMatchObject({ limit: 20, ttl: 30_000, blockDuration: 30_000 });
  });
});
