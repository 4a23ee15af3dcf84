import { parseProtectedFile } from './protected-file';
import { ProtectedIndex } from './protected-index';
import { ParsedValue, parseTargetValue } from './target-values';

const parse = (v: string): ParsedValue => {
  const p = parseTargetValue(v);
  if ('error' in p) throw new Error(p.error);
  return p;
};

describe('target values', () => {
  it('normalises names, addresses and ranges', () => {
    expect(parseTargetValue('WWW.Example.COM.')).toEqual({
      kind: 'fqdn',
      value: 'www.example.com',
    });
    expect(parseTargetValue('bücher.example')).toEqual({
      kind: 'fqdn',
      value: 'xn--bcher-kva.example',
    });
    expect(parse('203.0.113.77/24')).toMatchObject({
      kind: 'cidr',
      value: '203.0.113.0/24',
      family: 4,
      prefix: 24,
    });
    expect(parse('2001:DB8:0::1')).toMatchObject({
      kind: 'ip',
      value: '2001:db8::1',
      family: 6,
      prefix: 128,
    });
    expect(parse('198.51.100.7/32')).toMatchObject({ kind: 'ip', value: '198.51.100.7' });
  });

  it('refuses what is not a name or an address, saying why', () => {
    for (const bad of [
      '',
      'localhost',
      '*.example.com',
      'exa mple.com',
      '1.2.3',
      '10.0.0.0/33',
      '-bad.example',
    ]) {
      expect(parseTargetValue(bad)).toHaveProperty('error');
    }
  });
});

describe('ProtectedIndex', () => {
  const { entries, problems } = parseProtectedFile(
    [
      '# lawful services that may never be blocked',
      'fqdn lawful-iptv.example registrar="Example Registrar"  # licensed IPTV',
      'cidr 104.16.0.0/13 asn=13335  # CDN',
      '2606:4700::/32',
      'AS64500 # hosting provider',
      'portal.isp.example',
    ].join('\n'),
  );
  const index = new ProtectedIndex(entries, { ipv4: 24, ipv6: 48 });

  it('reads every line of the documented format', () => {
    expect(problems).toEqual([]);
    expect(entries.map((e) => `${e.kind} ${e.value}${e.asn ? ` ${e.asn}` : ''}`)).toEqual([
      'fqdn lawful-iptv.example',
      'cidr 104.16.0.0/13 13335',
      'cidr 2606:4700::/32',
      'asn 64500',
      'fqdn portal.isp.example',
    ]);
    expect(entries[0].note).toBe('licensed IPTV; registrar: Example Registrar');
  });

  it('names every bad line and loads none of them', () => {
    const r = parseProtectedFile('fqdn ok.example\ncidr 10.0.0.0/40\nbogus=1\nfqdn 10.0.0.1');
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4]);
  });

  it('shelters a protected name and everything under it (a parent passes it through in exports)', () => {
    expect(index.check(parse('lawful-iptv.example'))).toMatchObject({
      ok: false,
      reason: 'protected',
    });
    expect(index.check(parse('live.lawful-iptv.example'))).toMatchObject({
      ok: false,
      reason: 'protected',
    });
    expect(index.check(parse('isp.example'))).toEqual({ ok: true });
    expect(index.check(parse('pirate-mirror.example'))).toEqual({ ok: true });
    expect(index.check(parse('other-iptv.example'))).toEqual({ ok: true });
  });

  it('refuses an address or range overlapping a protected range, at both edges', () => {
    expect(index.check(parse('104.16.0.0'))).toMatchObject({ ok: false, reason: 'protected' });
    expect(index.check(parse('104.23.255.255'))).toMatchObject({ ok: false, reason: 'protected' });
    expect(index.check(parse('104.24.0.0'))).toEqual({ ok: true });
    expect(index.check(parse('104.15.255.255'))).toEqual({ ok: true });
    expect(index.check(parse('104.15.255.0/24'))).toEqual({ ok: true });
    expect(index.check(parse('2606:4700:10::6816:1'))).toMatchObject({
      ok: false,
      reason: 'protected',
    });
    const hit = index.check(parse('104.17.1.1'));
    expect(hit.ok === false && hit.detail).toContain('AS13335');
  });

  it('refuses a range wider than the configured prefix as shared infrastructure', () => {
    expect(index.check(parse('198.51.100.0/23'))).toMatchObject({ ok: false, reason: 'too_wide' });
    expect(index.check(parse('198.51.100.0/24'))).toEqual({ ok: true });
    expect(index.check(parse('2001:db8::/47'))).toMatchObject({ ok: false, reason: 'too_wide' });
  });

  it('refuses an address announced by a protected AS', () => {
    expect(index.check(parse('192.0.2.10'), ['64500'])).toMatchObject({
      ok: false,
      reason: 'protected',
    });
    expect(index.check(parse('192.0.2.10'), ['64501'])).toEqual({ ok: true });
  });

  it('agrees with a linear scan on random ranges', () => {
    const ranges = Array.from({ length: 300 }, (_, i) => `10.${i % 256}.${(i * 7) % 256}.0/24`);
    const idx = new ProtectedIndex(
      ranges.map((value) => ({ kind: 'cidr' as const, value, asn: null, note: '' })),
      { ipv4: 8, ipv6: 16 },
    );
    const parsedRanges = ranges.map(parse) as Array<Extract<ParsedValue, { start: bigint }>>;
    for (let i = 0; i < 500; i++) {
      const t = parse(
        `10.${(i * 13) % 256}.${(i * 29) % 256}.${i % 256}/${16 + (i % 17)}`,
      ) as Extract<ParsedValue, { start: bigint }>;
      const expected = parsedRanges.some((r) => r.start <= t.end && r.end >= t.start);
      expect([t.value, idx.check(t).ok]).toEqual([t.value, !expected]);
    }
  });
});
