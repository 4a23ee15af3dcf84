import { summariseCounselOutcomes } from './counsel-outcomes';

describe('summariseCounselOutcomes', () => {
  it('splits items into forwarded, not forwarded by reason and pending, adding up', () => {
    const s = summariseCounselOutcomes(
      [
        { status: 'forwarded', reasonCode: null, count: 4 },
        { status: 'refused', reasonCode: 'timestamp_zone', count: 2 },
        { status: 'refused', reasonCode: 'cgnat_port', count: 1 },
        { status: 'not_forwarded', reasonCode: 'ambiguous', count: 3 },
        { status: 'not_forwarded', reasonCode: 'regime_policy', count: 1 },
        { status: 'duplicate', reasonCode: 'duplicate', count: 1 },
        { status: 'queued', reasonCode: 'quota', count: 5 },
        { status: 'attributed', reasonCode: null, count: 1 },
      ],
      (code) => `rule ${code}`,
    );
    expect(s.forwarded).toBe(4);
    expect(s.notForwarded.total).toBe(8);
    expect(s.notForwarded.lines.map((l) => [l.key, l.count])).toEqual([
      ['not_forwarded:ambiguous', 3],
      ['refused:timestamp_zone', 2],
      ['duplicate', 1],
      ['not_forwarded:regime_policy', 1],
      ['refused:cgnat_port', 1],
    ]);
    expect(s.notForwarded.lines.find((l) => l.key === 'refused:cgnat_port')?.label).toBe(
      'Refused: rule cgnat_port',
    );
    expect(s.pending.lines.map((l) => [l.key, l.count])).toEqual([
      ['accepted', 0],
      ['queued', 5],
      ['attributed', 1],
    ]);
    expect(s.total).toBe(4 + 8 + 6);
  });

  it('counts nothing without rows', () => {
    const s = summariseCounselOutcomes([], (c) => c);
    expect(s).toMatchObject({ forwarded: 0, total: 0, notForwarded: { total: 0, lines: [] } });
  });
});
