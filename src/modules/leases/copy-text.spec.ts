import fc from 'fast-check';
import { copyRow, copyText, copyTime, copyValue } from './copy-text';
import { identifierKeys, identifierKeysLiteral } from './lease-identifiers';
import type { LeaseIdentifiers } from './parsing/lease-event';

describe('COPY text encoding', () => {
  it('escapes the characters COPY treats specially', () => {
    expect(copyValue('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
  });
  it('encodes null, booleans, dates and arrays', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(true)).toBe('t');
    expect(copyValue(new Date('2026-10-04T21:13:07Z'))).toBe('2026-10-04T21:13:07.000Z');
    expect(copyValue(['mac:aa:bb', 'username:"x"'])).toBe('{"mac:aa:bb","username:\\\\"x\\\\""}');
  });
  it('joins a row with tabs and ends it with a newline', () => {
    expect(copyRow([1, 'x', null])).toBe('1\tx\t\\N\n');
  });
});

describe('COPY text encoding of multi-line records', () => {
  it('escapes every occurrence, not only the first', () => {
    const raw = 'lease 10.0.0.1 {\n  starts 4 2026/10/01 00:00:00;\r\n\tuid "\\001";\n}';
    expect(copyValue(raw)).toBe(
      'lease 10.0.0.1 {\\n  starts 4 2026/10/01 00:00:00;\\r\\n\\tuid "\\\\001";\\n}',
    );
  });
  it('passes plain text through unchanged', () => {
    expect(copyValue('10.0.0.1,02:00:00:00:00:01,,3600')).toBe('10.0.0.1,02:00:00:00:00:01,,3600');
  });
});

describe('identifier lists as array literals', () => {
  it('match the generic array encoding, quotes and backslashes included', () => {
    const cases: LeaseIdentifiers[] = [
      { mac: '00:aa:bb:cc:dd:ee' },
      { mac: '00:aa:bb:cc:dd:ee', clientId: '01:00:aa', circuitId: 'olt-1/1/2', remoteId: 'x' },
      { username: 'bob"o\\b@isp', duid: '00:01:02' },
      {},
    ];
    for (const ids of cases) {
      expect(copyText(identifierKeysLiteral(ids))).toBe(copyValue(identifierKeys(ids)));
    }
    expect(identifierKeysLiteral({ username: 'a"b' })).toBe('{"username:a\\"b"}');
  });
});

describe('copyTime', () => {
  it('writes every time exactly as toISOString() does', () => {
    const cases = [
      0,
      -1,
      Date.UTC(2026, 9, 4, 21, 13, 7, 5),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001, // before year 0: toISOString's extended form
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000, // year 10000
    ];
    for (const ms of cases) expect(copyTime(new Date(ms))).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(copyTime(new Date(ms))).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    // Runs of times in one day, as logs have them, and back and forth across days.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1.7e12, max: 1.8e12 }), { minLength: 1, maxLength: 50 }),
        (list) => {
          for (const ms of list) expect(copyTime(new Date(ms))).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });

  it('refuses an invalid date as toISOString() does', () => {
    expect(() => copyTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => copyValue(new Date('not a date'))).toThrow(RangeError);
  });
});
