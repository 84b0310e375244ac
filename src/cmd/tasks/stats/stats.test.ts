// tasks stats against the sandbox's own numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../../providers/topo/contract.ts';
import { SANDBOX_REPS } from '../../../providers/demo.ts';
import { harness, lines, type Harness } from '../../../../test/support/cli.ts';

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


describe('tasks stats at the size of a big org', () => {
  it('by assignee counts each known rep with size=1 queries and one "others" row, equal to the server data, without listing the tasks', async () => {
    const big = await harness({ tasks: 9000, seed: 8 });
    try {
      const mark = big.sandbox.requests.length;
      const result = await big.topo(['tasks', 'stats', '--by', 'assignee', '--json']);
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as { groups: Array<{ assignee: string | null; count: number }>; total: number; source: { method: string; calls: number; detail?: string } };
      expect(report.source.method).toBe('count-queries');
      expect(report.source.detail).toMatch(/one count per known rep \(8 aliases\)/);
      const calls = big.sandbox.requests.slice(mark).filter((r) => r.path === '/v1/tasks');
      expect(calls.every((r) => /(^|&)size=1(&|$)/.test(r.query))).toBe(true);
      expect(calls.length).toBe(report.source.calls as number);
      expect(calls.length).toBeLessThanOrEqual((8 + 1) * 2 + 2);
      const open = big.sandbox.tasks.filter(isOpen);
      for (const rep of big.sandbox.workspace.reps) expect(report.groups.find((group) => group.assignee === rep.id)?.count ?? 0).toBe(open.filter((t) => t.assignee_user_id === rep.id).length);
      const known = new Set(big.sandbox.workspace.reps.map((rep) => rep.id));
      expect(report.groups.find((group) => group.assignee === 'others')?.count).toBe(open.filter((t) => !known.has(t.assignee_user_id ?? '')).length);
      expect(report.total).toBe(open.length);
    } finally {
      await big.close();
    }
  });
});

describe('tasks stats output', () => {
  it('a terminal draws a bar per row scaled to the largest; priorities in HOT, TODAY, EXTRA order; fits 80 and 200 columns', async () => {
    const wide = await h.topo(['tasks', 'stats', '--by', 'assignee', '--then', 'priority'], { tty: true, env: { NO_COLOR: '1' }, columns: 200 });
    const rows = wide.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^ASSIGNEE\s+HOT\s+TODAY\s+EXTRA\s+TOTAL$/);
    const bars = rows.slice(1, -1).map((row) => /(█*[▏▎▍▌▋▊▉]?)$/.exec(row)![1]!);
    expect(bars[0]!.length).toBeGreaterThanOrEqual(24);
    const totals = rows.slice(1, -1).map((row) => Number(/(\d+)\s+\S*$/.exec(row)![1]));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    for (const [index, bar] of bars.entries()) expect(Math.abs([...bar].length - Math.max(1, Math.round((totals[index]! / totals[0]!) * 24)))).toBeLessThanOrEqual(1);
    const narrow = await h.topo(['tasks', 'stats', '--by', 'assignee', '--then', 'priority'], { tty: true, env: { NO_COLOR: '1' }, columns: 40 });
    expect(narrow.stdout.split('\n').every((line) => [...line].length <= 40)).toBe(true);
    const byPriority = await h.topo(['tasks', 'stats', '--by', 'priority'], { tty: true, env: { NO_COLOR: '1' }, columns: 80 });
    expect(byPriority.stdout.split('\n').slice(1, 4).map((row) => row.split(/\s+/)[0])).toEqual(['HOT', 'TODAY', 'EXTRA']);
  });

  it('--by assignee lists a known rep with no open task as 0; piped and JSON carry the alias beside the id', async () => {
    const newHire = '9e9e9e9e-0000-4000-8000-000000000001';
    await h.topo(['users', 'alias', 'set', 'newhire', newHire]);
    try {
      const piped = lines((await h.topo(['tasks', 'stats', '--by', 'assignee'])).stdout);
      expect(piped[0]).toBe('ASSIGNEE\tNAME\tTOTAL');
      expect(piped).toContain(`${newHire}\tnewhire\t0`);
      const table = await h.topo(['tasks', 'stats', '--by', 'assignee', '--then', 'priority'], { tty: true, env: { NO_COLOR: '1' } });
      expect(table.stdout).toMatch(/newhire\s+0\s+0\s+0\s+0/);
      const report = await stats(['--by', 'assignee']);
      expect(report.groups).toContainEqual({ assignee: newHire, assignee_name: 'newhire', count: 0 });
      const rep = h.sandbox.workspace.reps[2]!;
      expect(report.groups.find((group) => group.assignee === rep.id)).toMatchObject({ assignee_name: 'chen' });
      // One rep asked for: only that rep.
      expect((await stats(['--by', 'assignee', '-a', 'chen'])).groups.map((group) => group.assignee)).toEqual([rep.id]);
    } finally {
      await h.topo(['users', 'alias', 'rm', 'newhire']);
    }
  });

  it('--by assignee counts the saved team\'s members too, one without an alias listed by id with 0', async () => {
    const member = '9e9e9e9e-0000-4000-8000-000000000002';
    expect((await h.topo(['config', 'set', 'team', `ana,${member}`])).code).toBe(0);
    try {
      const report = await stats(['--by', 'assignee']);
      expect(report.groups).toContainEqual({ assignee: member, assignee_name: null, count: 0 });
      const ana = h.sandbox.workspace.reps[0]!;
      expect(report.groups.find((group) => group.assignee === ana.id)?.count).toBe(h.sandbox.tasks.filter((task) => isOpen(task) && task.assignee_user_id === ana.id).length);
    } finally {
      await h.topo(['config', 'unset', 'team']);
    }
  });

  it('piped: a header and one line per group, no totals row, no bars', async () => {
    const piped = await h.topo(['tasks', 'stats', '--by', 'priority']);
    const rows = piped.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('PRIORITY\tTOTAL');
    expect(rows.slice(1).map((row) => row.split('\t')[0])).toEqual(['HOT', 'TODAY', 'EXTRA']);
    expect(piped.stdout).not.toMatch(/TOTAL\t\d|█/);
  });

  it('--by template counts open tasks per template with count queries, labelled with names', async () => {
    const report = await stats(['--by', 'template']);
    expect(report.source.method).toBe('count-queries');
    const names = new Set(report.groups.map((group) => group.template_name));
    expect(names).toEqual(new Set(["Inbound demo follow-up", 'Q4 outbound – DACH', "Founders' intro", 'Webinar attendees', 'Renewal check-in']));
    for (const group of report.groups) {
      const expectedCount = h.sandbox.tasks.filter((t) => isOpen(t) && h.sandbox.workspace.sequenceTemplate.get(t.sequence_id!) === group.template).length;
      expect(group.count).toBe(expectedCount);
    }
    const table = await h.topo(['tasks', 'stats', '--by', 'template'], { tty: true, env: { NO_COLOR: '1' } });
    expect(table.stdout).toContain("Founders' intro");
  });
});
