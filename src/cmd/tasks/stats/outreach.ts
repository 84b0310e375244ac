// topo tasks stats on Outreach: one listing (cursor pages of 1,000) counted by owner, action,
// priority or state. The dimensions keep their Topo names: assignee is the owner, type the action,
// status the state. Incomplete tasks unless --state/--status says otherwise or the grouping is by state.
import { OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, type OutreachTask } from '../../../providers/outreach/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { emptyIncluded, outreachFilters, outreachSession, outreachView } from '../shared/outreach.ts';
import type { Dimension } from './dimensions.ts';
import { renderStats, type StatsCell, type StatsQuery } from './run.ts';

const FIELD: Record<Exclude<Dimension, 'template'>, keyof OutreachTask> = { assignee: 'ownerId', type: 'action', priority: 'taskPriorityId', status: 'state' };
/** The table says it in Outreach's words; --json keeps the dimension's name for scripts. */
const HEADING: Record<Exclude<Dimension, 'template'>, string> = { assignee: 'owner', type: 'action', priority: 'priority', status: 'state' };

export async function runOutreachStats(rt: Runtime, options: StatsQuery): Promise<void> {
  if (options.by === 'template' || options.then === 'template') throw new UsageError('--by template does not exist on Outreach: tasks have no template name to group by; nothing was sent', 'group by assignee, type (action), priority or status (state)');
  const session = await outreachSession(rt);
  const filters = await outreachFilters(rt, session, options);
  const byState = options.by === 'status' || options.then === 'status';
  const included = emptyIncluded();
  const cells = new Map<string, StatsCell>();
  let total = 0;
  let calls = 0;
  const key = (task: OutreachTask, dim: Dimension) => {
    const value = task[FIELD[dim as Exclude<Dimension, 'template'>]];
    return value === null || value === undefined ? null : String(value);
  };
  const include = [options.by, options.then].includes('priority') ? ['taskPriority'] : [];
  for await (const batch of session.api.tasks({ ...filters, state: filters.state ?? (byState ? undefined : OPEN_STATE) }, { pageSize: OUTREACH_PAGE_SIZE_MAX, include, included })) {
    calls++;
    for (const task of batch) {
      const row = key(task, options.by);
      const col = options.then ? key(task, options.then) : undefined;
      const id = JSON.stringify([row, col]);
      const cell = cells.get(id) ?? { key: row, ...(options.then ? { then_key: col } : {}), count: 0 };
      cell.count++;
      cells.set(id, cell);
      total++;
    }
  }
  if ([options.by, options.then].includes('assignee')) await session.people.all();
  const view = outreachView(rt, session, included);
  await renderStats(rt, { json: options.json, heading: HEADING[options.by as Exclude<Dimension, 'template'>] }, { by: options.by, then: options.then ?? null, source: { method: 'full-listing', calls }, cells: [...cells.values()], total },
    (dim, value) => (dim === 'assignee' ? view.ownerName(value) : dim === 'priority' ? view.priorityName(value) : undefined));
}
