// tasks stats on Outreach: counted in Outreach's words, template refused.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, lines, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('tasks stats on Outreach', () => {
  it('counts incomplete tasks by owner (headed in Outreach words), by priority then state in JSON; --by template is refused with nothing sent', async () => {
    h = await outreachHarness({ tasks: 1500 });
    const table = await h.topo(['tasks', 'stats']);
    expect(table.code).toBe(0);
    const [head, ...rows] = lines(table.stdout);
    expect(head).toBe('OWNER\tTOTAL');
    const counted = new Map(rows.map((row) => row.split('\t') as [string, string]).map(([owner, count]) => [owner, Number(count)]));
    const open = h.sandbox.tasks.filter((task) => task.state === 'incomplete');
    expect([...counted.values()].reduce((sum, count) => sum + count, 0)).toBe(open.length);
    for (const user of h.sandbox.users) expect(counted.get(String(user.id)) ?? 0).toBe(incompleteOf(h.sandbox, user.id).length);
    expect(counted.get('unassigned') ?? 0).toBe(open.filter((task) => task.ownerId === null).length);

    const json = await h.topo(['tasks', 'stats', '--by', 'priority', '--then', 'status', '--json']);
    expect(json.code).toBe(0);
    const stats = JSON.parse(json.stdout) as { total: number; groups: Array<{ priority: string; status: string; count: number }> };
    expect(stats.total).toBe(h.sandbox.tasks.length);
    for (const group of stats.groups) {
      expect(group.count).toBe(h.sandbox.tasks.filter((task) => String(task.taskPriorityId) === group.priority && task.state === group.status).length);
    }

    const before = h.sandbox.requests.length;
    const refused = await h.topo(['tasks', 'stats', '--by', 'template']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--by template does not exist on Outreach/);
    expect(h.sandbox.requests.length).toBe(before);
  });
});
