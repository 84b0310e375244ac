// Outreach's Task API as typed calls over the HTTP core: the only module that knows its wire format
// (JSON:API media type, filter/page/sort names, cursor links, included resources, actions).
// Resources come back flattened (core/outreach-contract.ts `flatten`): commands never see JSON:API.
import {
  flatten, JSONAPI_MEDIA_TYPE, outreachParams, outreachPaths, TASK_ACTION_PARAMS, OUTREACH_API_PATH, OUTREACH_PAGE_SIZE_MAX,
  type OutreachProspect, type OutreachTask, type OutreachUser, type Resource, type ResourceList, type TaskAction, type TaskPriority, type TokenOwner,
} from './contract.ts';
import { REQUEST_ID_HEADER } from '../topo/contract.ts';
import { HttpClient, type HttpClientOptions, type Query } from '../../http/client.ts';
import type { WireResponse } from '../../http/transport.ts';
import { ServerFaultError } from '../../core/errors.ts';
import { itemTaker, RecentIds, type ListingProgress } from '../paginate.ts';
import { readOutreachError } from './errors.ts';
import { cutsById, IdRangeIgnored, otherEnd, rangesAfter, walkRanges } from './id-ranges.ts';
import { outreachTimeOrder } from './order.ts';
import { sortedLocally } from '../sorted-locally.ts';
import type { OAuthSession } from './oauth.ts';

/** Ids remembered to drop a task a cursor repeats: the last twenty pages of a thousand. */
const RECENT_OUTREACH_IDS = 20_000;

export interface OutreachFilters {
  state?: string;
  owner?: string;
  prospect?: string;
  sequence?: string;
  actions?: string[];
  /** ISO instants; the range `after..before` (either end may be open). */
  dueAfter?: string;
  dueBefore?: string;
  createdAfter?: string;
  createdBefore?: string;
  /** The API's sort value: dueAt, -dueAt, createdAt, ... */
  sort?: string;
  /** Ids from..to, both included (id-ranges.ts reads a long listing in ranges at once). */
  idRange?: [number, number];
}

/** Side-loaded resources of a listing, flattened and by id. */
export interface Included {
  users: Map<string, OutreachUser>;
  prospects: Map<string, OutreachProspect>;
  priorities: Map<string, TaskPriority>;
}

export interface TaskListPage {
  tasks: OutreachTask[];
  included: Included;
  next?: string;
  count?: number;
}

/** A base URL without the API path gets it: https://api.outreach.io and https://api.outreach.io/api/v2 are the same. */
export function outreachApiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith(OUTREACH_API_PATH) ? trimmed : `${trimmed}${OUTREACH_API_PATH}`;
}

/** `a..b` with open ends as `-inf` / `inf`; undefined when neither end is given. */
export function range(after: string | undefined, before: string | undefined): string | undefined {
  if (!after && !before) return undefined;
  return `${after ?? '-inf'}..${before ?? 'inf'}`;
}

export function filterQuery(filters: OutreachFilters): Query {
  return {
    [outreachParams.state]: filters.state,
    [outreachParams.owner]: filters.owner,
    [outreachParams.prospect]: filters.prospect,
    [outreachParams.sequence]: filters.sequence,
    [outreachParams.action]: filters.actions?.length ? filters.actions.join(',') : undefined,
    [outreachParams.dueAt]: range(filters.dueAfter, filters.dueBefore),
    [outreachParams.createdAt]: range(filters.createdAfter, filters.createdBefore),
    [outreachParams.sort]: filters.sort,
    // ASSUMPTION: ranges filter ids as they do dueAt (`a..b`); a server that ignores it is noticed and read by cursor.
    [outreachParams.id]: filters.idRange ? `${filters.idRange[0]}..${filters.idRange[1]}` : undefined,
  };
}

export function emptyIncluded(): Included {
  return { users: new Map(), prospects: new Map(), priorities: new Map() };
}

function readIncluded(resources: Resource[] | undefined, into: Included = emptyIncluded()): Included {
  for (const resource of resources ?? []) {
    const flat = flatten(resource);
    const id = String(flat.id);
    if (resource.type === 'user') into.users.set(id, flat as OutreachUser);
    else if (resource.type === 'prospect') into.prospects.set(id, flat as OutreachProspect);
    else if (resource.type === 'taskPriority') into.priorities.set(id, flat as TaskPriority);
  }
  return into;
}

export function createOutreachApi(options: Omit<HttpClientOptions, 'readError' | 'requestIdHeader' | 'mediaType'>): OutreachApi {
  return new OutreachApi(new HttpClient({ ...options, baseUrl: outreachApiRoot(options.baseUrl), readError: readOutreachError, requestIdHeader: REQUEST_ID_HEADER, mediaType: JSONAPI_MEDIA_TYPE }));
}

/** A change as it would be sent, for dry runs. */
export type PlannedCall = string;

export class OutreachApi {
  progress: ListingProgress | undefined;
  /** The OAuth session refreshing the token, when the profile has a refresh token. */
  session: OAuthSession | undefined;
  constructor(readonly http: HttpClient) {}

  private get root(): string {
    return this.http.base.pathname.replace(/\/$/, '');
  }

  /** Who the token belongs to (and its scopes where the server says): the API root's `meta`. */
  async tokenOwner(): Promise<TokenOwner> {
    const body = await this.http.request<{ meta?: { user?: TokenOwner['user']; token?: { scopes?: unknown } | unknown } } | undefined>({ method: 'GET', path: outreachPaths.root });
    const meta = body?.meta ?? {};
    const token = meta.token as { scopes?: unknown } | undefined;
    const scopes = Array.isArray(token?.scopes) ? token.scopes.filter((scope): scope is string => typeof scope === 'string') : undefined;
    return { user: meta.user && typeof meta.user === 'object' ? meta.user : undefined, scopes };
  }

  /** One page of tasks; `next` is the cursor link to follow, exactly as given. */
  async taskPage(filters: OutreachFilters, size: number, options: { include?: string[]; next?: string; count?: boolean } = {}): Promise<TaskListPage> {
    const body = await this.http.request<ResourceList>(options.next
      ? { method: 'GET', path: outreachPaths.tasks, url: options.next }
      : { method: 'GET', path: outreachPaths.tasks, query: { ...filterQuery(filters), [outreachParams.pageSize]: size, [outreachParams.include]: options.include?.join(',') || undefined, [outreachParams.count]: options.count === false ? 'false' : undefined } });
    const data = resources(body, 'GET /tasks');
    const next = typeof body?.links?.next === 'string' && body.links.next ? body.links.next : undefined;
    return { tasks: data.map((resource) => flatten(resource) as OutreachTask), included: readIncluded(body?.included), next, count: typeof body?.meta?.count === 'number' ? body.meta.count : undefined };
  }

  /**
   * How many tasks match: one size-1 page, read from meta.count. The reference makes meta.count
   * optional: a server that leaves it out is counted page by page (1,000 a page), never guessed.
   */
  async countTasks(filters: OutreachFilters): Promise<number> {
    const page = await this.taskPage(filters, 1);
    if (page.count !== undefined) return page.count;
    if (!page.next) return page.tasks.length;
    let count = 0;
    for await (const batch of this.tasks(filters, { pageSize: OUTREACH_PAGE_SIZE_MAX })) count += batch.length;
    return count;
  }

  /**
   * Every matching task, each once even if the server repeats one across a page boundary.
   * `included` gathers what the pages side-loaded. After the first page, a listing in id order is
   * read in id ranges at once (id-ranges.ts) where the server counts (`meta.count`); otherwise
   * `links.next` is followed page after page (a cursor cannot be fetched ahead). Every task in a time
   * order is read that way in id order and sorted when all are in (sorted-locally.ts); the first
   * tasks of one (a limit) follow its cursor.
   */
  async *tasks(filters: OutreachFilters, options: { pageSize: number; limit?: number; include?: string[]; included?: Included; onTotal?: (count: number) => void; onMore?: () => void; concurrency?: number }): AsyncGenerator<OutreachTask[]> {
    const order = options.limit === undefined && (options.concurrency ?? 1) > 1 ? outreachTimeOrder(filters.sort) : undefined;
    if (order) {
      yield* sortedLocally(this.tasks({ ...filters, sort: undefined }, options), order.keyOf, order.compare, options.pageSize);
      return;
    }
    // A task repeats only near where it was printed (a cursor that overlaps): the last pages' ids
    // are enough, and memory stays flat however long the listing.
    const taker = itemTaker<OutreachTask>(new RecentIds(RECENT_OUTREACH_IDS), options.limit);
    /** Set when id ranges failed and the rest is read by cursor: what was printed is the id-order prefix up to here. */
    let printedUpTo: number | undefined;
    const cursors = new Set<string>();
    const progress = this.progress;
    const descending = filters.sort === '-id';
    const printedBefore = (task: OutreachTask) => printedUpTo !== undefined && (descending ? Number(task.id) >= printedUpTo : Number(task.id) <= printedUpTo);
    const take = (tasks: OutreachTask[]): OutreachTask[] => {
      const fresh = taker.take(printedUpTo === undefined ? tasks : tasks.filter((task) => !printedBefore(task)));
      progress?.advance(fresh.length);
      return fresh;
    };
    const pageOf = (query: OutreachFilters, next?: string, size = options.pageSize) => this.taskPage(query, Math.min(size, taker.left()), { include: options.include, next });
    const onPage = (page: TaskListPage) => {
      if (options.included) readIncludedInto(page.included, options.included);
    };
    progress?.begin();
    try {
      const concurrency = options.concurrency ?? 1;
      const ranged = concurrency > 1 && cutsById(filters);
      // Reading everything in id order: the other end is asked for with the first page (one round).
      const end = ranged && options.limit === undefined ? otherEnd(pageOf, filters) : undefined;
      end?.catch(() => undefined); // awaited below, or not needed; this only stops an unhandled-rejection crash
      const first = await pageOf(filters);
      if (first.count !== undefined) {
        options.onTotal?.(first.count);
        progress?.expect(Math.min(first.count, options.limit ?? Infinity));
      }
      onPage(first);
      yield take(first.tasks);
      let next = first.next;
      let lastId = Number(first.tasks.at(-1)?.id);
      if (next && taker.left() > 0 && ranged && first.count !== undefined) {
        const pagesLeft = Math.ceil((Math.min(first.count, options.limit ?? Infinity) - taker.taken()) / options.pageSize);
        const ranges = await rangesAfter(filters, first, await (end ?? otherEnd(pageOf, filters)), pagesLeft, concurrency);
        if (ranges) {
          try {
            for await (const tasks of walkRanges(pageOf, filters, ranges, concurrency, onPage)) {
              const fresh = take(tasks);
              if (fresh.length) {
                lastId = Number(fresh.at(-1)!.id);
                yield fresh;
              }
              if (taker.left() <= 0) break;
            }
            if (taker.left() <= 0 && taker.taken() < first.count) options.onMore?.();
            return;
          } catch (error) {
            // The server ignores filter[id]: what was printed stands (a prefix of the order); the
            // rest is read by cursor, and what was printed is not repeated.
            if (!(error instanceof IdRangeIgnored)) throw error;
            printedUpTo = lastId;
          }
        }
      }
      while (taker.left() > 0 && next) {
        const page = await pageOf(filters, next);
        onPage(page);
        const fresh = take(page.tasks);
        // Pages that do not advance (nothing new, or a cursor seen before) are the server's fault:
        // an error, never a listing silently cut short.
        // (Read again after id ranges failed, pages already printed bring nothing new, rightly.)
        if (page.next && taker.left() > 0) {
          if (!fresh.length && (printedUpTo === undefined || !page.tasks.length)) throw new ServerFaultError(`the server sent a page of tasks with nothing new and a next page: the listing cannot advance (${taker.taken()} read)`);
          if (cursors.has(page.next)) throw new ServerFaultError(`the server's next-page link repeats an earlier one: the listing cannot go on (${taker.taken()} read)`);
          cursors.add(page.next);
        }
        next = page.next;
        yield fresh;
      }
      // Stopped at the limit with pages left: the caller can say there is more, count or not.
      if (next && taker.left() <= 0) options.onMore?.();
    } finally {
      progress?.end();
    }
  }

  async getTask(id: string, include: string[] = []): Promise<{ task: OutreachTask; included: Included }> {
    const body = await this.http.request<{ data?: Resource; included?: Resource[] }>({ method: 'GET', path: outreachPaths.task(id), query: { [outreachParams.include]: include.join(',') || undefined } });
    return { task: flatten(body?.data ?? { id }) as OutreachTask, included: readIncluded(body?.included) };
  }

  /** POST /tasks/{id}/actions/{action}, its argument in the query string; answers the updated task. */
  async act(id: string, action: TaskAction, value?: string): Promise<OutreachTask> {
    // Never sent twice by the HTTP core: a lost answer goes to the caller, who reads the task back.
    const body = await this.http.request<{ data?: Resource } | undefined>({ method: 'POST', path: outreachPaths.action(id, action), query: this.actionQuery(action, value), retrySafe: false });
    return flatten(body?.data ?? { id }) as OutreachTask;
  }

  plannedAction(id: string, action: TaskAction, value?: string): PlannedCall {
    const query = new URLSearchParams(Object.entries(this.actionQuery(action, value)).filter(([, v]) => v !== undefined) as Array<[string, string]>).toString();
    return `POST ${this.root}${outreachPaths.action(id, action)}${query ? `?${decodeURIComponent(query)}` : ''}`;
  }

  private actionQuery(action: TaskAction, value: string | undefined): Record<string, string | undefined> {
    const param = TASK_ACTION_PARAMS[action];
    return param && value !== undefined ? { [param]: value } : {};
  }

  /** Every user (ids, names, emails, locked), page by page. */
  async users(): Promise<OutreachUser[]> {
    return this.all<OutreachUser>(outreachPaths.users, {});
  }

  /** Prospects by id, side by side in as few calls as the ids need (filter[id]=1,2,3). */
  async prospects(ids: string[]): Promise<OutreachProspect[]> {
    const found: OutreachProspect[] = [];
    for (let start = 0; start < ids.length; start += 100) {
      found.push(...await this.all<OutreachProspect>(outreachPaths.prospects, { [outreachParams.id]: ids.slice(start, start + 100).join(',') }));
    }
    return found;
  }

  async priorities(): Promise<TaskPriority[]> {
    return this.all<TaskPriority>(outreachPaths.taskPriorities, {});
  }

  /** Any endpoint, for `topo api`. */
  raw(spec: { method: string; path: string; query?: Query; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<WireResponse> {
    const path = spec.path.startsWith('/') ? spec.path : `/${spec.path}`;
    return this.http.send({ ...spec, path: path.startsWith(`${OUTREACH_API_PATH}/`) ? path.slice(OUTREACH_API_PATH.length) : path });
  }

  private async all<T>(path: string, query: Query): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    const seen = new Set<string>();
    const cursors = new Set<string>();
    do {
      if (next) {
        if (cursors.has(next)) throw new ServerFaultError(`the server's next-page link for ${path} repeats an earlier one: the listing cannot go on (${items.length} read)`);
        cursors.add(next);
      }
      const body: ResourceList = await this.http.request<ResourceList>(next ? { method: 'GET', path, url: next } : { method: 'GET', path, query: { ...query, [outreachParams.pageSize]: 1000 } });
      let fresh = 0;
      for (const resource of resources(body, `GET ${path}`)) {
        const flat = flatten(resource);
        if (seen.has(String(flat.id))) continue;
        seen.add(String(flat.id));
        items.push(flat as T);
        fresh++;
      }
      next = typeof body?.links?.next === 'string' && body.links.next ? body.links.next : undefined;
      if (next && fresh === 0) throw new ServerFaultError(`the server sent a page of ${path} with nothing new and a next page: the listing cannot advance (${items.length} read)`);
    } while (next);
    return items;
  }
}

function readIncludedInto(from: Included, into: Included): void {
  for (const [id, user] of from.users) into.users.set(id, user);
  for (const [id, prospect] of from.prospects) into.prospects.set(id, prospect);
  for (const [id, priority] of from.priorities) into.priorities.set(id, priority);
}

/** A list document's resources: `data` must be an array of resources with ids, or the answer is not a list. */
function resources(body: ResourceList | undefined, what: string): Resource[] {
  if (!body || !Array.isArray(body.data)) throw new ServerFaultError(`the answer to ${what} is not a JSON:API list (no data array)`);
  const missing = body.data.filter((resource) => resource?.id === undefined || resource?.id === null || resource?.id === '').length;
  if (missing) throw new ServerFaultError(`the answer to ${what} holds ${missing} resource${missing === 1 ? '' : 's'} without an id`);
  return body.data;
}
