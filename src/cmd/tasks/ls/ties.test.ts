// Tasks created in the same millisecond, more of them than a page holds, several times over (a bulk
// import): every export prints each task once, in both orders. The regression: a part's sample page
// landing inside such a tie was followed by the same page again, and the export stopped with an error.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

describe('tasks ls --all over ties larger than a page', () => {
  it.each(['asc', 'desc'])('prints every task once (%s)', async (order) => {
    h = await harness({ tasks: 1200, seed: 11 });
    const now = Date.parse('2026-11-30T05:00:00.000Z');
    const hours = [0.5, 2, 10, 30, 100, 300];
    const open = h.sandbox.tasks.filter((task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS');
    open.forEach((task, index) => h!.sandbox.patchTask(task.id, { created_at: new Date(now - hours[index % hours.length]! * 3_600_000).toISOString() }));
    const pending = h.sandbox.tasks.filter((task) => task.status === 'PENDING').map((task) => task.id).sort();
    expect(Math.min(...hours.map((_, at) => open.filter((task, index) => index % hours.length === at && task.status === 'PENDING').length))).toBeGreaterThan(100);
    const result = await h.topo(['tasks', 'ls', '--status', 'PENDING', '--all', '--sort', 'created', '--order', order, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const ids = (JSON.parse(result.stdout) as Array<{ id: string; created_at: string }>);
    expect(ids.map((task) => task.id).sort()).toEqual(pending);
    const times = ids.map((task) => Date.parse(task.created_at));
    expect(times).toEqual([...times].sort((a, b) => (order === 'asc' ? a - b : b - a)));
  });
});
