export const PAGE_SIZE = 25;

export interface PageLinks {
  from: number;
  to: number;
  total: number;
  page: number;
  pages: number;
  prevHref: string | null;
  nextHref: string | null;
}

// Page numbers come from the query string: anything that is not a positive integer is page 1.
export function pageNumber(raw: unknown): number {
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return n >= 1 ? n : 1;
}

export function offsetOf(page: number, size = PAGE_SIZE): number {
  return (page - 1) * size;
}

// Links for an offset-paginated list with a known total; `query` keeps a list's filters.
export function pageLinks(
  basePath: string,
  page: number,
  total: number,
  size = PAGE_SIZE,
  query: Record<string, string> = {},
): PageLinks {
  const pages = Math.max(1, Math.ceil(total / size));
  const from = total === 0 ? 0 : Math.min(total, (page - 1) * size + 1);
  const to = Math.min(total, page * size);
  // A base path may already carry a query (e.g. a status filter).
  const sep = basePath.includes('?') ? '&' : '?';
  const href = (p: number) =>
    `${basePath}${sep}${new URLSearchParams({ ...query, page: String(p) }).toString()}`;
  return {
    from,
    to,
    total,
    page,
    pages,
    prevHref: page > 1 ? href(Math.min(page - 1, pages)) : null,
    nextHref: page < pages ? href(page + 1) : null,
  };
}

// One page of a list: its rows and the links under it. Every list page builds its rows and
// `pagination` through this (a list read whole is cut here; a list read by page passes the
// page's rows with the total).
export interface ListPage<T> {
  rows: T[];
  pagination: PageLinks;
}

export function listPage<T>(
  basePath: string,
  page: number,
  total: number,
  rows: T[],
  query: Record<string, string> = {},
  size = PAGE_SIZE,
): ListPage<T> {
  return { rows, pagination: pageLinks(basePath, page, total, size, query) };
}

// A list held whole (a bounded window): the rows of the asked page (none past the last).
export function sliceListPage<T>(
  basePath: string,
  rawPage: unknown,
  all: readonly T[],
  size = PAGE_SIZE,
): ListPage<T> {
  const pagination = pageLinks(basePath, pageNumber(rawPage), all.length, size);
  const offset = offsetOf(pagination.page, size);
  return { rows: all.slice(offset, offset + size), pagination };
}
