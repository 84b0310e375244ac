// tasks show, complete, snooze and reschedule on Outreach (the change verbs share src/cmd/tasks/shared/change.ts).
import { describe, expect, it } from 'vitest';
import { closeAfterEach, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('tasks show, complete, snooze, reschedule', () => {
  it('shows the prospect by name and company, the owner and the note', async () => {
    h = await outreachHarness();
    const piped = await h.topo(['tasks', 'show', '1']);
    expect(piped.code).toBe(0);
    const prospect = h.sandbox.prospects[h.sandbox.byId.get(1)!.prospectId! - 1]!;
    expect(piped.stdout).toContain(`prospect.name\t${prospect.firstName} ${prospect.lastName}`);
    expect(piped.stdout).toContain(`prospect.company\t${prospect.company}`);
    expect(piped.stdout).toContain('owner.name\tAna García');
    const json = JSON.parse((await h.topo(['tasks', 'show', '1', '--json'])).stdout);
    expect(json.prospect.company).toBe(prospect.company);
    const missing = await h.topo(['tasks', 'show', '999999']);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain("Could not find 'task' with ID '999999'");
  });

  it('completes tasks read from `tasks ls --json` on stdin, with a note; a second time they are unchanged', async () => {
    h = await outreachHarness();
    const listed = await h.topo(['tasks', 'ls', '--state', 'incomplete', '--owner', '4', '--all', '--json']);
    const ids = (JSON.parse(listed.stdout) as Array<{ id: number }>).map((task) => task.id);
    expect(ids.length).toBeGreaterThan(3);
    const dry = await h.topo(['tasks', 'complete', '-', '--dry-run'], { input: listed.stdout });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('actions/markComplete');
    expect(h.sandbox.mutations).toHaveLength(0);
    const done = await h.topo(['tasks', 'complete', '-', '--yes', '--note', 'called back', '--json'], { input: listed.stdout });
    expect(done.code).toBe(0);
    expect((JSON.parse(done.stdout) as Array<{ outcome: string }>).every((result) => result.outcome === 'changed')).toBe(true);
    for (const id of ids) expect(h.sandbox.byId.get(id)).toMatchObject({ state: 'complete' });
    expect(h.sandbox.byId.get(ids[0]!)!.note).toContain('called back');
    const again = await h.topo(['tasks', 'complete', String(ids[0])]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('unchanged');
  });

  it('snoozes a day on, reschedules to --due, and refuses to reschedule a complete task (exit 5, Outreach\'s words)', async () => {
    h = await outreachHarness();
    const open = incompleteOf(h.sandbox, 1)[0]!;
    const before = Date.parse(open.dueAt!);
    expect((await h.topo(['tasks', 'snooze', String(open.id)])).code).toBe(0);
    expect(Date.parse(h.sandbox.byId.get(open.id)!.dueAt!)).toBeGreaterThanOrEqual(Math.max(before, Date.now() - 5000) + 86_400_000 - 5000);
    expect((await h.topo(['tasks', 'reschedule', String(open.id), '--due', '2027-01-15T09:00:00Z'])).code).toBe(0);
    expect(h.sandbox.byId.get(open.id)!.dueAt).toBe('2027-01-15T09:00:00.000Z');
    const complete = h.sandbox.tasks.find((task) => task.state === 'complete')!;
    const refused = await h.topo(['tasks', 'reschedule', String(complete.id), '--due', '+2d']);
    expect(refused.code).toBe(5);
    expect(refused.stdout + refused.stderr).toContain('is already complete');
    const noDue = await h.topo(['tasks', 'reschedule', String(open.id)]);
    expect(noDue.code).toBe(2);
    expect(noDue.stderr).toContain('--due');
  });
});

describe('words Outreach would misread', () => {
  it('--status PENDING is ambiguous on Outreach and refused; reschedule --due in the past is refused; nothing sent', async () => {
    h = await outreachHarness();
    const pending = await h.topo(['tasks', 'ls', '--status', 'PENDING']);
    expect(pending.code).toBe(2);
    expect(pending.stderr).toMatch(/--status PENDING is ambiguous on Outreach/);
    expect(pending.stderr).toMatch(/--state incomplete .* or --state pending/);
    const past = await h.topo(['tasks', 'reschedule', '1', '--due', '3d']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/--due .* is in the past/);
    expect(past.stderr).toMatch(/\+3d/);
    expect(h.sandbox.requests).toHaveLength(0);
    const id = await h.topo(['tasks', 'show', 'abc']);
    expect(id.stderr).toMatch(/not an Outreach|is not a UUID .* nor an Outreach id/);
  });
});
