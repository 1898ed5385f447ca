/** Auth0 pages through the first 1000 matches of a search only. */
export const SEARCH_WINDOW = 1000;

export interface PageLinkInput {
  /** The request's path and query string, e.g. `/users?email=a*&_sk=2`. */
  url: string;
  page: number;
  perPage: number;
  total: number;
}

/**
 * The `Link` header (RFC 8288) of a page of users: `next` while more matches are reachable within
 * the search window, `prev` from the second page on (pointing at the last page when the request
 * went past the end). Relative URLs, with every other parameter kept as it was sent.
 */
export function pageLinks({ url, page, perPage, total }: PageLinkInput): string | undefined {
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const search = mark < 0 ? '' : url.slice(mark + 1);
  const at = (target: number) => {
    const params = new URLSearchParams(search);
    params.set('_sk', String(target));
    return `<${path}?${params.toString()}>`;
  };
  const reachable = Math.min(total, SEARCH_WINDOW);
  const links: string[] = [];
  if ((page + 1) * perPage < reachable && (page + 2) * perPage <= SEARCH_WINDOW) links.push(`${at(page + 1)}; rel="next"`);
  if (page > 0) {
    const last = Math.max(0, Math.ceil(reachable / perPage) - 1);
    links.push(`${at(Math.min(page - 1, last))}; rel="prev"`);
  }
  return links.length ? links.join(', ') : undefined;
}
