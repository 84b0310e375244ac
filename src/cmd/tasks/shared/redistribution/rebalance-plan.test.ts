import { describe, expect, it } from 'vitest';
import { prng } from '../../../../providers/demo.ts';
import { planRebalance, skewOf, type Member } from './rebalance-plan.ts';
import { parseShare } from '../../../../config/team.ts';
import { fairShares, parseCaps } from './shares.ts';
import type { Group } from './plan.ts';

/** A generated team: each member's open tasks, in groups of 1..maxGroup, some of them shared (not movable). */
function team(seed: number, options: { maxGroup: number; shared: boolean; weights: boolean; caps: 'none' | 'ample' | 'tight' }) {
  const random = prng(seed);
  const size = 2 + Math.floor(random() * 7);
  let next = 0;
  const members: Member[] = Array.from({ length: size }, (_, index) => {
    const load = Math.floor(random() * (random() < 0.3 ? 400 : 60));
    const movable: Group[] = [];
    let left = load;
    let held = 0;
    while (left > 0) {
      const n = Math.min(left, 1 + Math.floor(random() * options.maxGroup));
      left -= n;
      if (options.shared && random() < 0.15) continue;
      held += n;
      const ids = Array.from({ length: n }, () => `t${next++}`);
      movable.push({ group: random() < 0.1 ? null : `g${next}`, task_ids: ids, hot: 0, scope: 'SEQUENCE' });
    }
    void held;
    return { user: `u${index}`, weight: options.weights ? 1 + Math.floor(random() * 3) : 1, load, movable };
  });
  const total = members.reduce((sum, member) => sum + member.load, 0);
  if (options.caps !== 'none') {
    const shares = fairShares(total, members);
    for (const member of members) {
      if (random() < 0.5) continue;
      member.cap = options.caps === 'ample' ? Math.ceil(shares.get(member.user)!) + options.maxGroup : Math.floor(random() * shares.get(member.user)! * 1.2);
    }
  }
  return members;
}

const SEEDS = Array.from({ length: 400 }, (_, index) => index + 1);

describe('rebalance planner on generated teams', () => {
  it('never splits or repeats a group, never passes a cap, keeps every task, moves no more than the surplus plus the largest group', () => {
    for (const seed of SEEDS) {
      for (const caps of ['none', 'ample', 'tight'] as const) {
        const members = team(seed, { maxGroup: 1 + (seed % 12), shared: seed % 3 === 0, weights: seed % 2 === 0, caps });
        const maxSkew = 1 + (seed % 20);
        const outcome = planRebalance(members, maxSkew);
        const groups = new Map(members.flatMap((member) => member.movable.map((group) => [group.task_ids[0]!, { group, owner: member.user }] as const)));
        const seen = new Set<string>();
        for (const move of outcome.moves) {
          const origin = groups.get(move.task_ids[0]!);
          expect(origin, `seed ${seed}: a move of a group no member may give`).toBeDefined();
          expect(move.task_ids).toEqual(origin!.group.task_ids);
          expect(move.from).toBe(origin!.owner);
          expect(seen.has(move.task_ids[0]!), `seed ${seed}: a group moved twice`).toBe(false);
          seen.add(move.task_ids[0]!);
        }
        for (const member of members) {
          const after = outcome.after.get(member.user)!;
          const received = outcome.moves.some((move) => move.to === member.user);
          if (member.cap !== undefined && received) expect(after, `seed ${seed} ${caps}: ${member.user} past its cap`).toBeLessThanOrEqual(member.cap);
          if (member.cap !== undefined) expect(after).toBeLessThanOrEqual(Math.max(member.cap, member.load));
        }
        const total = (loads: Map<string, number>) => [...loads.values()].reduce((sum, load) => sum + load, 0);
        expect(total(outcome.after)).toBe(total(outcome.before));
        const surplus = members.reduce((sum, member) => sum + Math.max(0, member.load - outcome.shares.get(member.user)!), 0);
        const largest = Math.max(0, ...members.flatMap((member) => member.movable.map((group) => group.task_ids.length)));
        const moved = outcome.moves.reduce((sum, move) => sum + move.task_ids.length, 0);
        expect(moved, `seed ${seed}`).toBeLessThanOrEqual(surplus + largest);
        expect(outcome.skewAfter).toBeLessThanOrEqual(outcome.skewBefore + 1e-9);
        expect(outcome.reached).toBe(outcome.skewAfter <= maxSkew && members.every((member) => member.cap === undefined || outcome.after.get(member.user)! <= member.cap));
      }
    }
  });

  it('reaches the limit whenever one can: every task movable, groups no larger than the limit, room under every cap', () => {
    let moves = 0;
    for (const seed of SEEDS) {
      for (const caps of ['none', 'ample'] as const) {
        const maxGroup = 1 + (seed % 8);
        const members = team(seed, { maxGroup, shared: false, weights: seed % 2 === 0, caps });
        const maxSkew = maxGroup + (seed % 5);
        const outcome = planRebalance(members, maxSkew);
        expect(outcome.reached, `seed ${seed} ${caps}: skew ${outcome.skewAfter} > ${maxSkew}`).toBe(true);
        moves += outcome.moves.length;
      }
    }
    expect(moves).toBeGreaterThan(1000);
  });

  it('says why when it cannot: groups too large (for the gap or a cap), or all shared', () => {
    const group = (n: number, key: string): Group => ({ group: key, task_ids: Array.from({ length: n }, (_, i) => `${key}-${i}`), hot: 0, scope: 'SEQUENCE' });
    const tooLarge = planRebalance([{ user: 'a', weight: 1, load: 40, movable: [group(40, 'g')] }, { user: 'b', weight: 1, load: 0, movable: [] }], 4);
    expect(tooLarge).toMatchObject({ reached: false, moves: [], skewAfter: 40, shortfall: { donor: 'a', recipient: 'b', reason: 'too-large', smallest: 40 } });
    const shared = planRebalance([{ user: 'a', weight: 1, load: 40, movable: [] }, { user: 'b', weight: 1, load: 0, movable: [] }], 4);
    expect(shared.shortfall).toMatchObject({ reason: 'shared' });
    // b may hold 3: its share is 3, a's 37; a's groups of 4 would pass b's cap.
    const full = planRebalance([{ user: 'a', weight: 1, load: 40, movable: [group(4, 'x'), group(4, 'y')] }, { user: 'b', weight: 1, load: 0, cap: 3, movable: [] }], 4);
    expect(full).toMatchObject({ reached: false, moves: [], shortfall: { reason: 'too-large', smallest: 4 } });
    expect(Object.fromEntries(full.shares)).toEqual({ a: 37, b: 3 });
    // Weighted: a of weight 3 and b of weight 1 hold 30 and 10 of 40: already fair.
    expect(planRebalance([{ user: 'a', weight: 3, load: 30, movable: [group(1, 'p')] }, { user: 'b', weight: 1, load: 10, movable: [] }], 1).moves).toEqual([]);
  });

  it('finishes a group an interrupted run began before anything else', () => {
    const pinned = [{ group: 'g', task_ids: ['g-2'], hot: 0, scope: 'TASK' as const, from: 'a', to: 'b' }];
    const outcome = planRebalance([{ user: 'a', weight: 1, load: 10, movable: [{ group: 'g', task_ids: ['g-2'], hot: 0, scope: 'TASK' }] }, { user: 'b', weight: 1, load: 10, movable: [] }], 100, pinned);
    expect(outcome.moves).toEqual(pinned);
    expect(skewOf(outcome.after, outcome.shares)).toBe(2);
  });
});

describe('weights and caps as typed', () => {
  it('reads name:weight and user=cap, refusing what is not', () => {
    expect(parseShare('ana:2', '--to')).toEqual({ who: 'ana', weight: 2 });
    expect(parseShare('chen', '--to')).toEqual({ who: 'chen', weight: 1 });
    expect(parseShare('ana.b@example.com', '--to')).toEqual({ who: 'ana.b@example.com', weight: 1 });
    expect(parseShare('ana:1.5', '--to').weight).toBe(1.5);
    expect(() => parseShare('ana:0', '--to')).toThrow(/above 0/);
    expect(() => parseShare('ana:x', '--to')).toThrow(/--to: ana:x has a weight/);
    expect(parseCaps(['chen=40'])).toEqual([{ who: 'chen', cap: 40 }]);
    expect(() => parseCaps(['chen:40'])).toThrow(/--cap: chen:40 is not <user>=<most open tasks>/);
  });

  it('shares the load by weight, a cap bounding a share and the rest spread by weight', () => {
    expect([...fairShares(90, [{ user: 'a', weight: 2 }, { user: 'b', weight: 1 }])]).toEqual([['a', 60], ['b', 30]]);
    expect([...fairShares(90, [{ user: 'a', weight: 1, cap: 10 }, { user: 'b', weight: 1 }, { user: 'c', weight: 1 }])]).toEqual([['a', 10], ['b', 40], ['c', 40]]);
    expect([...fairShares(90, [{ user: 'a', weight: 1, cap: 10 }, { user: 'b', weight: 1, cap: 20 }])]).toEqual([['a', 10], ['b', 20]]);
  });
});
