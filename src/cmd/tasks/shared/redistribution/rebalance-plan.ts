// Rebalancing a team that stays, pure: no I/O. Each member holds some open tasks, some of them in
// groups only they hold (movable whole); the plan moves whole groups from members above their fair
// share (shares.ts: weights, caps) to members below it until the skew is within the limit, moving
// as few tasks as it can.
import { fairShares } from './shares.ts';
import type { Group, PlanEntry } from './plan.ts';

export interface Member {
  user: string;
  weight: number;
  cap?: number;
  /** Open tasks held now (those the filters select). */
  load: number;
  /** The groups only this member holds, every open task of them selected: what may move. */
  movable: Group[];
}

/** Why the limit was not reached, for the words (the command names the people). */
export interface Shortfall {
  donor: string;
  recipient: string;
  /**
   * shared: the donor has no group left that only they hold; too-large: every group left is larger
   * than the gap it would close (or the room under a cap). Caps alone never stop it: a capped
   * member's share is its cap, so one below their share has room.
   */
  reason: 'shared' | 'too-large';
  /** The smallest group the donor could give. */
  smallest?: number;
}

export interface RebalanceOutcome {
  moves: PlanEntry[];
  shares: Map<string, number>;
  before: Map<string, number>;
  after: Map<string, number>;
  skewBefore: number;
  skewAfter: number;
  reached: boolean;
  shortfall?: Shortfall;
}

/**
 * The skew of a team: the largest difference between two members' distance from their fair share
 * (load − share). With equal weights and no caps, the largest load minus the smallest.
 */
export function skewOf(loads: Map<string, number>, shares: Map<string, number>): number {
  const gaps = [...loads].map(([user, load]) => load - (shares.get(user) ?? 0));
  return gaps.length ? Math.max(...gaps) - Math.min(...gaps) : 0;
}

/**
 * Greedy: the member furthest above their share gives to the one furthest below the largest group
 * that does not carry either past their share; when none fits, the smallest group that still
 * narrows their gap, as long as the tasks moved stay within the surplus above the shares plus the
 * largest group. Every move lowers the sum of squared gaps, and no group moves twice, so it ends.
 * `pinned`: moves an interrupted run began (a group part-moved), made first whatever the limit.
 */
export function planRebalance(members: Member[], maxSkew: number, pinned: PlanEntry[] = []): RebalanceOutcome {
  const total = members.reduce((sum, member) => sum + member.load, 0);
  const shares = fairShares(total, members);
  const before = new Map(members.map((member) => [member.user, member.load]));
  const load = new Map(before);
  const moves: PlanEntry[] = [];
  for (const move of pinned) {
    load.set(move.from!, load.get(move.from!)! - move.task_ids.length);
    load.set(move.to, (load.get(move.to) ?? 0) + move.task_ids.length);
    moves.push(move);
  }
  const pinnedGroups = new Set(pinned.map((move) => move.group).filter((group) => group !== null));
  const pool = new Map(members.map((member) => [member.user, member.movable.filter((group) => group.group === null || !pinnedGroups.has(group.group))
    .sort((a, b) => b.task_ids.length - a.task_ids.length)]));
  const byUser = new Map(members.map((member) => [member.user, member]));
  const gap = (user: string) => load.get(user)! - shares.get(user)!;
  const room = (user: string) => (byUser.get(user)!.cap ?? Infinity) - load.get(user)!;
  const overCap = (user: string) => room(user) < 0;
  const surplus = members.reduce((sum, member) => sum + Math.max(0, gap(member.user)), 0);
  const largest = Math.max(0, ...members.flatMap((member) => member.movable.map((group) => group.task_ids.length)));
  const budget = surplus + largest;
  let moved = 0;
  const done = () => skewOf(load, shares) <= maxSkew && !members.some((member) => overCap(member.user));
  while (!done()) {
    const donors = members.map((member) => member.user).filter((user) => gap(user) > 0)
      .sort((a, b) => Number(overCap(b)) - Number(overCap(a)) || gap(b) - gap(a));
    const recipients = members.map((member) => member.user).filter((user) => gap(user) < 0 && room(user) > 0).sort((a, b) => gap(a) - gap(b));
    let found: { from: string; to: string; index: number } | undefined;
    for (const from of donors) {
      const groups = pool.get(from)!;
      for (const to of recipients) {
        const want = Math.min(gap(from), -gap(to));
        const fits = (index: number) => groups[index]!.task_ids.length <= room(to);
        // Largest first: the first that fits without overshooting.
        let index = groups.findIndex((group, at) => group.task_ids.length <= want && fits(at));
        if (index < 0) {
          // Smallest first: the first that narrows the gap between the two, within the budget.
          for (let at = groups.length - 1; at >= 0; at--) {
            const size = groups[at]!.task_ids.length;
            if (size >= gap(from) - gap(to)) break;
            if (fits(at) && moved + size <= budget) {
              index = at;
              break;
            }
          }
        }
        if (index >= 0) {
          found = { from, to, index };
          break;
        }
      }
      if (found) break;
    }
    if (!found) break;
    const [group] = pool.get(found.from)!.splice(found.index, 1);
    const size = group!.task_ids.length;
    load.set(found.from, load.get(found.from)! - size);
    load.set(found.to, load.get(found.to)! + size);
    moved += size;
    moves.push({ ...group!, from: found.from, to: found.to });
  }
  const skewAfter = skewOf(load, shares);
  const reached = done();
  return { moves, shares, before, after: load, skewBefore: skewOf(before, shares), skewAfter, reached, ...(reached ? {} : { shortfall: shortfallOf(members, pool, load, shares) }) };
}

function shortfallOf(members: Member[], pool: Map<string, Group[]>, load: Map<string, number>, shares: Map<string, number>): Shortfall {
  const gap = (user: string) => load.get(user)! - shares.get(user)!;
  const users = members.map((member) => member.user);
  const donor = users.reduce((best, user) => (gap(user) > gap(best) ? user : best), users[0]!);
  const recipient = users.reduce((best, user) => (gap(user) < gap(best) ? user : best), users[0]!);
  const left = pool.get(donor)!;
  const smallest = left.length ? Math.min(...left.map((group) => group.task_ids.length)) : undefined;
  return { donor, recipient, reason: left.length ? 'too-large' : 'shared', ...(smallest !== undefined ? { smallest } : {}) };
}
