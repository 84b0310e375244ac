// What the API says now: a rep's open tasks, the open tasks of their runs, and open loads.
// Costs as few calls as it can: per-run listings when there are few runs, one workspace-wide
// listing of open tasks when that is fewer pages.
import type { TaskFilters, TopoApi } from '../api.ts';
import { OPEN_STATUSES, PAGE_SIZE_MAX, type Task } from '../contract.ts';
import { mapLimit } from '../lib/map-limit.ts';

const CONCURRENCY = 8;

async function collect(api: TopoApi, filters: TaskFilters): Promise<Task[]> {
  const tasks: Task[] = [];
  for await (const batch of api.paginate(filters, { pageSize: PAGE_SIZE_MAX, concurrency: CONCURRENCY })) tasks.push(...batch);
  return tasks;
}

/**
 * Hands every open (PENDING and IN_PROGRESS) task matching the filters to `onBatch`, page by page,
 * without keeping them; the status filter takes one value, so it is two concurrent listings.
 */
export async function forEachOpenBatch(api: TopoApi, filters: TaskFilters, onBatch: (tasks: Task[]) => void): Promise<void> {
  await Promise.all(OPEN_STATUSES.map(async (status) => {
    for await (const batch of api.paginate({ ...filters, status }, { pageSize: PAGE_SIZE_MAX, concurrency: CONCURRENCY })) onBatch(batch);
  }));
}

/** Open tasks matching the filters, collected. */
export async function openTasks(api: TopoApi, filters: TaskFilters): Promise<Task[]> {
  const tasks: Task[] = [];
  await forEachOpenBatch(api, filters, (batch) => tasks.push(...batch));
  return tasks;
}

/** Every open task of each run, whoever holds it. */
export async function openTasksOfRuns(api: TopoApi, runs: string[]): Promise<Map<string, Task[]>> {
  const byRun = new Map<string, Task[]>(runs.map((run) => [run, []]));
  if (runs.length === 0) return byRun;
  const totals = await Promise.all(OPEN_STATUSES.map((status) => api.listTasks({ status }, 1, 1).then((page) => page.total_count)));
  const workspacePages = totals.reduce((sum, total) => sum + Math.ceil(total / PAGE_SIZE_MAX), 0);
  if (workspacePages < runs.length) {
    for (const task of await openTasks(api, {})) byRun.get(task.sequence_id ?? '')?.push(task);
  } else {
    await mapLimit(runs, CONCURRENCY, async (run) => {
      const tasks = await collect(api, { sequence: run });
      byRun.set(run, tasks.filter((task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS'));
    });
  }
  return byRun;
}

/** Open task count per user, from total_count of size-1 listings (two calls per user, concurrently). */
export async function openLoads(api: TopoApi, users: string[]): Promise<Map<string, number>> {
  const counts = await mapLimit(users, CONCURRENCY, async (user) => {
    const totals = await Promise.all(OPEN_STATUSES.map((status) => api.listTasks({ status, assignee: user }, 1, 1).then((page) => page.total_count)));
    return totals.reduce((sum, total) => sum + total, 0);
  });
  return new Map(users.map((user, index) => [user, counts[index]!]));
}
