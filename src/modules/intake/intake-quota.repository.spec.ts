import { shareOut, windowSums } from './intake-quota.repository';

const W = new Date('2026-11-01T10:00:00Z');
const NEXT = new Date('2026-11-01T11:00:00Z');
const ORG = '00000000-0000-4000-8000-00000000000A';

describe('quota reservation share-out', () => {
  it('sums what each sender window wants (case-blind ids, negatives as none)', () => {
    expect(
      windowSums([
        { organisationId: ORG, windowStart: W, wanted: 3, keys: ['a'] },
        { organisationId: ORG.toLowerCase(), windowStart: W, wanted: -2, keys: [] },
        { organisationId: ORG, windowStart: W, wanted: 4, keys: [] },
        { organisationId: ORG, windowStart: NEXT, wanted: 1, keys: [] },
      ]),
    ).toEqual([
      { organisationId: ORG, windowStart: W, wanted: 7 },
      { organisationId: ORG, windowStart: NEXT, wanted: 1 },
    ]);
  });

  it('gives each notice what it wants in order while the grant lasts, and its own earlier items', () => {
    const earlier = new Map([
      ['k1', { itemId: 'i1', noticeId: 'n1' }],
      ['k2', { itemId: 'i2', noticeId: 'n2' }],
    ]);
    const grants = new Map([[`${ORG.toLowerCase()}|${W.getTime()}`, 5]]);
    const out = shareOut(
      [
        { organisationId: ORG, windowStart: W, wanted: 3, keys: ['k1', 'x'] },
        { organisationId: ORG, windowStart: W, wanted: 3, keys: ['k2'] },
        { organisationId: ORG, windowStart: W, wanted: 1, keys: [] },
        { organisationId: ORG, windowStart: NEXT, wanted: 1, keys: [] },
      ],
      { grants, earlier },
    );
    expect(out.map((r) => r.granted)).toEqual([3, 2, 0, 0]);
    expect([...out[0].earlier.keys()]).toEqual(['k1']);
    expect(out[1].earlier.get('k2')).toEqual({ itemId: 'i2', noticeId: 'n2' });
    expect(grants.get(`${ORG.toLowerCase()}|${W.getTime()}`)).toBe(5); // input left as it was
  });
});
