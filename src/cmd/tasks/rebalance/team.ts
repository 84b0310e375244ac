// A rebalance's team as topo sees it: each member's open tasks (those the filters select), which
// of them may move (groups only that member holds, wholly selected), and what an interrupted run
// began (groups part-moved, to be finished; groups moved today, never moved again).
import { UsageError } from '../../../core/errors.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import type { NormalTask, Workforce } from '../../../providers/types.ts';
import { groupTasks, type PlanEntry } from '../shared/redistribution/plan.ts';
import type { JournalRecord } from '../shared/redistribution/journal.ts';
import { pinsFrom } from '../shared/redistribution/journal.ts';
import type { Member } from '../shared/redistribution/rebalance-plan.ts';

/** `--max-skew 5` (tasks) or `10%` (of the mean load); exit 2 on anything else. */
export function parseSkew(text: string | undefined): { value: number; percent: boolean } {
  const raw = (text ?? '10%').trim();
  const match = /^([0-9]+(?:\.[0-9]+)?)(%?)$/.exec(raw);
  if (!match) throw new UsageError(`--max-skew: '${raw.slice(0, 40)}' is not a number of tasks or a percentage of the mean load`, 'e.g. --max-skew 5 or --max-skew 10%');
  return { value: Number(match[1]), percent: match[2] === '%' };
}

export interface TeamInventory {
  members: Member[];
  /** Each member's selected open tasks. */
  held: Map<string, NormalTask[]>;
  /** Moves that finish groups an interrupted run began. */
  pinned: PlanEntry[];
  /** Tasks that count but cannot move: in a group someone else also holds (or not wholly selected), or moved today already. */
  fixed: Map<string, number>;
  /** Every open task of each member (filters aside), counted when the inventory was read: what the verifying pass expects to find changed. */
  loads: Map<string, number>;
}

/**
 * Each member's selected open tasks and every open task of their groups, whoever holds them: one
 * listing of the workspace's open work where that is no more pages than listing each member's
 * (it answers both), else the members' listings and then their groups' (openTasksOfGroups).
 */
async function openWorkOf(work: Workforce, users: string[], filters: { types?: string[]; priorities?: string[] }): Promise<{ held: Map<string, NormalTask[]>; everyOpen: Map<string, NormalTask[]>; loads: Map<string, number> }> {
  const [loads, open] = await Promise.all([work.loads(users), work.openCount()]);
  const pages = (tasks: number) => Math.max(1, Math.ceil(tasks / open.pageSize));
  if (pages(open.tasks) <= users.reduce((sum, user) => sum + pages(loads.get(user) ?? 0), 0)) {
    const all = await work.openTasksOf(null, {});
    const chosen = (task: NormalTask) => (!filters.types || filters.types.includes(task.type ?? '')) && (!filters.priorities || filters.priorities.includes(task.priority ?? ''));
    const everyOpen = new Map<string, NormalTask[]>();
    for (const task of all) {
      if (task.group === null) continue;
      const tasks = everyOpen.get(task.group);
      if (tasks) tasks.push(task);
      else everyOpen.set(task.group, [task]);
    }
    return { held: new Map(users.map((user) => [user, all.filter((task) => task.owner === user && chosen(task))])), everyOpen, loads };
  }
  const lists = await mapLimit(users, 4, (user) => work.openTasksOf(user, filters));
  const groups = [...new Set(lists.flat().map((task) => task.group).filter((group): group is string => group !== null))];
  return { held: new Map(users.map((user, index) => [user, lists[index]!])), everyOpen: await work.openTasksOfGroups(groups, open), loads };
}

export async function inventoryOf(work: Workforce, users: string[], weights: Map<string, number>, caps: Map<string, number>, filters: { types?: string[]; priorities?: string[] },
  earlier: JournalRecord[], field: string, groupMove: boolean): Promise<TeamInventory> {
  const { held, everyOpen, loads } = await openWorkOf(work, users, filters);
  const lists = [...held.values()];
  const selected = new Set(lists.flat().map((task) => task.id));
  // Groups an earlier run today touched: begun ones are finished with their target, none moves again.
  const pins = pinsFrom(earlier, field);
  const touched = new Set(earlier.map((record) => record[field]).filter((group): group is string => typeof group === 'string' && group !== ''));
  const movedTasks = new Set(earlier.map((record) => record.task_id));
  const pinned: PlanEntry[] = [];
  const fixed = new Map<string, number>();
  const members = users.map((user): Member => {
    const mine = held.get(user)!;
    const onlyMine = (group: string) => (everyOpen.get(group) ?? []).every((task) => task.owner === user && selected.has(task.id));
    const movable: NormalTask[] = [];
    for (const task of mine) {
      const pin = task.group === null ? undefined : pins.get(task.group);
      if (pin !== undefined && pin !== user && users.includes(pin)) {
        let entry = pinned.find((move) => move.group === task.group && move.from === user);
        if (!entry) pinned.push(entry = { group: task.group, task_ids: [], hot: 0, scope: 'TASK', from: user, to: pin });
        entry.task_ids.push(task.id);
        if (task.hot) entry.hot++;
      } else if (task.group === null ? !movedTasks.has(task.id) : !touched.has(task.group) && onlyMine(task.group)) {
        movable.push(task);
      } else {
        fixed.set(user, (fixed.get(user) ?? 0) + 1);
      }
    }
    const whole = new Set(groupMove ? movable.map((task) => task.group).filter((group): group is string => group !== null) : []);
    return { user, weight: weights.get(user) ?? 1, ...(caps.has(user) ? { cap: caps.get(user)! } : {}), load: mine.length, movable: groupTasks(movable, whole) };
  });
  return { members, held, pinned, fixed, loads };
}
