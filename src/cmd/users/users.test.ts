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
