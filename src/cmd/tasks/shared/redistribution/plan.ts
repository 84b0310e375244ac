// Redistribution planning, pure: no I/O. Given a departing rep's open tasks grouped (a group keeps
// one rep: a Topo sequence run, an Outreach prospect), the targets' loads and the groups begun in
// an earlier interrupted run (pins), decide who gets each group, and whether one call may move it.
import { plural } from '../../../../core/words.ts';
import type { NormalTask } from '../../../../providers/types.ts';

export type Strategy = 'balance' | 'round-robin';

export interface Group {
  /** The group's id; null: a task about no group, which moves alone. */
  group: string | null;
  /** The departing rep's open tasks of this group that are to move. */
  task_ids: string[];
  hot: number;
  /** SEQUENCE when one call can move the whole group (every open task of it is the rep's and selected). */
  scope: 'SEQUENCE' | 'TASK';
}

export interface PlanEntry extends Group {
  to: string;
  /** Whose tasks these are, where a plan moves several reps' work (a rebalance); else the plan's `from`. */
  from?: string;
}

export interface TargetLoad {
  user: string;
  load_before: number;
  load_after: number;
  runs: number;
  tasks: number;
  hot: number;
  /** Share of the load relative to the other targets (1 when not given), and the most open tasks it may hold after; absent in older plans. */
  weight?: number;
  cap?: number | null;
  /** Tasks it gives to others (a rebalance). */
  given?: number;
}

/** Weights and caps by user id (shares.ts); a user not named has weight 1 and no cap. */
export interface Shares {
  weights?: Map<string, number>;
  caps?: Map<string, number>;
}

export interface Plan {
  version: 1;
  provider: string;
  /** The API and profile it was made on (journal.ts's Workspace); absent in older plans. */
  base_url?: string;
  profile?: string;
  created_at: string;
  from: string;
  strategy: Strategy;
  filters: { types?: string[]; priorities?: string[] };
  targets: TargetLoad[];
  entries: PlanEntry[];
  /** Groups no target had room for under its cap: they stay where they are (absent in older plans). */
  kept?: Group[];
}

/** Groups the rep's selected tasks; `whole` names the groups one call may move. First appearance keeps the listing's order. */
export function groupTasks(selected: NormalTask[], whole: Set<string>): Group[] {
  const groups = new Map<string, Group>();
  for (const task of selected) {
    const key = task.group ?? `~${task.id}`;
    const group = groups.get(key) ?? { group: task.group, task_ids: [], hot: 0, scope: task.group !== null && whole.has(task.group) ? 'SEQUENCE' as const : 'TASK' as const };
    group.task_ids.push(task.id);
    if (task.hot) group.hot++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

const keyOf = (group: Group): string => group.group ?? `~${group.task_ids[0]}`;

/**
 * balance: groups largest first, each to the target whose load per unit of weight would be least
 * after it (ties: the order given); round-robin: groups largest first, targets in turn, a target
 * of weight 2 taking two turns to another's one (smooth weighted round-robin). A target whose cap
 * the group would pass is not given it; a group no target has room for is kept back (`kept`). A
 * group always goes to one target, and a group begun in an earlier run (`pins`) stays where it
 * went, even with a target not named this time, even past a cap: that is the only way it ends with
 * one rep.
 */
export function assignGroups(groups: Group[], targets: string[], loads: Map<string, number>, strategy: Strategy, pins: Map<string, string> = new Map(), shares: Shares = {}): { entries: PlanEntry[]; kept: Group[] } {
  const weight = (user: string) => shares.weights?.get(user) ?? 1;
  const current = new Map(targets.map((user) => [user, loads.get(user) ?? 0]));
  const credit = new Map(targets.map((user) => [user, 0]));
  const totalWeight = targets.reduce((sum, user) => sum + weight(user), 0);
  const fits = (user: string, size: number) => {
    const cap = shares.caps?.get(user);
    return cap === undefined || current.get(user)! + size <= cap;
  };
  const ordered = [...groups].sort((a, b) => b.task_ids.length - a.task_ids.length || (keyOf(a) < keyOf(b) ? -1 : 1));
  const entries: PlanEntry[] = [];
  const kept: Group[] = [];
  for (const group of ordered) {
    const size = group.task_ids.length;
    let to = group.group === null ? undefined : pins.get(group.group);
    if (to === undefined) {
      const open = targets.filter((user) => fits(user, size));
      if (open.length === 0) {
        kept.push(group);
        continue;
      }
      if (strategy === 'balance') {
        const after = (user: string) => (current.get(user)! + size) / weight(user);
        to = open.reduce((best, user) => (after(user) < after(best) ? user : best), open[0]!);
      } else {
        for (const user of targets) credit.set(user, credit.get(user)! + weight(user));
        to = open.reduce((best, user) => (credit.get(user)! > credit.get(best)! ? user : best), open[0]!);
        credit.set(to, credit.get(to)! - totalWeight);
      }
    }
    current.set(to, (current.get(to) ?? loads.get(to) ?? 0) + size);
    entries.push({ ...group, to });
  }
  return { entries, kept };
}

/** The weights and caps a plan's targets were given (shares.ts), to plan again with the same. */
export function sharesOf(targets: TargetLoad[]): Shares {
  return {
    weights: new Map(targets.map((target) => [target.user, target.weight ?? 1])),
    caps: new Map(targets.flatMap((target) => (typeof target.cap === 'number' ? [[target.user, target.cap] as const] : []))),
  };
}

export function summarizeTargets(entries: Array<{ to: string; from?: string; task_ids: string[]; hot: number }>, targets: string[], loads: Map<string, number>, shares: Shares = {}): TargetLoad[] {
  const everyone = [...new Set([...targets, ...entries.map((entry) => entry.to)])];
  return everyone.map((user) => {
    const mine = entries.filter((entry) => entry.to === user);
    const tasks = mine.reduce((sum, entry) => sum + entry.task_ids.length, 0);
    const given = entries.filter((entry) => entry.from === user).reduce((sum, entry) => sum + entry.task_ids.length, 0);
    const before = loads.get(user) ?? 0;
    return { user, load_before: before, load_after: before + tasks - given, runs: mine.length, tasks, hot: mine.reduce((sum, entry) => sum + entry.hot, 0),
      weight: shares.weights?.get(user) ?? 1, cap: shares.caps?.get(user) ?? null, ...(given ? { given } : {}) };
  });
}

export function buildPlan(input: {
  provider: string;
  base_url?: string;
  profile?: string;
  from: string;
  strategy: Strategy;
  targets: string[];
  loads: Map<string, number>;
  groups: Group[];
  pins?: Map<string, string>;
  filters: Plan['filters'];
  shares?: Shares;
  now?: Date;
}): Plan {
  const { entries, kept } = assignGroups(input.groups, input.targets, input.loads, input.strategy, input.pins, input.shares);
  return {
    version: 1,
    provider: input.provider,
    ...(input.base_url !== undefined ? { base_url: input.base_url } : {}),
    ...(input.profile !== undefined ? { profile: input.profile } : {}),
    created_at: (input.now ?? new Date()).toISOString(),
    from: input.from,
    strategy: input.strategy,
    filters: input.filters,
    targets: summarizeTargets(entries, input.targets, input.loads, input.shares),
    entries,
    kept,
  };
}

/** The number of change calls a plan needs: one per SEQUENCE group, one per task otherwise. */
export function callCount(entries: Array<{ task_ids: string[]; scope: 'TASK' | 'SEQUENCE' }>): number {
  return entries.reduce((sum, entry) => sum + (entry.scope === 'SEQUENCE' ? 1 : entry.task_ids.length), 0);
}

/**
 * A plan as it is written (plan files, --json): each entry's group under the provider's own name
 * for it (`sequence_id`, `prospect_id`), so a plan reads in the provider's words.
 */
export function planForWire(plan: Plan, field: string): Record<string, unknown> {
  return { ...plan, entries: plan.entries.map(({ group, ...entry }) => ({ [field]: group, ...entry })) };
}

export interface WireCheck {
  provider: string;
  defaultProvider: string;
  field: string;
  userIds: (id: string) => boolean;
  taskIds: (id: string) => boolean;
}

/** A plan file's entries read back; undefined when one is not an entry of this provider (`from`: each must name whose tasks they are). */
export function entriesFromWire(raw: unknown, input: WireCheck, from: 'each' | 'plan'): PlanEntry[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const entries: PlanEntry[] = [];
  for (const entry of raw as Array<Record<string, unknown>>) {
    const ids = entry?.task_ids;
    if (!input.userIds(String(entry?.to ?? '')) || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && input.taskIds(id))) return undefined;
    if (entry.scope !== 'TASK' && entry.scope !== 'SEQUENCE') return undefined;
    if (from === 'each' && !input.userIds(String(entry.from ?? ''))) return undefined;
    const group = entry[input.field];
    entries.push({ group: typeof group === 'string' && group ? group : typeof group === 'number' ? String(group) : null, task_ids: ids as string[], hot: Number(entry.hot) || 0, scope: entry.scope, to: String(entry.to),
      ...(from === 'each' ? { from: String(entry.from) } : {}) });
  }
  return entries;
}

/** A plan file read back (see planForWire); undefined when it is not one for this provider. */
export function planFromWire(raw: unknown, input: WireCheck): Plan | undefined {
  const plan = raw as Partial<Plan> & { entries?: Array<Record<string, unknown>>; kind?: unknown };
  if (!plan || typeof plan !== 'object' || plan.version !== 1 || (plan.provider ?? input.defaultProvider) !== input.provider || plan.kind !== undefined) return undefined;
  if (!input.userIds(String(plan.from ?? '')) || !Array.isArray(plan.targets)) return undefined;
  const entries = entriesFromWire(plan.entries, input, 'plan');
  const kept = Array.isArray(plan.kept) ? plan.kept.filter((group) => Array.isArray(group?.task_ids) && group.task_ids.every((id) => typeof id === 'string')) : [];
  return entries && { ...(plan as Plan), provider: input.provider, entries, kept };
}

/**
 * What makes a plan file unsafe to apply, whoever edited it: a task listed twice (it would move
 * twice, to two reps), a target that is the departing rep, a target the plan does not name.
 */
export function planProblems(plan: { from?: string; targets: TargetLoad[]; entries: PlanEntry[] }): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const twice = new Set<string>();
  const targets = new Set(plan.targets.map((target) => target.user));
  for (const entry of plan.entries) {
    for (const id of entry.task_ids) {
      if (seen.has(id)) twice.add(id);
      seen.add(id);
    }
    const from = entry.from ?? plan.from;
    if (entry.to === from) problems.push(`an entry gives work to the rep it takes it from (${entry.to})`);
    else if (!targets.has(entry.to)) problems.push(`an entry gives work to ${entry.to}, who is not among the plan's targets`);
    if (entry.from !== undefined && !targets.has(entry.from)) problems.push(`an entry takes work from ${entry.from}, who is not in the plan's team`);
  }
  if (twice.size) {
    const listed = [...twice];
    problems.unshift(`${plural(twice.size, 'task')} listed more than once (${listed.slice(0, 3).join(', ')}${listed.length > 3 ? ', …' : ''})`);
  }
  return [...new Set(problems)];
}
