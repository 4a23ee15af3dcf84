import { summariseOutcomes } from './desk-outcomes';

describe('desk outcome summary', () => {
  const rows = [
    { status: 'forwarded', reasonCode: null, today: 2, month: 5 },
    { status: 'refused', reasonCode: 'timestamp_zone', today: 1, month: 3 },
    { status: 'refused', reasonCode: 'sender_accredited', today: 0, month: 4 },
    { status: 'not_forwarded', reasonCode: 'ambiguous', today: 1, month: 1 },
    { status: 'not_forwarded', reasonCode: 'regime_policy', today: 0, month: 2 },
    { status: 'duplicate', reasonCode: 'duplicate', today: 1, month: 1 },
    { status: 'queued', reasonCode: 'quota', today: 3, month: 3 },
  ];

  it('puts every item in exactly one category', () => {
    const s = summariseOutcomes(rows);
    const month = Object.fromEntries(s.categories.map((c) => [c.key, c.month]));
    expect(month).toMatchObject({
      forwarded: 5,
      refused: 7,
      ambiguous: 1,
      duplicate: 1,
      queued: 3,
      no_lease: 0,
      not_forwarded_other: 2,
    });
    expect(s.categories.reduce((n, c) => n + c.month, 0)).toBe(s.total.month);
    expect(s.total).toEqual({ today: 8, month: 19 });
  });

  it('splits refusals by rule and other non-forwarding by reason, largest first', () => {
    const s = summariseOutcomes(rows);
    expect(s.refusedByRule.map((r) => [r.key, r.today, r.month])).toEqual([
      ['sender_accredited', 0, 4],
      ['timestamp_zone', 1, 3],
    ]);
    expect(s.otherNotForwarded.map((r) => [r.key, r.month])).toEqual([['regime_policy', 2]]);
  });

  it('names each rule and reason in words, not by its code', () => {
    const s = summariseOutcomes([
      ...rows,
      { status: 'refused', reasonCode: 'made_up_rule', today: 0, month: 1 },
    ]);
    expect(Object.fromEntries(s.refusedByRule.map((r) => [r.key, r.label]))).toEqual({
      sender_accredited: 'The sender must be accredited',
      timestamp_zone: 'The time must be to the second with an explicit zone',
      made_up_rule: 'A rule without a description',
    });
    expect(s.otherNotForwarded[0].label).toBe(
      'The messaging policy of its regime does not forward notices',
    );
  });
});
