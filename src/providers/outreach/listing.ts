// `tasks ls` on Outreach: one page, or every page (--all / --limit) as the API reads it (api.tasks:
// id ranges at once, or the cursor in links.next), yielded as pages arrive. For people each page
// side-loads prospects, owners and priorities (include=); scripts get the flattened resources (id,
// type, attributes, <rel>Id).
import type { Listing, ListRequest } from '../types.ts';
import { emptyIncluded, type OutreachApi, type OutreachFilters } from './api.ts';
import { OUTREACH_CONCURRENCY, OUTREACH_PAGE_SIZE_DEFAULT, OUTREACH_PAGE_SIZE_MAX } from './contract.ts';
import type { OutreachPeople } from './people.ts';
import { INCLUDE_FOR_PEOPLE, OUTREACH_LAYOUT, outreachView } from './view.ts';

export function outreachListing(api: OutreachApi, people: OutreachPeople, query: OutreachFilters, request: ListRequest): Listing {
  if (!request.progress) api.progress = undefined;
  const included = emptyIncluded();
  const everything = request.all || request.limit !== undefined;
  const limit = everything ? request.limit : request.size ?? request.profilePageSize ?? OUTREACH_PAGE_SIZE_DEFAULT;
  const pageSize = Math.min(OUTREACH_PAGE_SIZE_MAX, request.size ?? (everything ? OUTREACH_PAGE_SIZE_MAX : limit!));
  let total: number | undefined;
  let more = false;
  const batches = api.tasks(query, { pageSize, limit, concurrency: OUTREACH_CONCURRENCY, include: request.people ? INCLUDE_FOR_PEOPLE : undefined, included, onTotal: (count) => { total = count; }, onMore: () => { more = true; } });
  return {
    batches,
    layout: OUTREACH_LAYOUT,
    view: outreachView(request.palette, people, included, request.width),
    total: () => total,
    // A cursor says whether there is a next page, even where no count says how many.
    more: () => more || undefined,
    totalPages: () => undefined,
  };
}
