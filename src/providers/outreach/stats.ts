// Outreach's task counts: one listing (cursor pages of 1,000) counted by owner, action, priority or
// state. The dimensions keep topo's names (assignee is the owner, type the action, status the state);
// incomplete tasks unless the query names a state or the grouping is by state.
import { mapLimit } from '../../core/map-limit.ts';
import { OTHERS, type Counted, type CountDimension as Dimension, type StatsCell } from '../types.ts';
import { emptyIncluded, type OutreachApi, type OutreachFilters } from './api.ts';
import { OUTREACH_CONCURRENCY, OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, type OutreachTask } from './contract.ts';
import type { OutreachPeople } from './people.ts';
import { outreachNames } from './view.ts';

const FIELD: Record<Exclude<Dimension, 'template'>, keyof OutreachTask> = { assignee: 'ownerId', type: 'action', priority: 'taskPriorityId', status: 'state' };

/** Dimensions whose keys Outreach names (users, priorities). */
const NAMED: Dimension[] = ['assignee', 'priority'];

/** Every user who can be given work (locked ones have left): a row each by owner, 0 where none. */
async function usersTakingWork(people: OutreachPeople): Promise<string[]> {
  return (await people.all()).filter((user) => !user.locked).map((user) => String(user.id));
}

export async function outreachCount(api: OutreachApi, people: OutreachPeople, query: OutreachFilters, by: Dimension, then: Dimension | undefined): Promise<Counted> {
  if (by === 'assignee' && !then && !query.owner) {
    const counted = await countPerUser(api, people, query);
    if (counted) return counted;
  }
  const byState = by === 'status' || then === 'status';
  const included = emptyIncluded();
  const cells = new Map<string, StatsCell>();
  let total = 0;
  let calls = 0;
  const key = (task: OutreachTask, dim: Dimension) => {
    const value = task[FIELD[dim as Exclude<Dimension, 'template'>]];
    return value === null || value === undefined ? null : String(value);
  };
  const include = [by, then].includes('priority') ? ['taskPriority'] : [];
  for await (const batch of api.tasks({ ...query, state: query.state ?? (byState ? undefined : OPEN_STATE) }, { pageSize: OUTREACH_PAGE_SIZE_MAX, concurrency: OUTREACH_CONCURRENCY, include, included })) {
    calls++;
    for (const task of batch) {
      const row = key(task, by);
      const col = then ? key(task, then) : undefined;
      const id = JSON.stringify([row, col]);
      const cell = cells.get(id) ?? { key: row, ...(then ? { then_key: col } : {}), count: 0 };
      cell.count++;
      cells.set(id, cell);
      total++;
    }
  }
  if ([by, then].includes('assignee')) await people.all();
  const names = outreachNames(people, included);
  return {
    result: { by, then: then ?? null, source: { method: 'full-listing', calls }, cells: [...cells.values()], total },
    nameOf: (dim, value) => (dim === 'assignee' ? names.ownerName(value) : dim === 'priority' ? names.priorityName(value) : undefined),
    named: NAMED,
    known: query.owner || ![by, then].includes('assignee') ? {} : { assignee: await usersTakingWork(people) },
  };
}

/**
 * By owner at the size of a big org: where the server counts (`meta.count`) and the users are fewer
 * than the pages a listing would take, one size-1 count per user plus one total, "others" being the
 * total less the users' (the unassigned). Undefined: the listing is cheaper, or nothing counts.
 */
async function countPerUser(api: OutreachApi, people: OutreachPeople, query: OutreachFilters): Promise<Counted | undefined> {
  const scoped = { ...query, state: query.state ?? OPEN_STATE };
  const total = (await api.taskPage(scoped, 1)).count;
  if (total === undefined) return undefined;
  const users = await people.all();
  if (users.length + 1 > Math.ceil(total / OUTREACH_PAGE_SIZE_MAX)) return undefined;
  const counts = await mapLimit(users, OUTREACH_CONCURRENCY, (user) => api.countTasks({ ...scoped, owner: String(user.id) }));
  const cells: StatsCell[] = users.map((user, index) => ({ key: String(user.id), count: counts[index]! })).filter((cell) => cell.count > 0);
  const others = total - counts.reduce((sum, count) => sum + count, 0);
  if (others > 0) cells.push({ key: OTHERS, count: others });
  const names = outreachNames(people, emptyIncluded());
  return {
    result: { by: 'assignee', then: null, source: { method: 'count-queries', calls: users.length + 2, detail: `one count per user (${users.length}) and a total; "${OTHERS}" is the total less theirs` }, cells, total },
    nameOf: (dim, value) => (dim === 'assignee' ? (value === OTHERS ? 'unassigned' : names.ownerName(value)) : undefined),
    named: NAMED,
    known: { assignee: await usersTakingWork(people) },
  };
}
