import { itemCountsInWords, itemOutcome, refusalInWords } from './notice-words';

const item = (over: Partial<Parameters<typeof itemOutcome>[0]>) => ({
  status: 'accepted',
  reasonCode: null,
  reason: null,
  expectedAt: null,
  forwardedAt: null,
  ...over,
});

describe('notice outcomes in words', () => {
  it('says forwarded with the time, and why not otherwise', () => {
    expect(
      itemOutcome(item({ status: 'forwarded', forwardedAt: '2026-10-05T08:00:00.000Z' })),
    ).toEqual({
      label: 'Forwarded',
      tone: 'ok',
      explanation: 'Forwarded to the subscriber at 2026-10-05 08:00:00 UTC.',
    });
    expect(
      itemOutcome(
        item({ status: 'not_forwarded', reasonCode: 'needs_port', reason: 'a port is required' }),
      ).explanation,
    ).toBe('Not forwarded: a port is required.');
    expect(
      itemOutcome(item({ status: 'not_forwarded', reasonCode: 'cgnat_port' })).explanation,
    ).toBe('Not forwarded: a shared (CGNAT) address needs its source port.');
  });

  it('names the rule that refused an item', () => {
    const o = itemOutcome(
      item({ status: 'refused', reasonCode: 'timestamp_zone', reason: 'no time zone' }),
    );
    expect(o.tone).toBe('stopped');
    expect(o.explanation).toBe(
      'Refused by the rule “the time must be to the second with an explicit zone”: no time zone',
    );
  });

  it('says a queued item waits behind the quota, with its expected time', () => {
    expect(
      itemOutcome(
        item({ status: 'queued', reasonCode: 'quota', expectedAt: '2026-10-05T09:00:00Z' }),
      ).explanation,
    ).toBe(
      'Queued behind your organisation’s hourly quota, not dropped; expected to proceed by 2026-10-05 09:00:00 UTC.',
    );
  });

  it('summarises item counts, outcomes first', () => {
    expect(itemCountsInWords({ refused: 1, forwarded: 2, duplicate: 0 })).toBe(
      '2 forwarded, 1 refused',
    );
    expect(itemCountsInWords({})).toBe('no items');
  });

  it('explains a refused notice', () => {
    expect(refusalInWords(null)).toBeNull();
    expect(refusalInWords('sender_accredited', 'accreditation is pending')).toBe(
      'the sender must be accredited: accreditation is pending',
    );
    expect(refusalInWords('something_new')).toBe('something_new');
  });
});
