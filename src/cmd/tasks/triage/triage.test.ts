// tasks triage: refused without a terminal; driven in a real terminal (tmux) over the built binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../core/contract.ts';
import { SANDBOX_REPS } from '../../../sandbox/reps.ts';
import { BIN, harness, type Harness } from '../../../../test/support/cli.ts';
import { hasTmux, TmuxSession } from '../../../../test/support/tmux.ts';
import { queueOrder } from './queue.ts';

const isOpen = (task: Task) => task.status === 'PENDING' || task.status === 'IN_PROGRESS';
let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 2500, seed: 5 });
});
afterAll(() => h.close());

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
