import type { Organisation } from '../../accounts/entities/organisation.entity';
import { PAGE_SIZES, ParsedCaseSearch } from '../../search/case-search.query';
import type { CaseSearchPage } from '../../search/case-search.repository';
import type { SavedSearch } from '../../search/saved-search.repository';
import { errorSummary, FieldErrors } from '../portal-form';
import {
  choiceLists,
  facetsView,
  pageNumberLinks,
  resultRows,
  searchHref,
  SEARCH_PATH,
  sortHeaders,
} from '../search-view';

export interface SearchPageInput {
  parsed: ParsedCaseSearch;
  errors: FieldErrors;
  filtered: boolean;
  result: CaseSearchPage | null;
  saved: SavedSearch[];
  orgs: Array<Pick<Organisation, 'id' | 'name'>>;
  saveName?: string;
  notice?: string;
}

// The search form's fields, each with what was typed and its error.
function searchFields({ parsed, errors, orgs }: SearchPageInput) {
  const { echo } = parsed;
  const choices = choiceLists(echo);
  const field = (
    name: string,
    label: string,
    more: { type?: string; hint?: string; inputmode?: string } = {},
  ) => ({
    name,
    label,
    type: more.type ?? 'text',
    hint: more.hint,
    inputmode: more.inputmode,
    value: echo[name] ?? '',
    error: errors[name],
  });
  const select = (name: string, label: string, options: unknown[]) => ({
    name,
    label,
    options,
    error: errors[name],
  });
  const fields = [
    field('q', 'Title or file name', { hint: 'Any part, at least 3 characters' }),
    field('ip', 'IP address or prefix', { hint: 'Like 198.51.100.7 or 198.51.100.0/24' }),
    field('port', 'Port', { inputmode: 'numeric' }),
    field('seenFrom', 'Seen from (UTC)', { type: 'datetime-local' }),
    field('seenTo', 'Seen before (UTC)', { type: 'datetime-local' }),
    field('from', 'Received from (UTC day)', { type: 'date' }),
    field('to', 'Received to (UTC day, inclusive)', { type: 'date' }),
    field('reference', 'Notice reference'),
    field('caseId', 'Sender’s case id'),
    field('subscriber', 'Subscriber reference', { hint: 'Like SUB-7K2M9Q' }),
    select(
      'sender',
      'Sender',
      orgs.map((o) => ({ value: o.id, label: o.name, selected: o.id === echo.sender })),
    ),
    select('status', 'Item status', choices.statuses),
    field('reason', 'Reason code', { hint: 'Like timestamp_zone or no_lease' }),
    select('message', 'Message', choices.messages),
    select('challenge', 'Challenge', choices.challenges),
    select('assigned', 'Assignment', choices.assigned),
  ];
  return fields;
}

// The search page: the form, the saved searches, the facets and one page of results.
export function searchPage(input: SearchPageInput) {
  const { parsed, errors, filtered, result, saved } = input;
  const { echo, query } = parsed;
  const fields = searchFields(input);
  const headers = sortHeaders(parsed);
  const total = result?.total ?? 0;
  const numbers = pageNumberLinks(query.page, total, query.pageSize, (p) =>
    searchHref(echo, { page: String(p) }),
  );
  return {
    title: 'Search',
    notice: input.notice,
    errors,
    summary: errorSummary(errors),
    fields,
    sizes: PAGE_SIZES.map((value) => ({ value, selected: value === query.pageSize })),
    sort: echo.sort,
    dir: echo.dir,
    filtered,
    saved: saved.map((s) => ({ id: s.id, name: s.name, href: `${SEARCH_PATH}?${s.query}` })),
    saveName: input.saveName ?? '',
    queryString: searchHref(echo).slice(SEARCH_PATH.length + 1),
    total,
    one: total === 1,
    capped: result?.capped ?? false,
    // No search run, no facets (an empty list: the view reads its length).
    facets: facetsView(echo, result?.facets ?? null) ?? [],
    headers,
    sortLabel: headers.find((h) => h.current)?.label ?? 'Received',
    rows: result ? resultRows(result) : [],
    csvHref: searchHref(echo, {}, `${SEARCH_PATH}/export.csv`),
    backHref: searchHref(echo, { page: String(query.page) }),
    pageNumbers: {
      ...numbers,
      page: query.page,
      from: total === 0 ? 0 : (query.page - 1) * query.pageSize + 1,
      to: Math.min(total, query.page * query.pageSize),
    },
  };
}
