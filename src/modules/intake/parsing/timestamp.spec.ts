import fc from 'fast-check';
import { parseNoticeTimestamp } from './timestamp';

describe('parseNoticeTimestamp', () => {
  it.each([
    ['2026-10-04T21:13:07Z', '2026-10-04T21:13:07.000Z'],
    ['2026-10-04T21:13:07.000Z', '2026-10-04T21:13:07.000Z'],
    ['2026-10-04T21:13:07.61Z', '2026-10-04T21:13:07.610Z'],
    ['2026-10-04T21:13:07+02:00', '2026-10-04T19:13:07.000Z'],
    ['2026-10-04T21:13:07-0430', '2026-10-05T01:43:07.000Z'],
    ['2014-04-30 00:03:37.0 GMT', '2014-04-30T00:03:37.000Z'],
    ['2014-04-30 00:03:37 UTC', '2014-04-30T00:03:37.000Z'],
    ['Sun, 15 Nov 2015 13:58:27 +0000', '2015-11-15T13:58:27.000Z'],
    ['Sun, 15 Nov 2015 13:58:27 +0000 (UTC)', '2015-11-15T13:58:27.000Z'],
    ['Sun Nov 15 13:58:27 UTC 2015', '2015-11-15T13:58:27.000Z'],
    // Named North American zones follow America/New_York's DST rule for the date.
    ['2015-07-04 23:15:00 North American Eastern Time', '2015-07-05T03:15:00.000Z'],
    ['2015-01-04 23:15:00 Eastern Time', '2015-01-05T04:15:00.000Z'],
    ['2015-01-04 23:15:00 EST', '2015-01-05T04:15:00.000Z'],
    ['2015-07-04 23:15:00 EDT', '2015-07-05T03:15:00.000Z'],
    ['2015-07-04 23:15:00 PDT', '2015-07-05T06:15:00.000Z'],
    ['2015-07-04 23:15:00 America/Chicago', '2015-07-05T04:15:00.000Z'],
    ['07/24/2015 11:15:00 PM EDT', '2015-07-25T03:15:00.000Z'],
    ['24/07/2015 11:15:00 AM UTC', '2015-07-24T11:15:00.000Z'],
    ['2015/07/24 16:15:00 UTC', '2015-07-24T16:15:00.000Z'],
  ])('reads %s as %s', (raw, iso) => {
    const ts = parseNoticeTimestamp(raw);
    expect(ts.problem).toBeUndefined();
    expect(ts.at?.toISOString()).toBe(iso);
  });

  it('repairs 2015-05-06T05-00-00UTC and says so', () => {
    const ts = parseNoticeTimestamp('2015-05-06T05-00-00UTC');
    expect(ts.at?.toISOString()).toBe('2015-05-06T05:00:00.000Z');
    expect(ts.repaired).toBe(true);
  });

  it.each([
    ['2015-07-04 23:15:00 EST'],
    ['2026-10-04 21:13:07 CET'],
    ['2026-01-15 09:13:07 PM PDT'],
  ])('refuses %s: the abbreviation contradicts the DST rule of that date (VA-3)', (raw) => {
    const ts = parseNoticeTimestamp(raw);
    expect(ts.at).toBeNull();
    expect(ts.problem).toBe('no_zone');
    expect(ts.reason).toMatch(/numeric UTC offset/);
  });

  it('takes the stated offset inside a spring-forward gap, where it is the only reading', () => {
    expect(parseNoticeTimestamp('2015-03-08 02:30:00 EST').at?.toISOString()).toBe(
      '2015-03-08T07:30:00.000Z',
    );
  });

  it('reads CEST and the summer abbreviation in summer', () => {
    expect(parseNoticeTimestamp('2026-08-04 21:13:07 CEST').at?.toISOString()).toBe(
      '2026-08-04T19:13:07.000Z',
    );
    expect(parseNoticeTimestamp('2026-01-04 21:13:07 CET').at?.toISOString()).toBe(
      '2026-01-04T20:13:07.000Z',
    );
  });

  it('uses EDT/EST to settle the repeated hour at the fall-back', () => {
    expect(parseNoticeTimestamp('2015-11-01 01:30:00 EDT').at?.toISOString()).toBe(
      '2015-11-01T05:30:00.000Z',
    );
    expect(parseNoticeTimestamp('2015-11-01 01:30:00 EST').at?.toISOString()).toBe(
      '2015-11-01T06:30:00.000Z',
    );
    const generic = parseNoticeTimestamp('2015-11-01 01:30:00 Eastern Time');
    expect(generic.at).toBeNull();
    expect(generic.problem).toBe('unparseable');
    expect(generic.reason).toMatch(/twice/);
  });

  it('refuses a wall-clock time that does not exist (spring-forward gap) without a stated offset', () => {
    const ts = parseNoticeTimestamp('2015-03-08 02:30:00 Eastern Time');
    expect(ts.at).toBeNull();
    expect(ts.problem).toBe('unparseable');
  });

  it.each([
    ['', 'missing'],
    ['   ', 'missing'],
    ['2015-07-04 23:15:00', 'no_zone'],
    ['2015-07-04T23:15:00', 'no_zone'],
    ['2015-07-04 23:15:00 CST', 'no_zone'],
    ['2015-07-04 23:15:00 IST', 'no_zone'],
    ['2015-07-04 23:15:00 Mars Standard Time', 'no_zone'],
    ['2015-07-04T23:15Z', 'no_seconds'],
    ['07/24/2015 11:15:00 EDT', 'ambiguous_12h'],
    ['Jul 24, 2015 9:15:00 UTC', 'ambiguous_12h'],
    ['05/06/2015 17:15:00 UTC', 'unparseable'],
    ['2015-02-30T10:00:00Z', 'unparseable'],
    ['2015-07-04T25:00:00Z', 'unparseable'],
    ['13:00:00 PM 07/24/2015', 'unparseable'],
    ['07/24/2015 13:15:00 PM UTC', 'unparseable'],
    ['yesterday around noon', 'unparseable'],
  ])('refuses %j with %s', (raw, problem) => {
    const ts = parseNoticeTimestamp(raw);
    expect(ts.at).toBeNull();
    expect(ts.problem).toBe(problem);
    expect(ts.reason).toEqual(expect.any(String));
  });

  it('names the ambiguity for DD/MM vs MM/DD', () => {
    expect(parseNoticeTimestamp('05/06/2015 17:15:00 UTC').reason).toMatch(/day\/month/);
  });

  it('accepts an equal day and month, and a side above 12', () => {
    expect(parseNoticeTimestamp('06/06/2015 17:15:00 UTC').at?.toISOString()).toBe(
      '2015-06-06T17:15:00.000Z',
    );
    expect(parseNoticeTimestamp('13/06/2015 17:15:00 UTC').at?.toISOString()).toBe(
      '2015-06-13T17:15:00.000Z',
    );
  });

  it('never throws and always returns either an instant or a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), isoLike()), (raw) => {
        const ts = parseNoticeTimestamp(raw);
        expect((ts.at === null) !== (ts.problem === undefined)).toBe(true);
        if (ts.at !== null) expect(Number.isNaN(ts.at.getTime())).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any instant written as ISO 8601 with Z or an offset', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01Z'),
          max: new Date('2100-01-01Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12 * 4, max: 14 * 4 }),
        (date, quarters) => {
          const d = new Date(Math.floor(date.getTime() / 1000) * 1000);
          const offset = quarters * 15;
          const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const abs = Math.abs(offset);
          const hh = String(Math.floor(abs / 60)).padStart(2, '0');
          const mm = String(abs % 60).padStart(2, '0');
          expect(parseNoticeTimestamp(`${local}${sign}${hh}:${mm}`).at?.getTime()).toBe(
            d.getTime(),
          );
          expect(parseNoticeTimestamp(`${d.toISOString()}`).at?.getTime()).toBe(d.getTime());
        },
      ),
    );
  });
});

function isoLike(): fc.Arbitrary<string> {
  const part = fc.constantFrom(
    '2015',
    '-',
    '05',
    '06',
    'T',
    ' ',
    ':',
    '13',
    '7',
    '.61',
    'Z',
    'UTC',
    'EST',
    '+02:00',
    'PM',
    '/',
    '99',
  );
  return fc.array(part, { maxLength: 14 }).map((p) => p.join(''));
}
