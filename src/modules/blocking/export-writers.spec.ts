import { ActiveTargetRow } from './blocking.types';
import { buildState } from './blocking-export.service';
import { renderExport, stateDigest } from './export-writers';
import { ProtectedIndex } from './protected-index';

const row = (value: string, order = 'BO-1', overridden = false): ActiveTargetRow => ({
  id: value,
  kind: value.includes('/') ? 'cidr' : /^[\d.]+$/.test(value) ? 'ip' : 'fqdn',
  value,
  orderReference: order,
  overridden,
  firstExportedAt: null,
});

describe('export state and writers', () => {
  const index = new ProtectedIndex(
    [
      { kind: 'fqdn', value: 'cdn.pirate.example', asn: null, note: '' },
      { kind: 'fqdn', value: 'lawful.example', asn: null, note: '' },
      { kind: 'cidr', value: '104.16.0.0/13', asn: '13335', note: '' },
    ],
    { ipv4: 24, ipv6: 48 },
  );
  const settings = { zone: 'rpz.test.', stopIpv4: '192.0.2.80', stopIpv6: '2001:db8::80', ttl: 60 };

  it('leaves protected targets out unless overridden, passes protected names under blocked ones, de-duplicates and sorts', () => {
    const state = buildState(
      [
        row('zeta.example'),
        row('pirate.example', 'BO-2'),
        row('pirate.example', 'BO-1'),
        row('lawful.example'),
        row('104.17.0.1'),
        row('198.51.100.7', 'BO-2'),
        row('198.51.100.7', 'BO-1'),
        row('104.18.0.9', 'BO-3', true),
      ],
      index,
    );
    expect(state).toEqual({
      names: ['pirate.example', 'zeta.example'],
      passthrough: ['cdn.pirate.example'],
      ranges: [
        { value: '104.18.0.9', family: 4, orders: ['BO-3'] },
        { value: '198.51.100.7', family: 4, orders: ['BO-1', 'BO-2'] },
      ],
    });
  });

  it('gives the same bytes and digest for the same state, whatever the row order', () => {
    const rows = [row('b.example'), row('a.example'), row('198.51.100.9')];
    const a = buildState(rows, index);
    const b = buildState([...rows].reverse(), index);
    expect(stateDigest(a, settings)).toBe(stateDigest(b, settings));
    expect(renderExport('rpz', a, settings, 7)).toBe(renderExport('rpz', b, settings, 7));
    expect(stateDigest(buildState(rows.slice(1), index), settings)).not.toBe(
      stateDigest(a, settings),
    );
  });

  it('writes each format', () => {
    const state = buildState([row('pirate.example'), row('198.51.100.7')], index);
    const rpz = renderExport('rpz', state, settings, 3);
    expect(rpz).toContain('$ORIGIN rpz.test.');
    expect(rpz).toContain('@ IN SOA localhost. hostmaster.localhost. 3 ');
    expect(rpz).toContain('pirate.example IN A 192.0.2.80\n');
    expect(rpz).toContain('*.pirate.example IN AAAA 2001:db8::80\n');
    expect(rpz).toContain('cdn.pirate.example IN CNAME rpz-passthru.\n');
    const unbound = renderExport('unbound', state, settings, 3);
    expect(unbound).toContain('  local-zone: "pirate.example." redirect\n');
    expect(unbound).toContain('  local-zone: "cdn.pirate.example." transparent\n');
    const dnsmasq = renderExport('dnsmasq', state, settings, 3);
    expect(dnsmasq).toContain('address=/pirate.example/192.0.2.80\n');
    expect(dnsmasq).toContain('server=/cdn.pirate.example/#\n');
    expect(renderExport('csv', state, settings, 3)).toBe(
      '# serial 3\nfamily,range,orders\n4,198.51.100.7,BO-1\n',
    );
    expect(JSON.parse(renderExport('json', state, settings, 3))).toEqual({
      serial: 3,
      ipv4: ['198.51.100.7'],
      ipv6: [],
      names: ['pirate.example'],
    });
  });
});
