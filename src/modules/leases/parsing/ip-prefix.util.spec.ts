import fc from 'fast-check';
import { canonicalPrefix } from './ip-prefix.util';
import { normaliseMac } from './identifier.util';

describe('canonical forms: fast paths agree with the general parsers', () => {
  it('gives a plain dotted quad the same prefix as the general path', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        // A leading space is trimmed, which sends the same address through ipaddr.
        expect(canonicalPrefix(ip)).toEqual(canonicalPrefix(` ${ip}`));
        expect(canonicalPrefix(ip, 32)).toEqual(canonicalPrefix(` ${ip}`, 32));
      }),
    );
  });
  it('still clears host bits and refuses non-canonical spellings', () => {
    expect(canonicalPrefix('10.1.2.3', 24)?.prefix).toBe('10.1.2.0/24');
    expect(canonicalPrefix('010.1.2.3')).toBeNull();
    expect(canonicalPrefix('10.1.2.256')).toBeNull();
  });
  it('leaves a canonical MAC as it is and normalises other spellings alike', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
        const mac = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
        expect(normaliseMac(mac)).toBe(mac);
        expect(normaliseMac(mac.toUpperCase().replace(/:/g, '-'))).toBe(mac);
      }),
    );
  });
});
