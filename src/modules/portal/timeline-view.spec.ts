import { nextSteps, timelineSteps } from './timeline-view';

describe('timeline words', () => {
  const now = new Date('2026-10-05T13:20:00Z');

  it('says when a waiting warning will be sent, in UTC with the digest named', () => {
    const lines = nextSteps(
      [
        {
          position: 0,
          status: 'attributed',
          attributedAt: '2026-10-05T13:00:00Z',
          expectedAt: null,
        },
        { position: 1, status: 'queued', attributedAt: null, expectedAt: '2026-10-05T14:00:00Z' },
        {
          position: 2,
          status: 'attributed',
          attributedAt: '2026-10-05T11:00:00Z',
          expectedAt: null,
        },
        {
          position: 3,
          status: 'forwarded',
          attributedAt: '2026-10-05T10:00:00Z',
          expectedAt: null,
        },
      ],
      3600,
      now,
    );
    expect(lines).toEqual([
      'Row 1: warning scheduled for 2026-10-05 14:00:00 UTC (hourly digest)',
      'Row 2: waits behind the sender’s hourly quota until 2026-10-05 14:00:00 UTC',
      'Row 3: warning due since 2026-10-05 12:00:00 UTC (hourly digest); it goes with the next digest run',
    ]);
    const quarter = nextSteps(
      [
        {
          position: 0,
          status: 'attributed',
          attributedAt: '2026-10-05T13:00:00Z',
          expectedAt: null,
        },
      ],
      900,
      now,
    );
    expect(quarter).toEqual([
      'Row 1: warning due since 2026-10-05 13:15:00 UTC (15-minute digest); it goes with the next digest run',
    ]);
  });

  it('puts each step in words with a link to its object', () => {
    const steps = timelineSteps('NR-X', [
      { at: now, kind: 'attributed', position: 1, ref: null, label: 'unique', detail: 'SUB-ABC' },
      { at: now, kind: 'challenge', position: null, ref: 'c-1', label: 'licence', detail: null },
      {
        at: now,
        kind: 'item_refused',
        position: 0,
        ref: null,
        label: 'timestamp_zone',
        detail: null,
      },
    ]);
    expect(steps.map((s) => [s.text, s.href])).toEqual([
      [
        'Row 2 matched one subscriber (SUB-ABC); evidence on the notice page',
        '/portal/desk/notices/NR-X#item-2-h',
      ],
      ['The subscriber challenged the warning: they hold a licence', '/portal/desk/challenges/c-1'],
      [
        'Row 1 refused: the time must be to the second with an explicit zone',
        '/portal/desk/notices/NR-X#item-1-h',
      ],
    ]);
  });
});
