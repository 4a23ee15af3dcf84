import {
  arrayLiteral,
  decodeLeaseCandidates,
  LeaseCandidate,
  LeaseGroup,
  LeaseProbeBatcher,
} from './attribution.repository';

const R = '\x1e';
const F = '\x1f';

const group = (keys: string[], ords: number[]): LeaseGroup => ({
  ords,
  keys,
  times: keys.map(() => 0),
  min: 0,
  max: 0,
});

describe('decodeLeaseCandidates', () => {
  it('decodes every field of the compact answer, open and unmapped bindings included', () => {
    const text = [
      ['1', '17', '2', '1790812800000', '1790816400000', '1790816400000', 't', '=SUB-1'],
      ['3', '18', '12', '1790812800000', '', '1790814000000', 'f', ''],
    ]
      .map((f) => f.join(F))
      .join(R);
    const out: LeaseCandidate[] = [];
    decodeLeaseCandidates(
      text,
      group(['10.0.0.5', '2001:db8:1::1', '2001:db8:1::/56'], [7, 9, 9]),
      out,
    );
    expect(out).toEqual([
      {
        ord: 7,
        id: '17',
        sourceId: 2,
        address: '10.0.0.5',
        starts: 1790812800000,
        ends: 1790816400000,
        confirmedUntil: 1790816400000,
        endIsActual: true,
        reference: 'SUB-1',
      },
      {
        ord: 9,
        id: '18',
        sourceId: 12,
        address: '2001:db8:1::/56',
        starts: 1790812800000,
        ends: null,
        confirmedUntil: 1790814000000,
        endIsActual: false,
        reference: null,
      },
    ]);
  });

  it('keeps an empty reference apart from a missing one, and reads one holding separators', () => {
    const out: LeaseCandidate[] = [];
    decodeLeaseCandidates(
      [
        ['1', '2', '3', '0', '', '0', 'f', '='].join(F),
        ['1', '4', '3', '-86400000', '-1000', '-1000', 't', `=odd${F}ref`].join(F),
      ].join(R),
      group(['10.0.0.1'], [0]),
      out,
    );
    expect(out.map((c) => c.reference)).toEqual(['', `odd${F}ref`]);
    expect(out[1]).toMatchObject({ starts: -86_400_000, ends: -1000, confirmedUntil: -1000 });
  });
});

describe('LeaseProbeBatcher', () => {
  const at = (iso: string) => Date.parse(iso);

  it('groups probes by month and hands over a group as soon as it is full', () => {
    const groups: LeaseGroup[] = [];
    const b = new LeaseProbeBatcher((g) => groups.push(g), 3);
    b.add(0, '10.0.0.1', at('2026-08-31T23:59:59Z'));
    b.add(1, '10.0.0.2', at('2026-09-01T00:00:00Z'));
    b.add(2, '10.0.0.3', at('2026-08-01T00:00:00Z'));
    expect(groups).toHaveLength(0);
    b.add(3, '10.0.0.4', at('2026-08-15T00:00:00Z'));
    expect(groups).toEqual([
      {
        ords: [0, 2, 3],
        keys: ['10.0.0.1', '10.0.0.3', '10.0.0.4'],
        times: [at('2026-08-31T23:59:59Z'), at('2026-08-01T00:00:00Z'), at('2026-08-15T00:00:00Z')],
        min: at('2026-08-01T00:00:00Z'),
        max: at('2026-08-31T23:59:59Z'),
      },
    ]);
    b.flush();
    expect(groups[1]).toMatchObject({ ords: [1], keys: ['10.0.0.2'] });
  });

  it('keeps all keys of one probe in one group, even past the chunk size', () => {
    const groups: LeaseGroup[] = [];
    const b = new LeaseProbeBatcher((g) => groups.push(g), 2);
    b.add(0, '10.0.0.1', at('2026-08-02T00:00:00Z'));
    b.add(1, ['2001:db8::1', '2001:db8::/56', '2001:db8::/48'], at('2026-08-02T00:00:00Z'));
    b.flush();
    expect(groups).toHaveLength(1);
    expect(groups[0].ords).toEqual([0, 1, 1, 1]);
  });
});

describe('arrayLiteral', () => {
  it('joins canonical addresses as they are and quotes anything else', () => {
    expect(arrayLiteral(['10.0.0.1', '2001:db8::/56'])).toBe('{10.0.0.1,2001:db8::/56}');
    expect(arrayLiteral(['fe80::1%eth0', 'a"b\\c'])).toBe('{"fe80::1%eth0","a\\"b\\\\c"}');
    // An element that would split or empty the array is quoted too.
    expect(arrayLiteral(['10.0.0.1,10.0.0.2', ''])).toBe('{"10.0.0.1,10.0.0.2",""}');
  });
});
