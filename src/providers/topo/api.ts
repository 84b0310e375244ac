// The Topo API as typed calls over the HTTP core. The only module that knows Topo's wire format:
// paths, query names, page envelopes and (through readTopoError) error bodies. Commands and queries
// speak tasks, filters and pages.
import {
  API_VERSION_PATH, listParams, PAGE_SIZE_MAX, paths, type Contact, type KeyInfo, type Message, type ReassignBody, type Scope, type SequenceRun,
  type SequenceTemplate, type Task, REQUEST_ID_HEADER,
} from './contract.ts';
import { UsageError } from '../../core/errors.ts';
import { HttpClient, type HttpClientOptions, type Query, type RequestSpec } from '../../http/client.ts';
import type { WireResponse } from '../../http/transport.ts';
import { normalizePage, paginate, RecentIds, RECENT_IDS_KEPT, type ListingProgress, type Page, type PaginateOptions, type SeenIds } from '../paginate.ts';
import { readTopoError } from './errors.ts';
import { KeysetUnavailable, keysetPages } from './keyset.ts';
import { sortedLocally } from '../sorted-locally.ts';
import { compareKeys, orderKey } from './order.ts';

export type { ListingProgress, Page, PaginateOptions } from '../paginate.ts';
export type TaskPage = Page<Task>;
export type { RequestSpec } from '../../http/client.ts';
export type { WireResponse } from '../../http/transport.ts';

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

/**
 * The documented base URL is https://api.topo.io/v1. A base URL given without the version gets it
 * appended, so `https://host` and `https://host/v1` reach the same endpoints (never /v1/v1).
 */
export function topoApiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(API_VERSION_PATH) ? trimmed : `${trimmed}${API_VERSION_PATH}`;
}

/** `tasks`, `/tasks` and `/v1/tasks` all name the same endpoint below the versioned base URL. */
export function apiPath(path: string): string {
  const absolute = path.startsWith('/') ? path : `/${path}`;
  return absolute === API_VERSION_PATH || absolute.startsWith(`${API_VERSION_PATH}/`) ? absolute.slice(API_VERSION_PATH.length) || '/' : absolute;
}

export function createTopoApi(options: Omit<HttpClientOptions, 'readError' | 'requestIdHeader'>): TopoApi {
  return new TopoApi(new HttpClient({ ...options, baseUrl: topoApiRoot(options.baseUrl), readError: readTopoError, requestIdHeader: REQUEST_ID_HEADER }));
}

/** A mutation as it would be sent, for dry runs: `POST /v1/tasks/{id}/skip`. */
export type PlannedCall = string;

export class TopoApi {
  /** Hears every listing's progress; the runtime sets it where a person watches stderr. */
  progress: ListingProgress | undefined;

  constructor(readonly http: HttpClient) {}

  private get root(): string {
    return this.http.base.pathname.replace(/\/$/, '');
  }

  /** GET /v1/me: the key's name, prefix and scopes. */
  me(): Promise<KeyInfo> {
    return this.http.request<KeyInfo>({ method: 'GET', path: paths.me });
  }

  async listTasks(filters: TaskFilters, page: number, size: number): Promise<TaskPage> {
    const raw = await this.http.request<unknown>({
      method: 'GET',
      path: paths.tasks,
      query: { ...filtersToQuery(filters), [listParams.page]: page, [listParams.size]: size },
    });
    return normalizePage<Task>(raw, page, size);
  }

  /**
   * Every task matching the filters, page by page, in the server's order and each exactly once.
   * `created_at_before` is pinned to the start time so tasks created meanwhile are left out. Pages
   * are asked for by creation time (keyset.ts), so a task that matches from start to end is printed
   * exactly once whatever others do meanwhile; by update time (which changes under us, and has no
   * filter to page by) the same read is sorted locally (sorted-locally.ts). With --limit by update
   * time only the first pages are read, by offset, ids already seen dropped.
   */
  paginate(filters: TaskFilters, options: PaginateOptions): AsyncGenerator<Task[]> {
    const now = new Date().toISOString();
    const pinned: TaskFilters = { ...filters, createdBefore: filters.createdBefore && filters.createdBefore < now ? filters.createdBefore : now };
    const byUpdate = filters.sortBy === 'updated_at';
    let told = false;
    const settings = (seen: SeenIds) => ({
      ...options,
      seen,
      onTotal: (total: number) => {
        if (told) return;
        told = true;
        this.progress?.expect(Math.min(total, options.limit ?? Infinity));
        options.onTotal?.(total);
      },
    });
    const list = (query: TaskFilters, page: number, size: number) => this.listTasks(query, page, size);
    // Read by key, then (in creation order) by offset: ids already printed are not printed again.
    const seen = new RecentIds(RECENT_IDS_KEPT);
    const byOffset = () => this.metered(paginate((page, size) => list(pinned, page, size), settings(byUpdate ? new Set<string>() : seen)));
    if (byUpdate && options.limit !== undefined) return byOffset();
    const byKey = this.metered(keysetPages(list, byUpdate ? { ...pinned, sortBy: undefined, sortOrder: undefined } : pinned, { ...settings(seen), maxPageSize: PAGE_SIZE_MAX }));
    return (async function* exact() {
      try {
        yield* byUpdate ? sortedLocally(byKey, (task) => orderKey(task, filters), compareKeys(filters), options.pageSize) : byKey;
      } catch (error) {
        // Tasks without a creation time to page by: by offset (in creation order, what was printed
        // is not repeated; by update time nothing was printed yet).
        if (!(error instanceof KeysetUnavailable)) throw error;
        yield* byOffset();
      }
    })();
  }

  private async *metered<T>(pages: AsyncGenerator<T[]>): AsyncGenerator<T[]> {
    const progress = this.progress;
    progress?.begin();
    try {
      for await (const batch of pages) {
        progress?.advance(batch.length);
        yield batch;
      }
    } finally {
      progress?.end();
    }
  }

  getTask(id: string): Promise<Task> {
    return this.http.request<Task>({ method: 'GET', path: paths.task(id) });
  }

  async listMessages(id: string): Promise<Message[]> {
    const raw = await this.http.request<unknown>({ method: 'GET', path: paths.messages(id) });
    // Documented as a bare array; an {items} or {messages} wrapper is accepted too.
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

  plannedTransition(id: string, transition: 'skip' | 'reopen'): PlannedCall {
    return `POST ${this.root}${transition === 'skip' ? paths.skip(id) : paths.reopen(id)}`;
  }

  plannedReassign(id: string, assignee: string, scope: Scope): PlannedCall {
    return `PATCH ${this.root}${paths.assignee(id)} ${JSON.stringify({ assignee_user_id: assignee, scope } satisfies ReassignBody)}`;
  }

  /**
   * Any endpoint, for `topo api`: the path below the versioned base (a leading /v1 is dropped, so
   * `/v1/tasks` and `/tasks` are the same), the answer whatever its status.
   */
  raw(spec: RequestSpec): Promise<WireResponse> {
    return this.http.send({ ...spec, path: apiPath(spec.path) });
  }

  /** Every item of a paginated list endpoint, pages fetched `concurrency` at a time, in order. */
  rawPages(path: string, query: Query, concurrency: number, headers?: Record<string, string>): AsyncGenerator<unknown[]> {
    const size = Number(query[listParams.size] ?? 100) || 100;
    return this.metered(paginate<{ id?: unknown }>(async (page, pageSize) => {
      const raw = await this.http.request<unknown>({ method: 'GET', path: apiPath(path), query: { ...query, [listParams.page]: page, [listParams.size]: pageSize }, headers });
      if (!Array.isArray(raw) && !Array.isArray((raw as { items?: unknown } | null)?.items)) {
        throw new UsageError(`--paginate: ${path} did not answer a paginated list (no "items"); leave out --paginate`);
      }
      return normalizePage<{ id?: unknown }>(raw, page, pageSize);
    }, { pageSize: size, concurrency, seen: new Set(), onTotal: (total) => this.progress?.expect(total) }));
  }

  getSequence(id: string): Promise<SequenceRun> {
    return this.http.request<SequenceRun>({ method: 'GET', path: paths.sequence(id) });
  }

  getContact(id: string): Promise<Contact> {
    return this.http.request<Contact>({ method: 'GET', path: paths.contact(id) });
  }

  /** Templates whose name is exactly `name` (the API's `name` filter is an exact match). */
  async templatesNamed(name: string): Promise<SequenceTemplate[]> {
    const raw = await this.http.request<unknown>({ method: 'GET', path: paths.templates, query: { [listParams.templateName]: name, [listParams.page]: 1, [listParams.size]: 100 } });
    return normalizePage<SequenceTemplate>(raw, 1, 100).items;
  }

  /** Every template (for "did you mean" and completion caches). */
  async allTemplates(concurrency: number): Promise<SequenceTemplate[]> {
    const all: SequenceTemplate[] = [];
    const pages = paginate<SequenceTemplate>(async (page, size) => normalizePage<SequenceTemplate>(
      await this.http.request<unknown>({ method: 'GET', path: paths.templates, query: { [listParams.page]: page, [listParams.size]: size } }), page, size),
    { pageSize: 100, concurrency, seen: new Set() });
    for await (const batch of pages) all.push(...batch);
    return all;
  }
}
