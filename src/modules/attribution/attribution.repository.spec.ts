import { decodeLeaseCandidates, LeaseCandidate } from './attribution.repository';

const R = '\x1e';
const F = '\x1f';

describe('decodeLeaseCandidates', () => {
  it('decodes every field of the compact answer, open and unmapped bindings included', () => {
    const text = [
      [
        '3',
        '17',
        '2',
        '10.0.0.5',
        '32',
        '1790812800000',
        '1790816400000',
        '1790816400000',
        'true',
        '=SUB-1',
      ],
      ['4', '18', '1', '2001:db8:1::', '56', '1790812800000', '', '1790814000000', 'false', ''],
    ]
      .map((f) => f.join(F))
      .join(R);
    const out: LeaseCandidate[] = [];
    decodeLeaseCandidates(text, out);
    expect(out).toEqual([
      {
        ord: 3,
        id: '17',
        sourceId: 2,
        address: '10.0.0.5',
        masklen: 32,
        starts: new Date(1790812800000),
        ends: new Date(1790816400000),
        confirmedUntil: new Date(1790816400000),
        endIsActual: true,
        reference: 'SUB-1',
      },
      {
        ord: 4,
        id: '18',
        sourceId: 1,
        address: '2001:db8:1::',
        masklen: 56,
        starts: new Date(1790812800000),
        ends: null,
        confirmedUntil: new Date(1790814000000),
        endIsActual: false,
        reference: null,
      },
    ]);
  });

  it('keeps an empty reference apart from a missing one', () => {
    const out: LeaseCandidate[] = [];
    decodeLeaseCandidates(
      ['1', '2', '3', '10.0.0.1', '32', '0', '', '0', 'false', '='].join(F),
      out,
    );
    expect(out[0].reference).toBe('');
  });
});
