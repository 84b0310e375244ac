// tasks stats on Outreach: counted in Outreach's words, template refused.
import { describe, expect, it } from 'vitest';
import { closeAfterEach, lines, type OutreachHarness, outreachHarness } from '../../../../test/support/cli.ts';

let h: OutreachHarness | undefined;
closeAfterEach(() => h, () => {
  h = undefined;
});

const incompleteOf = (sandbox: OutreachHarness['sandbox'], owner: number) => sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === owner);

describe('tasks stats on Outreach', () => {
  it('by owner in a big org: one size-1 count per user and a total, equal to the server data, no listing', async () => {
    h = await outreachHarness({ tasks: 24000 });
    const mark = h.sandbox.requests.length;
    const result = await h.topo(['tasks', 'stats', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { groups: Array<{ assignee: string; count: number }>; total: number; source: { method: string; detail?: string } };
    expect(report.source.method).toBe('count-queries');
    const lists = h.sandbox.requests.slice(mark).filter((request) => request.path === '/api/v2/tasks');
    expect(lists.every((request) => decodeURIComponent(request.query).includes('page[size]=1'))).toBe(true);
    expect(lists.length).toBe(h.sandbox.users.length + 1);
    const open = h.sandbox.tasks.filter((task) => task.state === 'incomplete');
    for (const user of h.sandbox.users) expect(report.groups.find((group) => group.assignee === String(user.id))?.count ?? 0).toBe(open.filter((task) => task.ownerId === user.id).length);
    expect(report.groups.find((group) => group.assignee === 'others')?.count ?? 0).toBe(open.filter((task) => task.ownerId === null).length);
    expect(report.total).toBe(open.length);
  });

  it('counts incomplete tasks by owner (headed in Outreach words), by priority then state in JSON; --by template is refused with nothing sent', async () => {
    h = await outreachHarness({ tasks: 1500 });
    const table = await h.topo(['tasks', 'stats']);
    expect(table.code).toBe(0);
    const [head, ...rows] = lines(table.stdout);
    expect(head).toBe('OWNER\tNAME\tTOTAL');
    const counted = new Map(rows.map((row) => row.split('\t') as [string, string, string]).map(([owner, , count]) => [owner, Number(count)]));
    const names = new Map(rows.map((row) => row.split('\t') as [string, string]));
    for (const user of h.sandbox.users) if (counted.has(String(user.id))) expect(names.get(String(user.id))).toContain(user.firstName);
    // Every user who can take work is listed, with 0 where they have none of these tasks.
    const rare = JSON.parse((await h.topo(['tasks', 'stats', '--action', 'in_person', '--due-after', '2099-01-01', '--json'])).stdout) as { groups: Array<{ assignee: string | null; assignee_name: string | null; count: number }> };
    for (const user of h.sandbox.users.filter((one) => !one.locked)) {
      const group = rare.groups.find((one) => one.assignee === String(user.id));
      expect(group?.count, user.email).toBe(h.sandbox.tasks.filter((task) => task.state === 'incomplete' && task.action === 'in_person' && Date.parse(task.dueAt!) > Date.parse('2099-01-01') && task.ownerId === user.id).length);
    }
    expect(rare.groups.some((group) => group.count === 0)).toBe(true);
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
