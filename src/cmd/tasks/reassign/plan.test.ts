// The redistribution planner and the re-check of a saved plan: pure logic.
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { assignRuns, buildPlan, callCount, groupRuns } from './plan.ts';
import { recheckPlan } from './execute.ts';

const FROM = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const task = (id: string, sequence: string, assignee: string | null = FROM, extra: Partial<Task> = {}): Task => ({ id, sequence_id: sequence, assignee_user_id: assignee, status: 'PENDING', priority: 'TODAY', ...extra });

describe('redistribution plan', () => {
  it('uses SEQUENCE scope only for runs whose open tasks are all the rep\'s selected ones', () => {
    const selected = [task('a', 'r1'), task('b', 'r1'), task('c', 'r2'), task('d', 'r3')];
    const runs = new Map([['r1', [selected[0]!, selected[1]!]], ['r2', [selected[2]!, task('x', 'r2', OTHER)]], ['r3', [selected[3]!, task('y', 'r3', FROM)]]]);
    const groups = groupRuns(selected, runs);
    expect(groups.map((g) => [g.sequence_id, g.scope])).toEqual([['r1', 'SEQUENCE'], ['r2', 'TASK'], ['r3', 'TASK']]);
    expect(callCount(groups.map((g) => ({ ...g, to: OTHER })))).toBe(1 + 1 + 1);
  });

  it('balance keeps final loads within the largest run of each other; every run goes to one target', () => {
    const sizes = [9, 7, 6, 5, 5, 4, 3, 3, 2, 2, 1, 1, 1];
    const groups = sizes.map((size, index) => ({ sequence_id: `r${index}`, task_ids: Array.from({ length: size }, (_, i) => `t${index}-${i}`), hot: 0, scope: 'SEQUENCE' as const }));
    const targets = ['u1', 'u2', 'u3'];
    const entries = assignRuns(groups, targets, new Map([['u1', 10], ['u2', 12], ['u3', 8]]), 'balance');
    const loads = targets.map((user) => ({ u1: 10, u2: 12, u3: 8 } as Record<string, number>)[user]! + entries.filter((e) => e.to === user).reduce((sum, e) => sum + e.task_ids.length, 0));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(9);
    expect(new Set(entries.map((e) => e.sequence_id)).size).toBe(sizes.length);
  });

  it('round-robin alternates targets, largest runs first', () => {
    const groups = [1, 3, 2].map((size, index) => ({ sequence_id: `r${index}`, task_ids: Array.from({ length: size }, (_, i) => `t${index}${i}`), hot: 0, scope: 'TASK' as const }));
    expect(assignRuns(groups, ['u1', 'u2'], new Map(), 'round-robin').map((e) => [e.sequence_id, e.to])).toEqual([['r1', 'u1'], ['r2', 'u2'], ['r0', 'u1']]);
  });

  it('re-checking a saved plan reports closed and reassigned tasks as stale and downgrades the run to TASK', () => {
    const plan = buildPlan({ from: FROM, strategy: 'balance', targets: [OTHER], loads: new Map(), selected: [task('a', 'r1'), task('b', 'r1'), task('c', 'r1')],
      runOpenTasks: new Map([['r1', [task('a', 'r1'), task('b', 'r1'), task('c', 'r1')]]]), filters: {} });
    expect(plan.entries[0]!.scope).toBe('SEQUENCE');
    const now = new Map([['r1', [task('a', 'r1'), task('c', 'r1', '00000000-0000-4000-8000-000000000009')]]]);
    const { entries, stale } = recheckPlan(plan.entries, FROM, now);
    expect(entries).toEqual([expect.objectContaining({ task_ids: ['a'], scope: 'TASK' })]);
    expect(stale.map((s) => [s.id, s.note])).toEqual([['b', 'stale: no longer open'], ['c', expect.stringMatching(/now assigned to/)]]);
  });
});
