import * as fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  parseIsoLocal,
  resolveLocalTime,
  resolveLocalWallTime,
  TimeResult,
} from './local-time.util';

const show = (r: TimeResult) => ('date' in r ? r.date.toISOString() : r.error);

describe('resolveLocalWallTime (offsets kept per local hour)', () => {
  // Zones with DST on the hour, at 30 minutes (Lord Howe: +10:30/+11), southern-hemisphere
  // rules, none at all, and a zone whose offset is not whole hours.
  const zones = [
    'Europe/Paris',
    'America/New_York',
    'Australia/Lord_Howe',
    'America/Santiago',
    'Asia/Kolkata',
    'UTC',
  ];

  it('answers as resolveLocalTime does, DST gaps and fall-back hours included', () => {
    // Every quarter hour (first and last second in turn) of the days around each zone's 2026 changes.
    const days = [
      '2026-03-08',
      '2026-03-29',
      '2026-04-05',
      '2026-09-06',
      '2026-10-04',
      '2026-10-25',
      '2026-11-01',
    ];
    let compared = 0;
    for (const zone of zones) {
      for (const day of days) {
        const [y, mo, d] = day.split('-').map(Number);
        for (let minuteOfDay = 0; minuteOfDay < 24 * 60; minuteOfDay += 15) {
          for (const second of [(minuteOfDay / 15) % 2 === 0 ? 0 : 59]) {
            const wall = {
              year: y,
              month: mo,
              day: d,
              hour: Math.floor(minuteOfDay / 60),
              minute: minuteOfDay % 60,
              second,
              millisecond: 250,
            };
            const expected = show(resolveLocalTime(wall, zone));
            const actual = show(
              resolveLocalWallTime(zone, y, mo, d, wall.hour, wall.minute, second, 250),
            );
            expect([zone, wall, actual]).toEqual([zone, wall, expected]);
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(zones.length * 7 * 96);
  });

  it('refuses what resolveLocalTime refuses, with its words', () => {
    expect(show(resolveLocalWallTime('Europe/Paris', 2026, 3, 29, 2, 30, 0, 0))).toBe(
      'local time does not exist in Europe/Paris (DST gap)',
    );
    expect(show(resolveLocalWallTime('Europe/Paris', 2026, 10, 25, 2, 30, 0, 0))).toMatch(
      /^ambiguous local time in Europe\/Paris \(DST fall-back\)/,
    );
    expect(show(resolveLocalWallTime('Europe/Paris', 2026, 2, 29, 12, 0, 0, 0))).toBe(
      'invalid date or time',
    );
    expect(show(resolveLocalWallTime('Europe/Paris', 2026, 4, 31, 12, 0, 0, 0))).toBe(
      'invalid date or time',
    );
    expect(show(resolveLocalWallTime('Mars/Olympus', 2026, 4, 1, 12, 0, 0, 0))).toBe(
      'unknown time zone Mars/Olympus',
    );
    // The hour after the fall-back hour is kept, and read right.
    expect(show(resolveLocalWallTime('Europe/Paris', 2026, 10, 25, 3, 0, 0, 0))).toBe(
      '2026-10-25T02:00:00.000Z',
    );
  });

  it('agrees with resolveLocalTime on random wall times', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2037-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (zone, d) => {
          const w = [
            d.getUTCFullYear(),
            d.getUTCMonth() + 1,
            d.getUTCDate(),
            d.getUTCHours(),
            d.getUTCMinutes(),
            d.getUTCSeconds(),
            d.getUTCMilliseconds(),
          ] as const;
          const expected = resolveLocalTime(
            {
              year: w[0],
              month: w[1],
              day: w[2],
              hour: w[3],
              minute: w[4],
              second: w[5],
              millisecond: w[6],
            },
            zone,
          );
          expect(show(resolveLocalWallTime(zone, ...w))).toBe(show(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('parseIsoLocal', () => {
  // The general path before the hand-read one: luxon for stamps with a zone.
  const viaLuxon = (text: string) =>
    DateTime.fromISO(text, { setZone: true }).toJSDate().toISOString();

  it('reads the stamps syslog writes as luxon does', () => {
    for (const text of [
      '2026-10-04T21:00:00Z',
      '2026-10-04T21:00:00.000Z',
      '2026-10-04T23:05:00.000+02:00',
      '2026-10-04T16:05:00.5-05:00',
      '2026-10-04T21:00:00.029Z',
      '2026-10-04T21:00:00.123456789+05:30',
      '2026-10-04T21:00:00-00:00',
      '2026-12-31T23:59:59.999+14:00',
    ]) {
      expect([text, show(parseIsoLocal(text, 'Europe/Paris'))]).toEqual([text, viaLuxon(text)]);
    }
  });

  it('reads stamps without a zone in the given zone, T or blank', () => {
    expect(show(parseIsoLocal('2026-10-04T23:30:00', 'Europe/Paris'))).toBe(
      '2026-10-04T21:30:00.000Z',
    );
    expect(show(parseIsoLocal('2026-10-04 23:30:00.12', 'Europe/Paris'))).toBe(
      '2026-10-04T21:30:00.120Z',
    );
    expect(show(parseIsoLocal('2026-03-29T02:30:00', 'Europe/Paris'))).toBe(
      'local time does not exist in Europe/Paris (DST gap)',
    );
  });

  it('leaves unusual stamps to the general path, which decides them as before', () => {
    // Lower-case designators, a comma, an offset without a colon: luxon reads them.
    expect(show(parseIsoLocal('2026-10-04t21:00:00z', 'UTC'))).toBe('2026-10-04T21:00:00.000Z');
    expect(show(parseIsoLocal('2026-10-04T23:00:00,5+0200', 'UTC'))).toBe(
      '2026-10-04T21:00:00.500Z',
    );
    // A blank instead of T with a zone, 31 April, hour 24, a leap second: refused.
    for (const text of [
      '2026-10-04 21:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-06-30T23:59:60Z',
      '2026-10-4T21:00:00Z',
    ]) {
      expect([text, show(parseIsoLocal(text, 'UTC'))]).toEqual([text, `invalid timestamp ${text}`]);
    }
    expect(show(parseIsoLocal('2026-04-30T24:00:00', 'UTC'))).toBe('invalid date or time');
  });
});
