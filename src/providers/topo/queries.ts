// What several commands ask of the API: open tasks of a rep or of runs, open load per assignee,
// the users topo knows. Costs as few calls as it can, at one page concurrency for every listing.
import type { TaskFilters, TopoApi } from './api.ts';
import { isOpenStatus, OPEN_STATUSES, PAGE_SIZE_MAX, type Task } from './contract.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { listingOrder } from './order.ts';

/** Pages (or count queries) fetched at once: enough to hide 50 ms of latency, few enough to stay polite. */
export const PAGE_CONCURRENCY = 10;

/** Every task matching the filters, collected. */
export async function allTasks(api: TopoApi, filters: TaskFilters): Promise<Task[]> {
  const tasks: Task[] = [];
  for await (const batch of api.paginate(filters, { pageSize: PAGE_SIZE_MAX, concurrency: PAGE_CONCURRENCY })) tasks.push(...batch);
  return tasks;
}

/**
 * Hands every open (PENDING and IN_PROGRESS) task matching the filters to `onBatch`, page by page,
 * without keeping them; the status filter takes one value, so it is two concurrent listings.
 */
export async function forEachOpenBatch(api: TopoApi, filters: TaskFilters, onBatch: (tasks: Task[]) => void): Promise<void> {
  await Promise.all(OPEN_STATUSES.map(async (status) => {
    for await (const batch of api.paginate({ ...filters, status }, { pageSize: PAGE_SIZE_MAX, concurrency: PAGE_CONCURRENCY })) onBatch(batch);
  }));
}

/** Open tasks matching the filters, collected. */
export async function openTasks(api: TopoApi, filters: TaskFilters): Promise<Task[]> {
  const tasks: Task[] = [];
  await forEachOpenBatch(api, filters, (batch) => tasks.push(...batch));
  return tasks;
}

/** How many tasks match: one size=1 listing. */
export async function countTasks(api: TopoApi, filters: TaskFilters): Promise<number> {
  return (await api.listTasks(filters, 1, 1)).total_count;
}

/**
 * Every open task of each run, whoever holds it: per-run listings, or one workspace listing when
 * that is fewer pages. `openTotal`: the workspace's open tasks, when the caller counted them already.
 */
export async function openTasksOfRuns(api: TopoApi, runs: string[], openTotal?: number): Promise<Map<string, Task[]>> {
  const byRun = new Map<string, Task[]>(runs.map((run) => [run, []]));
  if (runs.length === 0) return byRun;
  const workspacePages = openTotal !== undefined ? Math.ceil(openTotal / PAGE_SIZE_MAX)
    : (await Promise.all(OPEN_STATUSES.map((status) => countTasks(api, { status })))).reduce((sum, total) => sum + Math.ceil(total / PAGE_SIZE_MAX), 0);
  if (workspacePages < runs.length) {
    await forEachOpenBatch(api, {}, (batch) => {
      for (const task of batch) byRun.get(task.sequence_id ?? '')?.push(task);
    });
  } else {
    await mapLimit(runs, PAGE_CONCURRENCY, async (run) => {
      byRun.set(run, (await allTasks(api, { sequence: run })).filter((task) => isOpenStatus(task.status)));
    });
  }
  return byRun;
}

/** Open task count per user, from total_count of size-1 listings (two calls per user). */
export async function openLoads(api: TopoApi, users: string[]): Promise<Map<string, number>> {
  const counts = await mapLimit(users, PAGE_CONCURRENCY, async (user) => {
    const totals = await Promise.all(OPEN_STATUSES.map((status) => countTasks(api, { status, assignee: user })));
    return totals.reduce((sum, total) => sum + total, 0);
  });
  return new Map(users.map((user, index) => [user, counts[index]!]));
}

/** Open (PENDING + IN_PROGRESS) task counts per assignee; null key for unassigned. */
export async function openLoadByAssignee(api: TopoApi): Promise<Map<string | null, number>> {
  const counts = new Map<string | null, number>();
  await forEachOpenBatch(api, {}, (batch) => {
    for (const task of batch) {
      const key = task.assignee_user_id ?? null;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
}

export interface KnownUser {
  id: string;
  alias: string | null;
  open_tasks: number;
}

/**
 * The users topo knows: the API has no users endpoint, so they are the profile's aliases plus
 * every assignee of an open task. Sorted by open load, most first.
 */
export async function knownUsers(api: TopoApi, aliases: Record<string, string>): Promise<{ users: KnownUser[]; unassigned: number }> {
  const loads = await openLoadByAssignee(api);
  const aliasOf = new Map(Object.entries(aliases).map(([name, id]) => [id.toLowerCase(), name]));
  const ids = new Set<string>([...Object.values(aliases).map((id) => id.toLowerCase()), ...[...loads.keys()].filter((id): id is string => id !== null)]);
  const users = [...ids].map((id) => ({ id, alias: aliasOf.get(id) ?? null, open_tasks: loads.get(id) ?? 0 }))
    .sort((a, b) => b.open_tasks - a.open_tasks || (a.alias ?? '~').localeCompare(b.alias ?? '~') || a.id.localeCompare(b.id));
  return { users, unassigned: loads.get(null) ?? 0 };
}

/**
 * Open tasks (PENDING and IN_PROGRESS: the API's status filter takes one value) as one listing:
 * two concurrent listings merged in the listing's order, each task once, streamed in batches.
 */
export async function* openTasksInOrder(api: TopoApi, filters: TaskFilters, options: { pageSize: number; limit?: number; onTotal?: (total: number) => void }): AsyncGenerator<Task[]> {
  const order = listingOrder(filters);
  let totals = 0;
  let told = 0;
  const streams = OPEN_STATUSES.map((status) => api.paginate({ ...filters, status }, {
    pageSize: options.pageSize, limit: options.limit, concurrency: PAGE_CONCURRENCY,
    onTotal: (total) => {
      totals += total;
      if (++told === OPEN_STATUSES.length) options.onTotal?.(totals);
    },
  })[Symbol.asyncIterator]());
  const buffers: Task[][] = streams.map(() => []);
  const finished = streams.map(() => false);
  const refill = async (index: number) => {
    while (buffers[index]!.length === 0 && !finished[index]) {
      const next = await streams[index]!.next();
      if (next.done) finished[index] = true;
      else buffers[index] = next.value;
    }
  };
  let remaining = options.limit ?? Infinity;
  try {
    for (;;) {
      await Promise.all(streams.map((_, index) => refill(index)));
      if (buffers.every((buffer) => buffer.length === 0) || remaining <= 0) return;
      const batch: Task[] = [];
      // Take while every unfinished stream has something to compare against.
      while (remaining > 0 && buffers.every((buffer, index) => buffer.length > 0 || finished[index]) && buffers.some((buffer) => buffer.length > 0)) {
        let best = -1;
        for (const [index, buffer] of buffers.entries()) {
          if (buffer.length && (best < 0 || order(buffer[0]!, buffers[best]![0]!) < 0)) best = index;
        }
        batch.push(buffers[best]!.shift()!);
        remaining--;
      }
      if (batch.length) yield batch;
    }
  } finally {
    await Promise.all(streams.map((stream) => stream.return?.(undefined)));
  }
}
