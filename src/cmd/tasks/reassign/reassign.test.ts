// tasks reassign <ids> --to: TASK and SEQUENCE scope, business rules, nothing sent that changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_KEYS } from '../../../providers/topo/sandbox.ts';
import { harness, type Harness } from '../../../../test/support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 400, seed: 7 });
});
afterAll(() => h.close());

const mutationsSince = (mark: number) => h.sandbox.requests.slice(mark).filter((r) => r.method !== 'GET');

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

describe('reassign: what the server refuses, and what is not sent', () => {
  it('a non-member assignee is a business rule (422): exit 1 with the server\'s words per task', async () => {
    const tasks = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(40, 43);
    const stranger = '00000000-0000-4000-8000-0000000000ff';
    const result = await h.topo(['tasks', 'reassign', ...tasks.map((t) => t.id), '--to', stranger, '--yes']);
    expect(result.code).toBe(1);
    for (const task of tasks) {
      expect(result.stderr).toMatch(new RegExp(`✗ ${task.id}: User is not a member of this workspace \\(HTTP 422 BusinessIssue, request req_\\w+\\)`));
    }
    expect(tasks.every((t) => h.sandbox.task(t.id)!.assignee_user_id === t.assignee_user_id)).toBe(true);
  });

  it('to the current assignee: reported unchanged and no PATCH is sent (TASK and SEQUENCE scope)', async () => {
    const task = h.sandbox.tasks.find((t) => t.status === 'PENDING' && t.assignee_user_id)!;
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'reassign', task.id, '--to', task.assignee_user_id!, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ outcome: 'unchanged', note: 'already assigned to them' });
    expect(mutationsSince(mark)).toEqual([]);
    const run = [...new Set(h.sandbox.tasks.map((t) => t.sequence_id))].find((sequence) => {
      const open = h.sandbox.tasks.filter((t) => t.sequence_id === sequence && (t.status === 'PENDING' || t.status === 'IN_PROGRESS'));
      return open.length > 1 && open.every((t) => t.assignee_user_id && t.assignee_user_id === open[0]!.assignee_user_id);
    })!;
    const open = h.sandbox.tasks.filter((t) => t.sequence_id === run && t.status === 'PENDING');
    const sequence = await h.topo(['tasks', 'reassign', open[0]!.id, '--to', open[0]!.assignee_user_id!, '--scope', 'sequence', '--json']);
    expect(sequence.code).toBe(0);
    expect(sequence.stderr).toMatch(/nothing to move/);
    expect(sequence.stderr).not.toMatch(/1 changed/);
    expect(JSON.parse(sequence.stdout)[0]).toMatchObject({ outcome: 'unchanged' });
    expect(mutationsSince(mark)).toEqual([]);
  });

  it('a read-only key is refused before any PATCH (exit 3)', async () => {
    const tasks = h.sandbox.tasks.filter((t) => t.status === 'PENDING').slice(60, 63);
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'reassign', ...tasks.map((t) => t.id), '--to', h.sandbox.workspace.reps[0]!.id, '--yes'], { env: { TOPO_API_KEY: SANDBOX_KEYS.read } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/lacks the tasks:write scope/);
    expect(mutationsSince(mark)).toEqual([]);
  });
});

