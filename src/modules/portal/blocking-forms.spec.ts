import {
  amountCents,
  costTotals,
  endOfDay,
  formatCents,
  formErrors,
  parseEventWindows,
} from './blocking-forms';

describe('blocking portal forms', () => {
  it('reads live-event windows one a line, in UTC, and names every bad line', () => {
    expect(
      parseEventWindows(
        '2027-01-10 20:00, 2027-01-10 23:00, Paris v Lyon\n\n2027-01-17T18:00, 2027-01-17 21:00, Lyon, Nice',
      ),
    ).toEqual({
      windows: [
        { label: 'Paris v Lyon', startsAt: '2027-01-10T20:00:00Z', endsAt: '2027-01-10T23:00:00Z' },
        { label: 'Lyon, Nice', startsAt: '2027-01-17T18:00:00Z', endsAt: '2027-01-17T21:00:00Z' },
      ],
    });
    const bad = parseEventWindows('2027-01-10 20:00, 2027-01-10 19:00, Late\nnot a window');
    expect(bad).toEqual({
      error: expect.stringMatching(/^line 1: the window ends before it starts; line 2: give start/),
    });
    expect(parseEventWindows('2027-02-30 20:00, 2027-03-01 19:00, Feb')).toHaveProperty('error');
    expect(parseEventWindows(' \n ')).toEqual({ error: 'Give the live-event windows, one a line' });
  });

  it('turns amounts into cents exactly and back', () => {
    expect(amountCents('1250')).toBe(125000);
    expect(amountCents('1250.5')).toBe(125050);
    expect(amountCents('0.07')).toBe(7);
    expect(amountCents('19.99')).toBe(1999);
    expect(formatCents('125050')).toBe('1250.50');
    expect(formatCents(7)).toBe('0.07');
  });

  it('sums cost lines per currency', () => {
    expect(
      costTotals([
        { hours: '2.50', amountCents: '30000', currency: 'EUR' },
        { hours: '0.25', amountCents: '1999', currency: 'EUR' },
        { hours: '1', amountCents: '100', currency: 'CHF' },
      ]),
    ).toEqual([
      { currency: 'CHF', hours: '1', amount: '1.00' },
      { currency: 'EUR', hours: '2.75', amount: '319.99' },
    ]);
  });

  it('ends a last day in force at the next midnight UTC', () => {
    expect(endOfDay('2027-11-20')).toBe('2027-11-21T00:00:00.000Z');
  });

  it("puts the service's problems beside the form's fields, a list's entries by line", () => {
    expect(
      formErrors(
        [
          { field: 'targets[0]', message: 'not a name' },
          { field: 'targets[2]', message: 'IP blocking is not among the ordered measures' },
          { field: 'endsAt', message: 'the order ends before it starts' },
        ],
        'until',
        { field: 'targets', message: 'x' },
      ),
    ).toEqual({
      targets: 'line 1: not a name; line 3: IP blocking is not among the ordered measures',
      endsOn: 'the order ends before it starts',
    });
    expect(formErrors([], 'duration', { field: 'targets', message: 'refused' })).toEqual({
      targets: 'refused',
    });
  });
});
