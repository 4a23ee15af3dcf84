import { generateApiKey, generateSessionToken, sameHash, sha256, splitApiKey } from './credentials';

describe('credentials', () => {
  it('generates keys that split back into prefix and secret', () => {
    const k = generateApiKey();
    expect(k.key).toMatch(/^nrk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(splitApiKey(k.key)).toEqual({ prefix: k.prefix, secret: k.secret });
    expect(k.secretHash).toBe(sha256(k.secret));
    expect(k.secretHash).not.toContain(k.secret);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey().key));
    expect(keys.size).toBe(200);
  });

  it('rejects malformed keys', () => {
    expect(splitApiKey('nrk_short_secret')).toBeNull();
    expect(splitApiKey(`nrs_${'a'.repeat(12)}_${'b'.repeat(43)}`)).toBeNull();
    expect(splitApiKey('')).toBeNull();
  });

  it('compares hashes in constant time and by value', () => {
    expect(sameHash(sha256('a'), sha256('a'))).toBe(true);
    expect(sameHash(sha256('a'), sha256('b'))).toBe(false);
    expect(sameHash(sha256('a'), 'abcd')).toBe(false);
  });

  it('stores session tokens only as hashes', () => {
    const s = generateSessionToken();
    expect(s.token).toMatch(/^nrs_/);
    expect(s.tokenHash).toBe(sha256(s.token));
  });
});
