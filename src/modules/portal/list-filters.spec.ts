import { dayRange, pick } from './list-filters';

describe('list date filters', () => {
  it('turns inclusive days into a [from, to) range in UTC', () => {
    expect(dayRange('2026-10-04', '2026-10-05')).toEqual({
      from: new Date('2026-10-04T00:00:00Z'),
      to: new Date('2026-10-06T00:00:00Z'),
      errors: {},
    });
    expect(dayRange(undefined, undefined)).toEqual({ from: undefined, to: undefined, errors: {} });
  });

  it('refuses impossible dates and a range that ends before it starts', () => {
    expect(dayRange('2026-02-31', undefined).errors).toEqual({
      from: 'Enter a real date, like 2026-10-04',
    });
    expect(dayRange('2026-10-05', '2026-10-04').errors).toEqual({
      to: 'The end date must be on or after the start date',
    });
  });

  it('keeps only the list’s own parameters', () => {
    expect(pick({ status: 'refused', utm_source: 'x', page: '2' }, ['status', 'page'])).toEqual({
      status: 'refused',
      page: '2',
    });
  });
});
