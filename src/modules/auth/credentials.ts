import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// API keys and session tokens carry 256 random bits, so a single SHA-256 is enough to store
// them safely (a slow hash protects low-entropy passwords, which these are not) and keeps
// every authenticated request cheap. Passwords use argon2id (password.service.ts).
export const API_KEY_PREFIX = 'nrk';
export const SESSION_PREFIX = 'nrs';

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface GeneratedApiKey {
  prefix: string;
  secret: string;
  key: string;
  secretHash: string;
}

// Shape: nrk_<12-char lookup prefix>_<43-char secret>; the prefix finds the row, the secret proves it.
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return {
    prefix,
    secret,
    key: `${API_KEY_PREFIX}_${prefix}_${secret}`,
    secretHash: sha256(secret),
  };
}

export function splitApiKey(key: string): { prefix: string; secret: string } | null {
  const m = /^nrk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { prefix: m[1], secret: m[2] } : null;
}

export function generateSessionToken(): { token: string; tokenHash: string } {
  const token = `${SESSION_PREFIX}_${randomBytes(32).toString('base64url')}`;
  return { token, tokenHash: sha256(token) };
}
