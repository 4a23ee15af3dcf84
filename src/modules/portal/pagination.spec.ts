import { listPage, offsetOf, pageLinks, pageNumber, sliceListPage } from './pagination';

describe('pagination', () => {
  it('reads page numbers from the query string, defaulting to 1', () => {
    expect(pageNumber('3')).toBe(3);
    expect(pageNumber(undefined)).toBe(1);
    expect(pageNumber('0')).toBe(1);
    expect(pageNumber('-2')).toBe(1);
    expect(pageNumber('2abc')).toBe(1);
    expect(pageNumber('99999999')).toBe(1);
  });

  it('computes offsets and the links around a page', () => {
    expect(offsetOf(1)).toBe(0);
    expect(offsetOf(3, 10)).toBe(20);
    expect(pageLinks('/p', 2, 60, 25)).toEqual({
      from: 26,
      to: 50,
      total: 60,
      page: 2,
      pages: 3,
      prevHref: '/p?page=1',
      nextHref: '/p?page=3',
    });
  });

  it('keeps the filters of a list in its page links', () => {
    const links = pageLinks('/p', 2, 60, 25, { status: 'refused', q: 'a&b' });
    expect(links.prevHref).toBe('/p?status=refused&q=a%26b&page=1');
    expect(links.nextHref).toBe('/p?status=refused&q=a%26b&page=3');
  });

  it('has no links on a single page and says 0 of 0 when empty', () => {
    expect(pageLinks('/p', 1, 0)).toMatchObject({
      from: 0,
      to: 0,
      pages: 1,
      prevHref: null,
      nextHref: null,
    });
    expect(pageLinks('/p', 1, 25)).toMatchObject({ from: 1, to: 25, nextHref: null });
  });

  it('points a page past the end back to the last page', () => {
    expect(pageLinks('/p', 9, 30, 25)).toMatchObject({ prevHref: '/p?page=2', nextHref: null });
  });

  it('keeps a filter already in the address', () => {
    expect(pageLinks('/p?status=dead', 2, 60, 25)).toMatchObject({
      prevHref: '/p?status=dead&page=1',
      nextHref: '/p?status=dead&page=3',
    });
  });
});

describe('list pages', () => {
  it('cuts a list held whole into the asked page with its links', () => {
    const all = Array.from({ length: 30 }, (_, i) => i);
    const second = sliceListPage('/p', '2', all, 25);
    expect(second.rows).toEqual([25, 26, 27, 28, 29]);
    expect(second.pagination).toMatchObject({ page: 2, pages: 2, from: 26, to: 30, total: 30 });
    expect(sliceListPage('/p', 'x', all, 25).rows).toHaveLength(25);
  });

  it('keeps a page read by the caller and the list filters in the links', () => {
    const p = listPage('/p', 1, 60, ['a'], { status: 'open' });
    expect(p.rows).toEqual(['a']);
    expect(p.pagination.nextHref).toBe('/p?status=open&page=2');
  });
});
