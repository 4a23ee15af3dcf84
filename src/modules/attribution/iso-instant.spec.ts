import fc from 'fast-check';
import { isoInstant } from './iso-instant';

describe('isoInstant', () => {
  it('writes every instant exactly as Date#toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
    for (const ms of [
      0,
      -1,
      951_782_400_000, // 2000-02-29
      4_107_542_400_000, // 2100-03-01
      -62_167_219_200_000, // 0000-01-01
      -62_167_219_200_001,
      253_402_300_799_999, // 9999-12-31T23:59:59.999Z
      253_402_300_800_000,
      1790812800123.5,
    ]) {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('writes the instants of a lease history around now', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), (ms) => {
        expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });
});
