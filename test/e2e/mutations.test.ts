// skip / reopen / reassign end to end: transitions, stdin forms, safety rails, faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/contract.ts';
import { SANDBOX_KEYS } from '../../src/sandbox/server.ts';
import { harness, lines, type Harness } from '../support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 400, seed: 7 });
});
afterAll(() => h.close());

const withStatus = (status: string, skip = 0) => h.sandbox.tasks.filter((t) => t.status === status)[skip]!;
const mutationsSince = (mark: number) => h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET');

describe('transitions', () => {
  it('skip moves PENDING to SKIPPED once; again is "unchanged"; a COMPLETED task is a conflict (exit 5)', async () => {
    const task = withStatus('PENDING');
    const first = await h.topo(['tasks', 'skip', task.id, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual([expect.objectContaining({ id: task.id, outcome: 'changed', status: 'SKIPPED' })]);
    expect(h.sandbox.task(task.id)!.status).toBe('SKIPPED');
    const again = await h.topo(['tasks', 'skip', task.id, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)[0]).toMatchObject({ outcome: 'unchanged', status: 'SKIPPED' });
    const completed = withStatus('COMPLETED');
    const refused = await h.topo(['tasks', 'skip', completed.id]);
    expect(refused.code).toBe(5);
    expect(refused.stdout).toMatch(/cannot skip a COMPLETED task/);
    expect(h.sandbox.task(completed.id)!.status).toBe('COMPLETED');
    expect(h.sandbox.appliedCount.get(task.id)).toBe(1);
  });

  it('reopen returns SKIPPED and COMPLETED to PENDING; an open task is unchanged; IN_PROGRESS can be skipped', async () => {
    const skipped = withStatus('SKIPPED');
    const completed = withStatus('COMPLETED', 1);
    const pending = withStatus('PENDING', 3);
    const result = await h.topo(['tasks', 'reopen', skipped.id, completed.id, pending.id, '--yes', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ outcome: string }>).map((r) => r.outcome)).toEqual(['changed', 'changed', 'unchanged']);
    expect([skipped, completed, pending].map((t) => h.sandbox.task(t.id)!.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    const inProgress = withStatus('IN_PROGRESS');
    expect((await h.topo(['tasks', 'skip', inProgress.id])).code).toBe(0);
    expect(h.sandbox.task(inProgress.id)!.status).toBe('SKIPPED');
  });

  it('404 for an unknown id exits 4', async () => {
    const result = await h.topo(['tasks', 'skip', '00000000-0000-4000-8000-000000000000']);
    expect(result.code).toBe(4);
  });
});

describe('ids from stdin', () => {
  it('accepts plain lines, the JSON array of tasks ls --json, and NDJSON', async () => {
    const pending = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(10, 16);
    const plain = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${pending[0]!.id}\n\n${pending[1]!.id}\n` });
    expect(plain.code).toBe(0);
    const listed = await h.topo(['tasks', 'ls', '--sequence', pending[2]!.sequence_id!, '--status', 'PENDING', '--json']);
    const json = await h.topo(['tasks', 'skip', '-', '--yes', '--json'], { input: listed.stdout });
    expect(json.code).toBe(0);
    const fromJson = (JSON.parse(json.stdout) as Array<{ id: string }>).map((r) => r.id);
    expect(fromJson).toEqual((JSON.parse(listed.stdout) as Task[]).map((t) => t.id));
    const ndjson = pending.slice(3).map((t) => JSON.stringify(t)).join('\n');
    const nd = await h.topo(['tasks', 'skip', '-', '--yes'], { input: ndjson });
    expect(nd.code).toBe(0);
    for (const task of [pending[0]!, pending[1]!, ...pending.slice(3)]) expect(h.sandbox.task(task.id)!.status).toBe('SKIPPED');
  });

  it('reports every malformed id with its line before sending anything (exit 2)', async () => {
    const mark = h.sandbox.requests.length;
    const good = withStatus('PENDING', 20).id;
    const result = await h.topo(['tasks', 'skip', '-', '--yes'], { input: `${good}\nnot-an-id\n{"name":"x"}\n${good.slice(0, 30)}\n` });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/3 malformed task ids/);
    expect(result.stderr).toMatch(/line 2: not a task UUID: not-an-id/);
    expect(result.stderr).toMatch(/line 3: not a task \(no "id"\)/);
    expect(result.stderr).toMatch(/line 4:/);
    expect(h.sandbox.requests.length).toBe(mark);
    const empty = await h.topo(['tasks', 'skip', '-', '--yes'], { input: '' });
    expect(empty.code).toBe(2);
  });
});

describe('safety', () => {
  it('refuses several tasks without --yes when nobody can confirm; sends nothing', async () => {
    const mark = h.sandbox.requests.length;
    const [a, b] = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(30, 32);
    const result = await h.topo(['tasks', 'skip', a!.id, b!.id]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--yes/);
    expect(h.sandbox.requests.length).toBe(mark);
  });

  it('--dry-run shows what would be sent and sends no mutation', async () => {
    const mark = h.sandbox.requests.length;
    const [a, b] = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(40, 42);
    const completed = withStatus('COMPLETED', 3);
    const result = await h.topo(['tasks', 'skip', a!.id, b!.id, completed.id, '--dry-run', '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(report.map((r) => r.outcome)).toEqual(['skipped-by-dry-run', 'skipped-by-dry-run', 'skipped-by-dry-run']);
    expect(report[0]).toMatchObject({ status: 'PENDING', would_become: 'SKIPPED', would_send: `POST /v1/tasks/${a!.id}/skip` });
    expect(report[2]).toMatchObject({ status: 'COMPLETED', would_become: null });
    expect(mutationsSince(mark)).toEqual([]);
    const reassign = await h.topo(['tasks', 'reassign', a!.id, '--to', h.sandbox.workspace.reps[0]!.id, '--scope', 'sequence', '--dry-run']);
    expect(reassign.code).toBe(0);
    expect(mutationsSince(mark)).toEqual([]);
  });

  it('a read-only key exits 3 after the first refusal and changes nothing', async () => {
    const mark = h.sandbox.requests.length;
    const ids = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(50, 60).map((t) => t.id);
    const result = await h.topo(['tasks', 'skip', '-', '--yes'], { input: ids.join('\n'), env: { TOPO_API_KEY: SANDBOX_KEYS.read } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/tasks:write/);
    expect(mutationsSince(mark)).toHaveLength(1);
    expect(ids.every((id) => h.sandbox.task(id)!.status === 'PENDING')).toBe(true);
  });
});

describe('reassign', () => {
  it('TASK scope moves only the listed tasks; aliases resolve; JSON keeps UUIDs', async () => {
    const rep = h.sandbox.workspace.reps[4]!;
    await h.topo(['users', 'alias', 'set', 'emile', rep.id]);
    const tasks = h.sandbox.tasks.filter((t) => t.status === 'PENDING' && t.assignee_user_id !== rep.id).slice(0, 3);
    const siblingsBefore = h.sandbox.tasks.filter((t) => t.sequence_id === tasks[0]!.sequence_id && t.id !== tasks[0]!.id).map((t) => [t.id, t.assignee_user_id]);
    const result = await h.topo(['tasks', 'reassign', ...tasks.map((t) => t.id), '--to', 'emile', '--yes', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as Array<{ assignee_user_id: string }>).every((r) => r.assignee_user_id === rep.id)).toBe(true);
    expect(tasks.every((t) => h.sandbox.task(t.id)!.assignee_user_id === rep.id)).toBe(true);
    expect(siblingsBefore.filter(([id]) => !tasks.some((t) => t.id === id)).every(([id, owner]) => h.sandbox.task(id as string)!.assignee_user_id === owner)).toBe(true);
  });

  it('SEQUENCE scope moves exactly the open tasks of the run, in one call, after showing whose they are', async () => {
    const target = h.sandbox.workspace.reps[6]!;
    const run = [...new Set(h.sandbox.tasks.map((t) => t.sequence_id))].find((sequence) => {
      const tasks = h.sandbox.tasks.filter((t) => t.sequence_id === sequence);
      const open = tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS');
      return open.length >= 2 && tasks.length > open.length && open.every((t) => t.assignee_user_id !== target.id);
    })!;
    const runTasks = h.sandbox.tasks.filter((t) => t.sequence_id === run);
    const before = new Map(h.sandbox.tasks.map((t) => [t.id, t.assignee_user_id]));
    const anchor = runTasks.find((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS')!;
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'reassign', anchor.id, '--to', target.id, '--scope', 'sequence', '--yes']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`sequence ${run}: \\d+ open tasks? →`));
    expect(mutationsSince(mark)).toHaveLength(1);
    for (const task of h.sandbox.tasks) {
      const open = ['PENDING', 'IN_PROGRESS'].includes(task.status!);
      const expected = task.sequence_id === run && open ? target.id : before.get(task.id);
      expect(task.assignee_user_id, task.id).toBe(expected);
    }
  });
});

describe('bulk under faults', () => {
  it('500 tasks with 20% 503s, 5% resets and 429 bursts: every task SKIPPED exactly once, exit 0', async () => {
    const f = await harness({ tasks: 1000, seed: 3, faults: { '503': 0.2, 'reset-before': 0.025, 'reset-after': 0.025, '429': 0.01 }, burstMs: 100 });
    try {
      const ids = f.sandbox.tasks.filter((t) => t.status === 'PENDING' || t.status === 'IN_PROGRESS').slice(0, 500).map((t) => t.id);
      expect(ids).toHaveLength(500);
      const result = await f.topo(['tasks', 'skip', '-', '--yes', '--json'], { input: ids.join('\n'), timeoutMs: 120_000 });
      expect(result.stderr).toMatch(/500 changed, 0 unchanged, 0 failed/);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as Array<{ id: string; outcome: string }>;
      expect(report.map((r) => r.id)).toEqual(ids);
      for (const id of ids) {
        expect(f.sandbox.task(id)!.status).toBe('SKIPPED');
        expect(f.sandbox.appliedCount.get(id)).toBe(1);
      }
      expect(f.sandbox.requests.filter((r) => r.fault === 'reset-after').length).toBeGreaterThan(0);
      expect(f.sandbox.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    } finally {
      await f.close();
    }
  }, 150_000);
});

describe('users ls', () => {
  it('counts open tasks per assignee as the server holds them', async () => {
    const result = await h.topo(['users', 'ls', '--json']);
    const report = JSON.parse(result.stdout) as { users: Array<{ user_id: string; open_tasks: number }>; unassigned_open_tasks: number };
    for (const user of report.users) {
      expect(user.open_tasks).toBe(h.sandbox.tasks.filter((t) => t.assignee_user_id === user.user_id && ['PENDING', 'IN_PROGRESS'].includes(t.status!)).length);
    }
    expect(report.unassigned_open_tasks).toBe(h.sandbox.tasks.filter((t) => !t.assignee_user_id && ['PENDING', 'IN_PROGRESS'].includes(t.status!)).length);
    expect(lines((await h.topo(['users', 'ls'])).stdout).length).toBe(report.users.length);
  });
});
