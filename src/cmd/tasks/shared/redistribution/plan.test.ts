// The redistribution planner, its pins and the re-check of a saved plan: pure logic, any provider.
import { describe, expect, it } from 'vitest';
import type { NormalTask, Workforce } from '../../../../providers/types.ts';
import { estimateCalls } from '../../../../providers/estimate.ts';
import { hotPriorities } from '../../../../providers/outreach/workforce.ts';
import { recheckPlan } from './execute.ts';
import { pinsFrom } from './journal.ts';
import { assignGroups, buildPlan, callCount, groupTasks, planForWire, planFromWire } from './plan.ts';

const FROM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const task = (id: string, group: string | null, owner: string | null = FROM, extra: Partial<NormalTask> = {}): NormalTask => ({ id, group, owner, open: true, status: 'PENDING', hot: false, raw: { id }, ...extra });
const sized = (sizes: number[], scope: 'TASK' | 'SEQUENCE') => sizes.map((size, index) => ({ group: `r${index}`, task_ids: Array.from({ length: size }, (_, i) => `t${index}-${i}`), hot: 0, scope }));

describe('redistribution plan', () => {
  it('uses SEQUENCE scope only for groups one call can move whole; a task about no group moves alone', () => {
    const groups = groupTasks([task('a', 'r1'), task('b', 'r1', FROM, { hot: true }), task('c', 'r2'), task('d', null), task('e', null)], new Set(['r1']));
    expect(groups.map((g) => [g.group, g.task_ids, g.hot, g.scope])).toEqual([['r1', ['a', 'b'], 1, 'SEQUENCE'], ['r2', ['c'], 0, 'TASK'], [null, ['d'], 0, 'TASK'], [null, ['e'], 0, 'TASK']]);
    expect(callCount(groups.map((g) => ({ ...g, to: OTHER })))).toBe(1 + 1 + 1 + 1);
  });

  it('balance keeps final loads within the largest group of each other; every group goes to one target', () => {
    const sizes = [9, 7, 6, 5, 5, 4, 3, 3, 2, 2, 1, 1, 1];
    const targets = ['u1', 'u2', 'u3'];
    const { entries } = assignGroups(sized(sizes, 'SEQUENCE'), targets, new Map([['u1', 10], ['u2', 12], ['u3', 8]]), 'balance');
    const loads = targets.map((user) => ({ u1: 10, u2: 12, u3: 8 } as Record<string, number>)[user]! + entries.filter((e) => e.to === user).reduce((sum, e) => sum + e.task_ids.length, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(9);
    expect(new Set(entries.map((e) => e.group)).size).toBe(sizes.length);
  });

  it('round-robin alternates targets, largest groups first', () => {
    expect(assignGroups(sized([1, 3, 2], 'TASK'), ['u1', 'u2'], new Map(), 'round-robin').entries.map((e) => [e.group, e.to])).toEqual([['r1', 'u1'], ['r2', 'u2'], ['r0', 'u1']]);
  });

  it('a group begun in an earlier run keeps its target, also one this run does not name; the rest is balanced', () => {
    const groups = groupTasks([task('1', '5'), task('2', '5'), task('3', '5'), task('4', '6'), task('5', '7')], new Set());
    const pins = pinsFrom([{ task_id: '1', prospect_id: '5', from: '9', to: '2', scope: 'TASK', at: '2026-11-24T00:00:00Z' }], 'prospect_id');
    const kept = buildPlan({ provider: 'x', from: '9', strategy: 'balance', targets: ['1', '2'], loads: new Map([['1', 0], ['2', 50]]), groups, pins, filters: {} });
    expect(kept.entries.find((entry) => entry.group === '5')!.to).toBe('2');
    expect(kept.entries.filter((entry) => entry.group !== '5').every((entry) => entry.to === '1')).toBe(true);
    // The re-run names other targets: the begun group still ends with one rep, and the preview lists them.
    for (const strategy of ['balance', 'round-robin'] as const) {
      const other = buildPlan({ provider: 'x', from: '9', strategy, targets: ['3', '4'], loads: new Map([['2', 50]]), groups, pins, filters: {} });
      expect(other.entries.find((entry) => entry.group === '5')!.to).toBe('2');
      expect(other.entries.filter((entry) => entry.group !== '5').every((entry) => ['3', '4'].includes(entry.to))).toBe(true);
      expect(other.targets.map((target) => target.user)).toEqual(['3', '4', '2']);
    }
  });

  it('a plan is written in the provider\'s words and read back only by that provider', () => {
    const plan = buildPlan({ provider: 'outreach', from: '9', strategy: 'balance', targets: ['1'], loads: new Map(), groups: groupTasks([task('11', '5'), task('12', null)], new Set()), filters: {} });
    const wire = JSON.parse(JSON.stringify(planForWire(plan, 'prospect_id')));
    expect(wire.entries.map((entry: Record<string, unknown>) => entry.prospect_id)).toEqual(['5', null]);
    const ids = (id: string) => /^\d+$/.test(id);
    expect(planFromWire(wire, { provider: 'outreach', defaultProvider: 'topo', field: 'prospect_id', userIds: ids, taskIds: ids })!.entries).toEqual(plan.entries);
    expect(planFromWire(wire, { provider: 'topo', defaultProvider: 'topo', field: 'sequence_id', userIds: ids, taskIds: ids })).toBeUndefined();
    // A plan written before plans named their provider is the first provider's.
    const { provider: _provider, ...old } = wire;
    expect(planFromWire(old, { provider: 'topo', defaultProvider: 'topo', field: 'prospect_id', userIds: ids, taskIds: ids })).toBeDefined();
  });

  it('re-checking a saved plan reports closed and reassigned tasks as stale (by name) and downgrades the group to TASK', async () => {
    const plan = buildPlan({ provider: 'x', from: FROM, strategy: 'balance', targets: [OTHER], loads: new Map(), groups: groupTasks([task('a', 'r1'), task('b', 'r1'), task('c', 'r1')], new Set(['r1'])), filters: {} });
    expect(plan.entries[0]!.scope).toBe('SEQUENCE');
    const now: Record<string, NormalTask> = { a: task('a', 'r1'), b: task('b', 'r1', FROM, { open: false, status: 'COMPLETED' }), c: task('c', 'r1', '00000000-0000-4000-8000-000000000009') };
    const work = { read: async (id: string) => now[id]!, name: (id: string | null | undefined) => (id?.endsWith('9') ? 'dana' : String(id)), wholeGroups: async () => new Set<string>() } as unknown as Workforce;
    const { entries, stale } = await recheckPlan(work, plan.entries, FROM, [now.a!], 'sequence_id', 4);
    expect(entries).toEqual([expect.objectContaining({ task_ids: ['a'], scope: 'TASK' })]);
    expect(stale.map((s) => [s.id, s.note])).toEqual([['b', 'stale: no longer open (COMPLETED)'], ['c', 'stale: now assigned to dana']]);
  });
});

describe('Outreach offboarding pieces', () => {
  it('counts the top-weight priority as hot', () => {
    expect(hotPriorities(new Map([['1', { id: 1, name: 'High', weight: 30 }], ['2', { id: 2, name: 'Low', weight: 10 }]]))).toEqual(new Set(['1']));
  });

  it('estimates honestly from what the server states: calls within what is left wait for nothing; the rest waits for resets', () => {
    const now = Date.parse('2026-11-24T10:00:00Z');
    const hourly = { windowMs: 3_600_000, now };
    // The runs the issue measured: they fit in the window, so the rate limit costs nothing.
    expect(estimateCalls(332, { limit: 10000, remaining: 9412, resetAt: now + 1_800_000 }, hourly)).toBe('332 calls fit in what this window has left: no waiting on the rate limit (the server\'s x-ratelimit: 10,000/h, 9,412 left, resets in 30 min)');
    expect(estimateCalls(25000, { limit: 10000, remaining: 9412, resetAt: now + 1_800_000 }, hourly)).toBe('25,000 calls ≈ at least 1.5 h waiting on the rate limit: 9,412 now, then 2 more windows (the server\'s x-ratelimit: 10,000/h, 9,412 left, resets in 30 min)');
    expect(estimateCalls(3000, { limit: 50, remaining: 40, resetAt: now + 500 }, { now })).toBe('3,000 calls ≈ at least 60 s waiting on the rate limit: 40 now, then 60 more windows (the server\'s x-ratelimit: 50/s, 40 left, resets in 1 s)');
    expect(estimateCalls(10, undefined, { documented: 'Outreach allows 10,000 an hour' })).toBe('10 calls (Outreach allows 10,000 an hour); the server has not stated its rate limit yet');
  });
});
