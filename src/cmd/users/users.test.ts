// skip / reopen / reassign end to end: transitions, stdin forms, safety rails, faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, lines, type Harness } from '../../../test/support/cli.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({ tasks: 400, seed: 7 });
});
afterAll(() => h.close());


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

describe('users alias', () => {
  it('set says what it replaced; rm suggests a near name', async () => {
    const [first, second] = h.sandbox.workspace.reps;
    await h.topo(['users', 'alias', 'set', 'lead', first!.id]);
    const replaced = await h.topo(['users', 'alias', 'set', 'Lead', second!.id]);
    expect(replaced.stderr).toBe(`alias lead → ${second!.id} (was ${first!.id})\n`);
    const listed = await h.topo(['users', 'alias', 'ls']);
    expect(listed.stdout).toContain(`lead\t${second!.id}\n`);
    const typo = await h.topo(['users', 'alias', 'rm', 'laed']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/did you mean lead\?/);
  });
});
