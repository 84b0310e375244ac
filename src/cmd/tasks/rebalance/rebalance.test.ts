// tasks rebalance end to end on both providers' sandboxes: a lopsided team evened out within the
// skew, whole groups only, shared groups never taken, weights and caps honoured, a run SIGKILLed
// and re-run converging, undo exact, and bad input refused before anything is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { loadsOf, pile, sharedGroups, TEAM_PROVIDERS, type ServerOpen, type TeamSubject } from '../../../../test/support/teams.ts';

let s: TeamSubject | undefined;
afterEach(async () => {
  await s?.h.close();
  s = undefined;
});

interface Report {
  plan: { reached: boolean; max_skew: number; skew_after: number; entries: Array<{ task_ids: string[]; scope: string; from: string; to: string }> };
  results: Array<{ id: string; outcome: string }>;
}

const undoLine = (stderr: string) => /topo tasks reassign --undo (\S+) --yes/.exec(stderr)?.[1];

/** What a finished rebalance must hold, from the server's own data before and after. */
function expectRebalanced(before: ServerOpen[], after: ServerOpen[], team: string[], applied: Map<string, number>): { moved: ServerOpen[] } {
  const now = new Map(after.map((task) => [task.id, task]));
  const shared = sharedGroups(before);
  const moved = before.filter((task) => now.has(task.id) && now.get(task.id)!.owner !== task.owner);
  for (const task of moved) {
    expect(team, `task ${task.id} of someone outside the team moved`).toContain(task.owner);
    expect(team).toContain(now.get(task.id)!.owner);
    if (task.group !== null) expect(shared.has(task.group), `group ${task.group} was shared and was taken`).toBe(false);
  }
  for (const group of new Set(moved.map((task) => task.group).filter((group) => group !== null))) {
    expect(new Set(after.filter((task) => task.group === group).map((task) => task.owner)).size, `group ${group} split`).toBe(1);
  }
  for (const [id, count] of applied) expect(count, `task ${id} moved twice`).toBeLessThanOrEqual(1);
  return { moved };
}

describe.each(TEAM_PROVIDERS)('tasks rebalance on $provider', (provider) => {
  it('evens out a lopsided team within the skew, moving no more than the surplus plus the largest group; undo is exact', async () => {
    s = await provider.start();
    const team = ['ana', 'chen', 'dana'].map((name) => s!.id(name));
    pile(s, s.id('bram'), s.id('ana'), 60);
    const before = s.open();
    const loads = [...loadsOf(s, team).values()];
    const mean = loads.reduce((sum, load) => sum + load, 0) / team.length;
    expect(Math.max(...loads) - Math.min(...loads)).toBeGreaterThan(40);
    const result = await s.h.topo(['tasks', 'rebalance', '--team', 'ana,chen,dana', '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.plan.reached).toBe(true);
    const after = [...loadsOf(s, team).values()];
    expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(report.plan.max_skew);
    expect(report.plan.max_skew).toBeCloseTo(mean / 10, 0);
    const { moved } = expectRebalanced(before, s.open(), team, s.applied());
    const surplus = loads.reduce((sum, load) => sum + Math.max(0, load - mean), 0);
    const largest = Math.max(...report.plan.entries.map((entry) => entry.task_ids.length));
    expect(moved.length).toBeLessThanOrEqual(surplus + largest);
    expect(report.results.filter((r) => r.outcome === 'changed')).toHaveLength(moved.length);
    // Run again: nothing left to do, nothing sent.
    const mark = s.mutations();
    const again = await s.h.topo(['tasks', 'rebalance', '--team', 'ana,chen,dana', '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(s.mutations()).toBe(mark);
    const undo = await s.h.topo(['tasks', 'reassign', '--undo', undoLine(result.stderr)!, '--yes']);
    expect(undo.code, undo.stderr).toBe(0);
    const owners = new Map(s.open().map((task) => [task.id, task.owner]));
    for (const task of before) expect(owners.get(task.id)).toBe(task.owner);
  });

  it('honours weights and caps exactly: ana:2 takes twice the share, dana never passes her cap', async () => {
    s = await provider.start();
    const team = ['ana', 'chen', 'dana'].map((name) => s!.id(name));
    pile(s, s.id('bram'), s.id('chen'), 60);
    const before = s.open();
    const total = [...loadsOf(s, team).values()].reduce((sum, load) => sum + load, 0);
    const cap = Math.floor(total / 4) - 15;
    const result = await s.h.topo(['tasks', 'rebalance', '--team', 'ana:2,chen,dana', '--cap', `dana=${cap}`, '--yes', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report & { plan: { targets: Array<{ user: string; weight: number; cap: number | null }> } };
    expect(report.plan.targets.map((target) => [target.weight, target.cap])).toEqual([[2, null], [1, null], [1, cap]]);
    const loads = loadsOf(s, team);
    expect(loads.get(s.id('dana'))).toBeLessThanOrEqual(cap);
    // Shares: dana is held to her cap; the rest split 2:1 between ana and chen.
    const shares = new Map([[s.id('ana'), ((total - cap) * 2) / 3], [s.id('chen'), (total - cap) / 3], [s.id('dana'), cap]]);
    const gaps = team.map((user) => loads.get(user)! - shares.get(user)!);
    expect(report.plan.reached).toBe(true);
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeLessThanOrEqual(report.plan.max_skew + 1e-9);
    expect(expectRebalanced(before, s.open(), team, s.applied()).moved.length).toBeGreaterThan(0);
  });

  it('SIGKILLed mid-run and re-run: converges, each group with one rep, no task moved twice, one undo takes it all back', async () => {
    s = await provider.start({ latency: 30 });
    const team = ['ana', 'chen', 'dana'].map((name) => s!.id(name));
    pile(s, s.id('bram'), s.id('dana'), 70);
    const before = s.open();
    const args = ['tasks', 'rebalance', '--team', 'ana,chen,dana', '--yes', '--concurrency', '1'];
    const dry = JSON.parse((await s.h.topo([...args, '--dry-run', '--json'])).stdout) as Report;
    // Kill inside a group moved task by task where there is one (Outreach), else after the second call.
    let calls = 0;
    let kill = 2;
    for (const entry of dry.plan.entries) {
      if (entry.scope === 'TASK' && entry.task_ids.length >= 2) {
        kill = calls + 1;
        break;
      }
      calls += entry.scope === 'SEQUENCE' ? 1 : entry.task_ids.length;
    }
    const first = await s.h.topo(args, { spawn: true, killWhen: () => s!.mutations() >= kill, timeoutMs: 30_000 });
    expect(first.code).toBe(137);
    const again = await s.h.topo([...args, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/continuing from .*journaled earlier today/);
    const report = JSON.parse(again.stdout) as Report;
    const loads = [...loadsOf(s, team).values()];
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(report.plan.max_skew + 1);
    expectRebalanced(before, s.open(), team, s.applied());
    const undo = await s.h.topo(['tasks', 'reassign', '--undo', undoLine(again.stderr)!, '--yes']);
    expect(undo.code, undo.stderr).toBe(0);
    const owners = new Map(s.open().map((task) => [task.id, task.owner]));
    for (const task of before) expect(owners.get(task.id), `task ${task.id} not put back`).toBe(task.owner);
  }, 60_000);

  it('refuses bad input with exit 2 before anything is sent; the saved team is used without --team', async () => {
    s = await provider.start();
    const mark = s.h.sandbox.requests.length;
    const cases: Array<[string[], RegExp]> = [
      [['--team', 'ana,chen', '--max-skew', 'lots', '--yes'], /--max-skew: 'lots' is not a number of tasks or a percentage/],
      [['--yes'], /rebalance needs --team <members>/],
      [['--team', 'ana,chen'], /rebalance without a terminal needs --yes/],
      [['--team', 'ana:x,chen', '--yes'], /--team: ana:x has a weight that is not a number above 0/],
      [['--team', 'ana,chen', '--cap', 'dana=3', '--yes'], /--cap: dana is not one of the --team users/],
      [['--team', 'ana,chen', '--cap', 'chen:3', '--yes'], /--cap: chen:3 is not <user>=<most open tasks>/],
      [['--plan', 'x.json', '--team', 'ana', '--yes'], /--plan applies a saved plan: --team cannot be given with it/],
    ];
    for (const [args, message] of cases) {
      const result = await s.h.topo(['tasks', 'rebalance', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    const single = await s.h.topo(['tasks', 'rebalance', '--team', 'ana', '--yes']);
    expect(single.code).toBe(2);
    expect(single.stderr).toMatch(/at least two members/);
    expect(s.mutations()).toBe(0);
    // Outreach's users are read to resolve names (GET /users); nothing else reached either server.
    expect(s.h.sandbox.requests.slice(mark).filter((request) => !(request.method === 'GET' && request.path.endsWith('/users')))).toEqual([]);
    // Each provider's own filter: Topo's types, Outreach's actions; the other's refused by name.
    const [own, other] = provider.provider === 'topo' ? [['-t', 'CALL'], ['--action', 'call']] : [['--action', 'call'], ['-t', 'CALL']];
    const refusedFilter = await s.h.topo(['tasks', 'rebalance', '--team', 'ana,chen', ...other, '--dry-run']);
    expect(refusedFilter.code).toBe(2);
    expect(refusedFilter.stderr).toMatch(/(--action|--types) does not exist on (Topo|Outreach)/);
    const filtered = await s.h.topo(['tasks', 'rebalance', '--team', 'ana,chen', ...own, '--max-skew', '0', '--dry-run', '--json']);
    expect(filtered.code, filtered.stderr).toBe(0);
    const calls = (JSON.parse(filtered.stdout) as { inventory: { team: Array<{ user: string; open_tasks: number }> } }).inventory.team;
    const callsOf = (user: string) => (provider.provider === 'topo'
      ? (s!.h.sandbox as unknown as { tasks: Array<{ status?: string; type?: string; assignee_user_id?: string | null }> }).tasks.filter((task) => (task.status === 'PENDING' || task.status === 'IN_PROGRESS') && task.type === 'CALL' && task.assignee_user_id === user).length
      : (s!.h.sandbox as unknown as { tasks: Array<{ state: string; action: string; ownerId: number | null }> }).tasks.filter((task) => task.state === 'incomplete' && task.action === 'call' && String(task.ownerId) === user).length);
    for (const member of calls) expect(member.open_tasks, member.user).toBe(callsOf(member.user));
    expect((await s.h.topo(['config', 'set', 'team', 'ana,chen'])).code).toBe(0);
    const saved = await s.h.topo(['tasks', 'rebalance', '--dry-run', '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect((JSON.parse(saved.stdout) as { inventory: { team: Array<{ user: string }> } }).inventory.team.map((member) => member.user)).toEqual([s.id('ana'), s.id('chen')]);
  });
});

describe.each(TEAM_PROVIDERS)('weights and caps in offboarding and cover on $provider', (provider) => {
  it('offboarding --to ana:2 --to chen --cap chen=n: chen ends at or under n, ana takes twice chen\'s share of the rest; what fits nowhere stays, reported, exit 1', async () => {
    s = await provider.start();
    const [ana, bram, chen, dana] = ['ana', 'bram', 'chen', 'dana'].map((name) => s!.id(name)) as [string, string, string, string];
    const before = loadsOf(s, [ana, bram, chen]);
    const cap = before.get(chen)! + 5;
    const all = await s.h.topo(['tasks', 'reassign', '--from', 'bram', '--to', 'ana:2', '--to', 'chen', '--cap', `chen=${cap}`, '--yes', '--json']);
    const report = JSON.parse(all.stdout) as { plan: { targets: Array<{ user: string; weight: number; cap: number | null; tasks: number }> }; results: Array<{ id: string; outcome: string; error: string | null }> };
    const after = loadsOf(s, [ana, bram, chen]);
    expect(after.get(chen)).toBeLessThanOrEqual(cap);
    expect(report.plan.targets.map((target) => [target.user, target.weight, target.cap])).toEqual([[ana, 2, null], [chen, 1, cap]]);
    const kept = report.results.filter((result) => result.outcome === 'not-attempted');
    // Ana has no cap: everything fits somewhere, nothing stays.
    expect(kept).toEqual([]);
    expect(all.code, all.stderr).toBe(0);
    expect(after.get(bram)).toBe(0);
    // Now cap both targets: what fits nowhere stays with the rep, each task reported, exit 1.
    const danaBefore = loadsOf(s, [dana]).get(dana)!;
    const capped = await s.h.topo(['tasks', 'reassign', '--from', 'ana', '--to', 'chen', '--to', 'dana', '--cap', `chen=${after.get(chen)! + 3}`, '--cap', `dana=${danaBefore + 4}`, '--yes', '--json']);
    expect(capped.code).toBe(1);
    const cappedReport = JSON.parse(capped.stdout) as typeof report;
    const stays = cappedReport.results.filter((result) => result.outcome === 'not-attempted');
    expect(stays.length).toBeGreaterThan(0);
    for (const result of stays) expect(result.error).toMatch(/^not sent: no target has room for its (sequence run|prospect) \(\d+ tasks?\) under its --cap$/);
    const final = loadsOf(s, [ana, chen, dana]);
    expect(final.get(chen)).toBeLessThanOrEqual(after.get(chen)! + 3);
    expect(final.get(dana)).toBeLessThanOrEqual(danaBefore + 4);
    expect(final.get(ana)).toBe(stays.length);
  });

  it('a cover killed mid-way and run again converges: Ana holds nothing, each group with one covering rep, no task moved twice', async () => {
    s = await provider.start({ latency: 30 });
    const ana = s.id('ana');
    const before = s.open().filter((task) => task.owner === ana);
    const args = ['tasks', 'cover', '--from', 'ana', '--to', 'chen:2,dana', '--until', new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10), '--yes', '--concurrency', '1'];
    const killed = await s.h.topo(args, { spawn: true, killWhen: () => s!.mutations() >= 3, timeoutMs: 30_000 });
    expect(killed.code).toBe(137);
    const again = await s.h.topo(args);
    expect(again.code, again.stderr).toBe(0);
    expect(s.open().filter((task) => task.owner === ana)).toEqual([]);
    const owners = new Map(s.open().map((task) => [task.id, task.owner]));
    const shared = sharedGroups(s.open().filter((task) => !before.some((mine) => mine.id === task.id)));
    for (const group of new Set(before.map((task) => task.group).filter((group) => group !== null && !shared.has(group)))) {
      expect(new Set(before.filter((task) => task.group === group).map((task) => owners.get(task.id))).size, `group ${group} split`).toBe(1);
    }
    for (const [id, count] of s.applied()) expect(count, `task ${id}`).toBeLessThanOrEqual(1);
    const listed = JSON.parse((await s.h.topo(['tasks', 'cover', '--list', '--json'])).stdout) as Array<{ state: string; tasks_out: number }>;
    expect(listed).toMatchObject([{ state: 'active', tasks_out: before.length }]);
  }, 60_000);
});
