// `tasks ls` on Topo: one page by number, or every page (--all / --limit) fetched concurrently and
// yielded in order; `--status open` merges the two open statuses in the listing's order. People get
// who each task is about (its run's contact); scripts get it with --with-contact.
import type { ContactSummary } from '../../core/model.ts';
import type { Listing, ListRequest } from '../types.ts';
import type { TopoApi } from './api.ts';
import type { ContactDirectory } from './contacts.ts';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, type Task } from './contract.ts';
import type { TopoQuery } from './filters.ts';
import { openTasksInOrder, PAGE_CONCURRENCY } from './queries.ts';
import { CONTACT_FIELDS, DEFAULT_LIST_FIELDS, TOPO_LAYOUT, type TaskView } from './view.ts';

export function topoListing(api: TopoApi, query: TopoQuery, request: ListRequest, aliasOf: (uuid: string) => string | undefined, contacts: () => ContactDirectory, note: (line: string) => void): Listing {
  if (!request.progress) api.progress = undefined;
  const contactOf = new Map<string, ContactSummary | null>();
  const lookUp = request.people || request.withContact;
  let total: number | undefined;
  let more: boolean | undefined;
  let totalPages: number | undefined;
  const onTotal = (count: number) => {
    total = count;
  };
  const size = request.size ?? request.profilePageSize ?? PAGE_SIZE_DEFAULT;
  const { page } = request;
  async function* pages(): AsyncGenerator<Task[]> {
    if (query.open && !request.all && request.limit === undefined) {
      // One page of the merged open listing: the first page × size tasks of each status, merged.
      const merged: Task[] = [];
      for await (const batch of openTasksInOrder(api, query, { pageSize: Math.min(PAGE_SIZE_MAX, page * size), limit: page * size, onTotal })) merged.push(...batch);
      yield merged.slice((page - 1) * size, page * size);
      totalPages = Math.ceil((total ?? 0) / size);
      more = page < totalPages;
    } else if (request.all || request.limit !== undefined) {
      const pageSize = Math.min(PAGE_SIZE_MAX, request.limit ?? PAGE_SIZE_MAX, request.size ?? PAGE_SIZE_MAX);
      yield* query.open
        ? openTasksInOrder(api, query, { pageSize, limit: request.limit, onTotal })
        : api.paginate(query, { pageSize, limit: request.limit, concurrency: PAGE_CONCURRENCY, onTotal, note });
    } else {
      const result = await api.listTasks(query, page, size);
      total = result.total_count;
      more = result.has_more;
      totalPages = result.total_pages;
      yield result.items;
    }
  }
  async function* decorated(): AsyncGenerator<Array<Record<string, unknown>>> {
    for await (const batch of pages()) {
      if (!lookUp || batch.length === 0) {
        yield batch;
        continue;
      }
      const found = await contacts().forTasks(batch);
      if (request.people) {
        for (const [id, contact] of found) contactOf.set(id, contact);
        yield batch;
      } else yield batch.map((task) => ({ ...task, contact: found.get(task.id) ?? null }));
    }
  }
  const view: TaskView = { palette: request.palette, aliasOf, now: Date.now(), width: request.width, contactOf: request.people ? (task) => contactOf.get(String(task.id)) : undefined };
  return {
    batches: decorated(),
    layout: TOPO_LAYOUT,
    view,
    contactFields: [...DEFAULT_LIST_FIELDS, ...CONTACT_FIELDS],
    total: () => total,
    more: () => more,
    totalPages: () => totalPages,
  };
}
