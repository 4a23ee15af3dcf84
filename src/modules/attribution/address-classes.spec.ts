import fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { dottedQuad } from './address-classes';

// The fast path must accept exactly the canonical dotted quads (ipaddr's own output for IPv4)
// and leave every other notation to ipaddr's general parser.
describe('dottedQuad', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const canonical = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));

  it('reads a canonical dotted quad as its 32-bit value', () => {
    fc.assert(
      fc.property(canonical, (ip) => {
        const value = ipaddr.IPv4.parse(ip).octets.reduce((n, o) => n * 256 + o, 0);
        expect(dottedQuad(ip)).toBe(value);
        expect(ipaddr.process(ip).toString()).toBe(ip);
      }),
    );
    expect(dottedQuad('255.255.255.255')).toBe(4_294_967_295);
    expect(dottedQuad('0.0.0.0')).toBe(0);
  });

  it('refuses every string that is not a canonical dotted quad', () => {
    for (const ip of [
      '',
      '10.0.0',
      '10.0.0.0.1',
      '10.0.0.256',
      '010.0.0.1',
      '10.0.0.01',
      '10.0.0.00',
      '10..0.1',
      '.10.0.0.1',
      '10.0.0.1.',
      '10.0.0.1 ',
      '0x0a.0.0.1',
      '167772161',
      '::ffff:10.0.0.1',
      '10.0.0.1/32',
      '1000.0.0.1',
    ]) {
      expect(dottedQuad(ip)).toBe(-1);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (s) => {
        const canonicalForm =
          /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
        expect(dottedQuad(s) >= 0).toBe(canonicalForm.test(s));
      }),
    );
  });
});
