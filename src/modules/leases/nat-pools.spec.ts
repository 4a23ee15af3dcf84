import { contains, deterministicInside, deterministicOutside, NatPool } from './nat-pools';

const pool: NatPool = {
  id: 1,
  name: 'det',
  publicPrefix: '203.0.113.0/30',
  insidePrefix: '100.64.0.0/24',
  portMin: 1024,
  portMax: 65535,
  blockSize: 2016,
  deterministic: true,
  quarantineSeconds: 120,
};

describe('deterministic NAT (RFC 7422)', () => {
  it('maps the first and last port of a block to the same inside address', () => {
    expect(deterministicInside(pool, '203.0.113.0', 1024)).toBe('100.64.0.0');
    expect(deterministicInside(pool, '203.0.113.0', 1024 + 2015)).toBe('100.64.0.0');
    expect(deterministicInside(pool, '203.0.113.0', 1024 + 2016)).toBe('100.64.0.1');
  });

  it('moves to the next public address after its blocks are used', () => {
    // (65535 - 1024 + 1) / 2016 = 32 blocks per public address.
    expect(deterministicInside(pool, '203.0.113.1', 1024)).toBe('100.64.0.32');
  });

  it('is the inverse of the outside mapping', () => {
    for (const inside of ['100.64.0.0', '100.64.0.7', '100.64.0.33', '100.64.0.127']) {
      const out = deterministicOutside(pool, inside)!;
      expect(deterministicInside(pool, out.publicIp, out.portLow)).toBe(inside);
      expect(deterministicInside(pool, out.publicIp, out.portHigh)).toBe(inside);
    }
  });

  it('answers null outside the configured ports and addresses', () => {
    expect(deterministicInside(pool, '203.0.113.0', 80)).toBeNull();
    expect(deterministicInside(pool, '203.0.113.9', 2000)).toBeNull();
  });

  it('tests prefix containment per address family', () => {
    expect(contains('203.0.113.0/30', '203.0.113.3')).toBe(true);
    expect(contains('203.0.113.0/30', '203.0.113.4')).toBe(false);
    expect(contains('2001:db8::/32', '203.0.113.4')).toBe(false);
    expect(contains('2001:db8::/32', '2001:db8:1::5')).toBe(true);
    expect(contains('2001:db8::/32', 'garbage')).toBe(false);
  });
});
