// tasks stats against the sandbox's own numbers; tasks triage driven in a real terminal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/contract.ts';
import { SANDBOX_REPS } from '../../src/sandbox/reps.ts';
import { BIN, harness, type Harness } from '../support/cli.ts';
import { hasTmux, TmuxSession } from '../support/tmux.ts';
import { queueOrder } from '../../src/cmd/tasks/triage/queue.ts';

const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';
let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 2500, seed: 5 });
});
afterAll(() => h.close());

type Group = Record<string, string | number | null>;

function expected(tasks: Task[], by: keyof Task, then?: keyof Task): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    const key = JSON.stringify([task[by] ?? null, then ? task[then] ?? null : null]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

async function stats(args: string[]): Promise<{ groups: Group[]; total: number; source: { method: string; calls: number } }> {
  const result = await h.topo(['tasks', 'stats', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

describe('tasks stats', () => {
  it('assignee × priority of open tasks equals the server data (full listing: assignee is open-ended)', async () => {
    const report = await stats(['--by', 'assignee', '--then', 'priority']);
    expect(report.source.method).toBe('full-listing');
    const want = expected(h.sandbox.tasks.filter(isOpen), 'assignee_user_id', 'priority');
    const got = new Map(report.groups.map((g) => [JSON.stringify([g.assignee, g.priority]), g.count]));
    expect(got).toEqual(want);
    expect(report.total).toBe(h.sandbox.tasks.filter(isOpen).length);
  });

  it('by priority costs a few size=1 count queries, and matches', async () => {
    const report = await stats(['--by', 'priority']);
    expect(report.source).toEqual({ method: 'count-queries', calls: 2 + 3 * 2 });
    for (const group of report.groups) expect(group.count).toBe(h.sandbox.tasks.filter((t) => isOpen(t) && t.priority === group.priority).length);
  });

  it('type × status with a filter matches whichever way it counts', async () => {
    const report = await stats(['--by', 'type', '--then', 'status', '--priorities', 'HOT']);
    const hot = h.sandbox.tasks.filter((t) => t.priority === 'HOT');
    const want = expected(hot, 'type', 'status');
    for (const group of report.groups) expect(group.count, JSON.stringify(group)).toBe(want.get(JSON.stringify([group.type, group.status])) ?? 0);
    expect(report.total).toBe(hot.length);
  });

  it('priority of one rep, and a terminal table with aliases and totals', async () => {
    const rep = SANDBOX_REPS[3]!;
    await h.topo(['users', 'alias', 'set', rep.alias, rep.id]);
    const report = await stats(['--by', 'priority', '--assignee', rep.alias]);
    const mine = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id);
    for (const group of report.groups) expect(group.count).toBe(mine.filter((t) => t.priority === group.priority).length);
    const table = await h.topo(['tasks', 'stats', '--by', 'assignee'], { tty: true, env: { NO_COLOR: '1' } });
    expect(table.stdout).toMatch(new RegExp(`${rep.alias}\\s+${h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === rep.id).length}`));
    expect(table.stdout).toMatch(new RegExp(`TOTAL\\s+${h.sandbox.tasks.filter(isOpen).length}`));
    expect((await h.topo(['tasks', 'stats', '--by', 'type', '--then', 'type'])).code).toBe(2);
  });
});

describe('tasks triage', () => {
  it('refuses without a terminal, pointing to tasks ls --json', async () => {
    const result = await h.topo(['tasks', 'triage']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/tasks ls --json/);
  });

  it.runIf(hasTmux())('skip the first card, reassign the second, quit: exactly those two changes', async () => {
    const rep = SANDBOX_REPS[1]!;
    for (const r of SANDBOX_REPS) await h.topo(['users', 'alias', 'set', r.alias, r.id]);
    const queue = h.sandbox.tasks.filter((t) => isOpen(t) && t.assignee_user_id === SANDBOX_REPS[6]!.id).sort(queueOrder);
    const [first, second] = queue as [Task, Task];
    const before = new Map(h.sandbox.tasks.map((t) => [t.id, { ...t }]));
    const session = new TmuxSession(`${process.execPath} ${BIN} tasks triage --assignee ${SANDBOX_REPS[6]!.alias}`, h.env);
    try {
      await session.waitFor(new RegExp(`1 / ${queue.length}[\\s\\S]*Action`));
      session.keys('s');
      await session.waitFor(new RegExp(`2 / ${queue.length}[\\s\\S]*Action`));
      session.keys('r');
      await session.waitFor(/Reassign to/);
      session.keys(rep.alias);
      await session.waitFor(new RegExp(`❯ ${rep.alias}`));
      session.keys('Enter');
      await session.waitFor(new RegExp(`3 / ${queue.length}[\\s\\S]*Action`));
      session.keys('q');
      const done = await session.waitFor(/\[exit \d+\]/);
      expect(done).toMatch(/triage: 1 skipped, 1 reassigned/);
      expect(done).toMatch(/\[exit 0\]/);
    } finally {
      session.kill();
    }
    for (const task of h.sandbox.tasks) {
      const old = before.get(task.id)!;
      if (task.id === first.id) expect(task.status).toBe('SKIPPED');
      else if (task.id === second.id) expect(task.assignee_user_id).toBe(rep.id);
      else expect(task).toEqual(old);
    }
  });
});
