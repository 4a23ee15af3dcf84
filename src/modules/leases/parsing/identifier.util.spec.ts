import { dhcpSessionKey, normaliseHexId, normaliseMac } from './identifier.util';

describe('dhcpSessionKey', () => {
  it('keys on the DUID, else the MAC, else the client-id', () => {
    expect(dhcpSessionKey('2001:db8::/56', { duid: '00:03', mac: 'aa:bb:cc:dd:ee:ff' })).toBe(
      '2001:db8::/56|00:03',
    );
    expect(dhcpSessionKey('192.0.2.1/32', { clientId: '01:aa', mac: 'aa:bb:cc:dd:ee:ff' })).toBe(
      '192.0.2.1/32|aa:bb:cc:dd:ee:ff',
    );
    expect(dhcpSessionKey('192.0.2.1/32', { clientId: '01:aa', remoteId: '02' })).toBe(
      '192.0.2.1/32|01:aa',
    );
    expect(dhcpSessionKey('192.0.2.1/32', {})).toBeUndefined();
  });
});

describe('identifier normalisation', () => {
  it('normalises MAC spellings and short hex bytes', () => {
    expect(normaliseMac('AA-BB-CC-0D-0E-0F')).toBe('aa:bb:cc:0d:0e:0f');
    expect(normaliseMac('aabb.cc0d.0e0f')).toBe('aa:bb:cc:0d:0e:0f');
    expect(normaliseMac('aa:bb:cc')).toBeNull();
    expect(normaliseHexId('1:0:C')).toBe('01:00:0c');
    expect(normaliseHexId('0x0102')).toBe('01:02');
    expect(normaliseHexId('xyz')).toBeNull();
  });
});
