// Outreach's task counts: one listing (cursor pages of 1,000) counted by owner, action, priority or
// state. The dimensions keep topo's names (assignee is the owner, type the action, status the state);
// incomplete tasks unless the query names a state or the grouping is by state.
import type { Counted, Dimension, StatsCell } from '../types.ts';
import { emptyIncluded, type OutreachApi, type OutreachFilters } from './api.ts';
import { OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, type OutreachTask } from './contract.ts';
import type { OutreachPeople } from './people.ts';
import { outreachNames } from './view.ts';

const FIELD: Record<Exclude<Dimension, 'template'>, keyof OutreachTask> = { assignee: 'ownerId', type: 'action', priority: 'taskPriorityId', status: 'state' };

export async function outreachCount(api: OutreachApi, people: OutreachPeople, query: OutreachFilters, by: Dimension, then: Dimension | undefined): Promise<Counted> {
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
  for await (const batch of api.tasks({ ...query, state: query.state ?? (byState ? undefined : OPEN_STATE) }, { pageSize: OUTREACH_PAGE_SIZE_MAX, include, included })) {
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
    named: ['assignee', 'priority'],
    // Every user who can be given work (locked ones have left), unless one owner was asked for.
    known: query.owner || ![by, then].includes('assignee') ? {} : { assignee: (await people.all()).filter((user) => !user.locked).map((user) => String(user.id)) },
  };
}
