// `tasks ls` on Outreach: one page, or every page (--all / --limit) by following the cursor in
// links.next (in id order, id ranges at once), yielded as pages arrive; every task in another order
// is read in id ranges and sorted here (sorted-locally.ts), not one cursor page after another. For people each page side-loads prospects, owners and
// priorities (include=); scripts get the flattened resources (id, type, attributes, <rel>Id).
import { sortedLocally } from '../sorted-locally.ts';
import type { Listing, ListRequest } from '../types.ts';
import { emptyIncluded, type OutreachApi, type OutreachFilters } from './api.ts';
import { OUTREACH_CONCURRENCY, OUTREACH_PAGE_SIZE_DEFAULT, OUTREACH_PAGE_SIZE_MAX } from './contract.ts';
import { outreachTimeOrder } from './order.ts';
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
  // Every task in a time order: read in id order (at once, exact), sorted when all are in.
  const order = request.all && request.limit === undefined ? outreachTimeOrder(query.sort) : undefined;
  const read = api.tasks(order ? { ...query, sort: undefined } : query, { pageSize, limit, concurrency: OUTREACH_CONCURRENCY, include: request.people ? INCLUDE_FOR_PEOPLE : undefined, included, onTotal: (count) => { total = count; }, onMore: () => { more = true; } });
  const batches = order ? sortedLocally(read, order.keyOf, order.compare, pageSize) : read;
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
