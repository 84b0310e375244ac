// Redistribution planning, pure: no I/O. Given a departing rep's open tasks, the open tasks of the
// sequence runs they belong to, and the targets' current loads, decide who gets each run and
// whether one SEQUENCE call may move it (only when every open task of the run is the rep's).
import type { Task } from '../../../providers/topo/contract.ts';

export type Strategy = 'balance' | 'round-robin';

export interface RunGroup {
  sequence_id: string;
  /** The departing rep's open tasks of this run that are to move. */
  task_ids: string[];
  hot: number;
  /** SEQUENCE when the whole open run is the rep's and selected; TASK otherwise. */
  scope: 'SEQUENCE' | 'TASK';
}

export interface PlanEntry extends RunGroup {
  to: string;
}

export interface TargetLoad {
  user: string;
  load_before: number;
  load_after: number;
  runs: number;
  tasks: number;
  hot: number;
}

export interface Plan {
  version: 1;
  created_at: string;
  from: string;
  strategy: Strategy;
  filters: { types?: string[]; priorities?: string[] };
  targets: TargetLoad[];
  entries: PlanEntry[];
}

/**
 * Groups the rep's selected open tasks by run. `runOpenTasks` holds every open task of each run
 * (any owner); a run is SEQUENCE-safe when all of them are the rep's selected tasks.
 */
export function groupRuns(selected: Task[], runOpenTasks: Map<string, Task[]>): RunGroup[] {
  const byRun = new Map<string, Task[]>();
  for (const task of selected) {
    const run = task.sequence_id ?? '';
    const list = byRun.get(run) ?? [];
    list.push(task);
    byRun.set(run, list);
  }
  return [...byRun].map(([sequenceId, tasks]) => {
    const selectedIds = new Set(tasks.map((task) => task.id));
    const open = runOpenTasks.get(sequenceId);
    const exclusive = Boolean(sequenceId) && open !== undefined && open.length > 0 && open.every((task) => selectedIds.has(task.id));
    return {
      sequence_id: sequenceId,
      task_ids: tasks.map((task) => task.id),
      hot: tasks.filter((task) => task.priority === 'HOT').length,
      scope: exclusive ? 'SEQUENCE' : 'TASK',
    };
  });
}

/**
 * balance: runs largest first, each to the target with the least load so far (ties: the order given);
 * round-robin: runs largest first, targets in turn. A run always goes to one target.
 */
export function assignRuns<G extends { task_ids: string[] } = RunGroup>(groups: G[], targets: string[], loads: Map<string, number>, strategy: Strategy,
  keyOf: (group: G) => string = (group) => (group as unknown as RunGroup).sequence_id, pinned: (group: G) => string | undefined = () => undefined): Array<G & { to: string }> {
  const current = new Map(targets.map((user) => [user, loads.get(user) ?? 0]));
  const ordered = [...groups].sort((a, b) => b.task_ids.length - a.task_ids.length || (keyOf(a) < keyOf(b) ? -1 : 1));
  let turn = 0;
  return ordered.map((group) => {
    // A group already (partly) given to a target in an earlier, interrupted run stays with it.
    const kept = pinned(group);
    let to = kept !== undefined && current.has(kept) ? kept : targets[turn++ % targets.length]!;
    if (strategy === 'balance' && to !== kept) {
      to = targets.reduce((best, user) => (current.get(user)! < current.get(best)! ? user : best), targets[0]!);
    }
    current.set(to, current.get(to)! + group.task_ids.length);
    return { ...group, to };
  });
}

export function summarizeTargets(entries: Array<{ to: string; task_ids: string[]; hot: number }>, targets: string[], loads: Map<string, number>): TargetLoad[] {
  return targets.map((user) => {
    const mine = entries.filter((entry) => entry.to === user);
    const tasks = mine.reduce((sum, entry) => sum + entry.task_ids.length, 0);
    const before = loads.get(user) ?? 0;
    return { user, load_before: before, load_after: before + tasks, runs: mine.length, tasks, hot: mine.reduce((sum, entry) => sum + entry.hot, 0) };
  });
}

export function buildPlan(input: {
  from: string;
  strategy: Strategy;
  targets: string[];
  loads: Map<string, number>;
  selected: Task[];
  runOpenTasks: Map<string, Task[]>;
  filters: Plan['filters'];
  now?: Date;
}): Plan {
  const entries = assignRuns(groupRuns(input.selected, input.runOpenTasks), input.targets, input.loads, input.strategy);
  return {
    version: 1,
    created_at: (input.now ?? new Date()).toISOString(),
    from: input.from,
    strategy: input.strategy,
    filters: input.filters,
    targets: summarizeTargets(entries, input.targets, input.loads),
    entries,
  };
}

/** The number of mutation calls a plan needs: one per SEQUENCE run, one per task otherwise. */
export function callCount(entries: Array<{ task_ids: string[]; scope: 'TASK' | 'SEQUENCE' }>): number {
  return entries.reduce((sum, entry) => sum + (entry.scope === 'SEQUENCE' ? 1 : entry.task_ids.length), 0);
}
