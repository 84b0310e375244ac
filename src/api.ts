// The Topo Tasks API as typed calls over the HTTP core. No command talks to HttpClient directly.
import { isUuid, listParams, paths, type Message, type ReassignBody, type Scope, type Task, type TaskPage } from './contract.ts';
import type { HttpClient, Query } from './http/transport.ts';

export interface TaskFilters {
  status?: string;
  types?: string[];
  priorities?: string[];
  assignee?: string;
  sequence?: string;
  templates?: string[];
  createdAfter?: string;
  createdBefore?: string;
  sortBy?: string;
  sortOrder?: string;
}

export function filtersToQuery(filters: TaskFilters): Query {
  return {
    [listParams.status]: filters.status,
    [listParams.types]: filters.types?.length ? filters.types : undefined,
    [listParams.priorities]: filters.priorities?.length ? filters.priorities : undefined,
    [listParams.assignee]: filters.assignee,
    [listParams.sequence]: filters.sequence,
    [listParams.templates]: filters.templates?.length ? filters.templates : undefined,
    [listParams.createdAfter]: filters.createdAfter,
    [listParams.createdBefore]: filters.createdBefore,
    [listParams.sortBy]: filters.sortBy,
    [listParams.sortOrder]: filters.sortOrder,
  };
}

/** Accepts a page even when a server leaves fields out: missing counts are derived from what is there. */
function normalizePage(raw: unknown, page: number, size: number): TaskPage {
  const body = (raw ?? {}) as Partial<TaskPage>;
  const items = Array.isArray(body.items) ? body.items : Array.isArray(raw) ? (raw as Task[]) : [];
  const totalCount = typeof body.total_count === 'number' ? body.total_count : undefined;
  const totalPages = typeof body.total_pages === 'number' ? body.total_pages : totalCount !== undefined ? Math.ceil(totalCount / size) : undefined;
  const hasMore = typeof body.has_more === 'boolean' ? body.has_more : totalPages !== undefined ? page < totalPages : items.length === size;
  return {
    ...body,
    items,
    total_count: totalCount ?? (page - 1) * size + items.length + (hasMore ? 1 : 0),
    total_pages: totalPages ?? (hasMore ? page + 1 : page),
    has_more: hasMore,
  };
}

/**
 * The key an id is remembered by for de-duplication: a UUID as its 16 bytes in a fresh string, so
 * that 100,000 remembered ids cost ~3 MB and do not pin the page bodies they were parsed from.
 */
function compactId(id: string): string {
  return isUuid(id) ? Buffer.from(id.replace(/-/g, ''), 'hex').toString('latin1') : id;
}

/**
 * In creation order with `created_at_before` pinned, a task can reappear only near a page boundary
 * (tasks entering the filter meanwhile push later ones back a few places), so remembering the last
 * pages' ids is enough, and memory stays flat however long the export. Sorted by update time a task
 * can move anywhere: then every id is kept.
 */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    this.ids.add(id);
    // A Set iterates in insertion order: its first entry is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
  }
}

/** Twenty full pages. */
const RECENT_IDS_KEPT = 20 * 100;

export interface PaginateOptions {
  pageSize: number;
  /** Stop after this many tasks (undefined: all). */
  limit?: number;
  /** Pages fetched at once after the first. */
  concurrency: number;
  /** Called once with the first page's total, before any task is yielded. */
  onTotal?: (total: number) => void;
}

export class TopoApi {
  constructor(readonly http: HttpClient) {}

  async listTasks(filters: TaskFilters, page: number, size: number): Promise<TaskPage> {
    const raw = await this.http.request<unknown>({
      method: 'GET',
      path: paths.tasks,
      query: { ...filtersToQuery(filters), [listParams.page]: page, [listParams.size]: size },
    });
    return normalizePage(raw, page, size);
  }

  /**
   * Every task matching the filters, page by page, in the server's order and each exactly once.
   * The first page tells how many pages there are; the rest are fetched `concurrency` at a time and
   * yielded in order. `created_at_before` is pinned to the start time so tasks created meanwhile
   * cannot shift the pages under us; ids already seen are dropped.
   */
  async *paginate(filters: TaskFilters, options: PaginateOptions): AsyncGenerator<Task[]> {
    const now = new Date().toISOString();
    const pinned: TaskFilters = { ...filters, createdBefore: filters.createdBefore && filters.createdBefore < now ? filters.createdBefore : now };
    const { pageSize, limit = Infinity, concurrency } = options;
    const seen = filters.sortBy === 'updated_at' ? new Set<string>() : new RecentIds(RECENT_IDS_KEPT);
    let remaining = limit;
    const take = (page: TaskPage): Task[] => {
      const fresh: Task[] = [];
      for (const task of page.items) {
        if (remaining <= 0) break;
        const key = typeof task?.id === 'string' ? compactId(task.id) : undefined;
        if (key !== undefined) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        fresh.push(task);
        remaining--;
      }
      return fresh;
    };

    const first = await this.listTasks(pinned, 1, pageSize);
    options.onTotal?.(first.total_count);
    yield take(first);
    if (!first.has_more || remaining <= 0) return;

    const lastPage = Math.min(first.total_pages, Math.ceil(limit / pageSize));
    const inFlight = new Map<number, Promise<TaskPage>>();
    let nextToFetch = 2;
    const fill = () => {
      while (inFlight.size < concurrency && nextToFetch <= lastPage) {
        const promise = this.listTasks(pinned, nextToFetch, pageSize);
        promise.catch(() => undefined); // awaited in order below; this only stops an unhandled-rejection crash
        inFlight.set(nextToFetch++, promise);
      }
    };
    let more: boolean = first.has_more;
    let page = 2;
    for (; page <= lastPage && more && remaining > 0; page++) {
      fill();
      const result = await inFlight.get(page)!;
      inFlight.delete(page);
      more = result.has_more;
      yield take(result);
    }
    // A server whose total_pages undercounts still says has_more: go on one page at a time.
    for (; more && remaining > 0; page++) {
      const result = await this.listTasks(pinned, page, pageSize);
      more = result.has_more && result.items.length > 0;
      yield take(result);
    }
  }

  getTask(id: string): Promise<Task> {
    return this.http.request<Task>({ method: 'GET', path: paths.task(id) });
  }

  async listMessages(id: string): Promise<Message[]> {
    const raw = await this.http.request<unknown>({ method: 'GET', path: paths.messages(id) });
    // The seeds say a bare array; an {items} or {messages} wrapper is accepted too.
    if (Array.isArray(raw)) return raw as Message[];
    const wrapper = raw as { items?: unknown; messages?: unknown } | undefined;
    const items = Array.isArray(wrapper?.items) ? wrapper.items : wrapper?.messages;
    return Array.isArray(items) ? (items as Message[]) : [];
  }

  skipTask(id: string): Promise<Task> {
    return this.http.request<Task>({ method: 'POST', path: paths.skip(id) });
  }

  reopenTask(id: string): Promise<Task> {
    return this.http.request<Task>({ method: 'POST', path: paths.reopen(id) });
  }

  reassignTask(id: string, assignee: string, scope: Scope): Promise<Task> {
    const body: ReassignBody = { assignee_user_id: assignee, scope };
    return this.http.request<Task>({ method: 'PATCH', path: paths.assignee(id), body });
  }
}
