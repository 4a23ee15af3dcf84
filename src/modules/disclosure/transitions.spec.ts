import { REQUEST_STATUSES } from './disclosure.types';
import { canMove, TRANSITIONS } from './transitions';

const ALLOWED = new Set(
  Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`)),
);
const ALL_PAIRS = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_STATUSES.map((to) => [from, to] as const),
);

describe('disclosure transition table', () => {
  it.each(ALL_PAIRS.filter(([f, t]) => !ALLOWED.has(`${f}->${t}`)))(
    'refuses %s -> %s',
    (from, to) => {
      expect(canMove(from, to)).toBe(false);
    },
  );

  it.each(ALL_PAIRS.filter(([f, t]) => ALLOWED.has(`${f}->${t}`)))(
    'allows %s -> %s',
    (from, to) => {
      expect(canMove(from, to)).toBe(true);
    },
  );

  it('never leaves a final state and never produces without passing approval', () => {
    for (const final of ['refused', 'produced', 'withdrawn'] as const) {
      expect(TRANSITIONS[final]).toEqual([]);
    }
    const into = (s: string) =>
      Object.entries(TRANSITIONS)
        .filter(([, tos]) => (tos as readonly string[]).includes(s))
        .map(([from]) => from)
        .sort();
    expect(into('produced')).toEqual(['approved', 'waiting_window']);
    expect(into('approved')).toEqual(['under_review']);
  });
});
