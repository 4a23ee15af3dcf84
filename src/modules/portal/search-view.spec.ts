import { parseCaseSearch } from '../search/case-search.query';
import { pageNumberLinks, searchHref, sortHeaders } from './search-view';

describe('search view helpers', () => {
  it('numbers pages: first, last, two either side, gaps marked', () => {
    const { links, prevHref, nextHref } = pageNumberLinks(10, 500, 25, (p) => `/p${p}`);
    expect(links.map((l) => l.label)).toEqual(['1', '…', '8', '9', '10', '11', '12', '…', '20']);
    expect(links.find((l) => l.current)?.label).toBe('10');
    expect([prevHref, nextHref]).toEqual(['/p9', '/p11']);
    expect(pageNumberLinks(1, 0, 25, (p) => `/p${p}`).links.map((l) => l.label)).toEqual(['1']);
  });

  it('keeps only the search’s parameters in links and drops the page on a re-sort', () => {
    const parsed = parseCaseSearch({ port: '6881', sort: 'port', dir: 'asc', page: '4' });
    expect(searchHref({ ...parsed.echo, evil: 'x' }, { page: '2' })).toBe(
      '/portal/desk/search?port=6881&sort=port&dir=asc&page=2',
    );
    const port = sortHeaders(parsed).find((h) => h.label === 'Port')!;
    expect(port).toMatchObject({ current: true, ariaSort: 'ascending' });
    expect(port.href).toBe('/portal/desk/search?port=6881&sort=port&dir=desc');
  });
});
