// Carrying out a plan with the bulk runner, journaling each confirmed change, and re-checking a
// saved plan against the API so stale entries are reported instead of forced.
import type { TopoApi } from '../../../providers/topo/api.ts';
import type { Task } from '../../../providers/topo/contract.ts';
import type { Progress } from '../../../render/progress.ts';
import { applyReassign } from '../shared/actions.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import type { Journal } from './journal.ts';
import type { PlanEntry } from './plan.ts';

interface Step {
  id: string;
  entry: PlanEntry;
  scope: 'TASK' | 'SEQUENCE';
  /** Tasks this call moves. */
  tasks: string[];
}

export function stepsOf(entries: PlanEntry[]): Step[] {
  return entries.flatMap((entry): Step[] => entry.scope === 'SEQUENCE'
    ? [{ id: entry.task_ids[0]!, entry, scope: 'SEQUENCE', tasks: entry.task_ids }]
    : entry.task_ids.map((id) => ({ id, entry, scope: 'TASK' as const, tasks: [id] })));
}

export async function executePlan(api: TopoApi, from: string, entries: PlanEntry[], options: {
  journal: Journal;
  concurrency: number;
  signal: AbortSignal;
  quit?: AbortSignal;
  progress?: Progress;
}): Promise<ItemResult[]> {
  const steps = stepsOf(entries);
  const results = await runBulk(steps, async (step) => {
    const records = (intent: boolean) => step.tasks.map((task) => ({
      task_id: task, sequence_id: step.entry.sequence_id || null, from, to: step.entry.to, scope: step.scope, at: new Date().toISOString(), ...(intent ? { intent: true as const } : {}),
    }));
    options.journal.append(records(true));
    const result = await applyReassign(api, step.id, step.entry.to, step.scope);
    options.journal.append(records(false));
    return result;
  }, options);
  // One result per task: a SEQUENCE call's outcome stands for every task it moved.
  return steps.flatMap((step, index) => step.tasks.map((task) => ({ ...results[index]!, id: task, sequence_id: step.entry.sequence_id, to: step.entry.to, scope: step.scope })));
}

/**
 * Re-checks a saved plan against the open tasks of its runs now: tasks closed, gone or no longer
 * the rep's are reported as stale; a run stays SEQUENCE only if it is still wholly the rep's.
 */
export function recheckPlan(entries: PlanEntry[], from: string, runOpenTasks: Map<string, Task[]>): { entries: PlanEntry[]; stale: ItemResult[] } {
  const stale: ItemResult[] = [];
  const fresh: PlanEntry[] = [];
  for (const entry of entries) {
    const open = runOpenTasks.get(entry.sequence_id) ?? [];
    const byId = new Map(open.map((task) => [task.id, task]));
    const valid: string[] = [];
    for (const id of entry.task_ids) {
      const task = byId.get(id);
      if (!task) stale.push({ id, outcome: 'unchanged', status: null, error: null, note: 'stale: no longer open', sequence_id: entry.sequence_id });
      else if (task.assignee_user_id !== from) {
        stale.push({ id, outcome: 'unchanged', status: task.status ?? null, error: null, sequence_id: entry.sequence_id,
          note: task.assignee_user_id === entry.to ? 'stale: already with the planned assignee' : `stale: now assigned to ${task.assignee_user_id ?? 'nobody'}` });
      } else valid.push(id);
    }
    if (valid.length === 0) continue;
    const validSet = new Set(valid);
    const wholeRun = open.every((task) => validSet.has(task.id));
    fresh.push({ ...entry, task_ids: valid, scope: entry.scope === 'SEQUENCE' && wholeRun ? 'SEQUENCE' : 'TASK' });
  }
  return { entries: fresh, stale };
}
