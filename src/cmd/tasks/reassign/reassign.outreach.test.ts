// users ls and tasks reassign <ids> on Outreach: users by email or name, locked targets refused.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('users and reassign on Outreach', () => {
  it.each([['meta.count', false], ['no meta.count (the reference leaves it optional)', true]])('users ls lists every user with email, locked flag and exact incomplete count: %s', async (_name, withoutCount) => {
    h = await outreachHarness({ tasks: 3000, withoutCount });
    const result = await h.topo(['users', 'ls', '--json']);
    const users = JSON.parse(result.stdout).users as Array<{ id: number; locked: boolean; incomplete_tasks: number; email: string }>;
    expect(users).toHaveLength(8);
    expect(users.find((user) => user.id === 2)).toMatchObject({ locked: true, email: 'bram.devries@demo-outreach.example' });
    for (const user of users) expect(user.incomplete_tasks).toBe(incompleteOf(h.sandbox, user.id).length);
    // A count guessed from the size-1 page would be 0 or 1.
    expect(users.some((user) => user.incomplete_tasks > 1)).toBe(true);
  });

  it('reassigns by id to a user named by email; a locked target is refused before anything is sent', async () => {
    h = await outreachHarness();
    const [a, b] = incompleteOf(h.sandbox, 1);
    const locked = await h.topo(['tasks', 'reassign', String(a!.id), '--to', 'bram']);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('locked');
    expect(h.sandbox.mutations).toHaveLength(0);
    const moved = await h.topo(['tasks', 'reassign', String(a!.id), String(b!.id), '--to', 'dana.okafor@demo-outreach.example', '--yes']);
    expect(moved.code).toBe(0);
    expect(h.sandbox.byId.get(a!.id)!.ownerId).toBe(4);
    expect(h.sandbox.byId.get(b!.id)!.ownerId).toBe(4);
    const ambiguous = await h.topo(['tasks', 'reassign', String(a!.id), '--to', 'nobody-here']);
    expect(ambiguous.code).toBe(2);
  });
});
