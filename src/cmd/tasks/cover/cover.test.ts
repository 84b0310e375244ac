// tasks cover end to end on both providers' sandboxes: out (balanced, groups whole), a sweep after
// new tasks land (to the rep already covering the group), the give-back after the cover completed
// and moved some (exactly the untouched ones return), --due after a give-back was SIGKILLed, --list,
// and bad input refused before anything is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { sharedGroups, TEAM_PROVIDERS, type TeamSubject } from '../../../../test/support/teams.ts';

let s: TeamSubject | undefined;
afterEach(async () => {
  await s?.h.close();
  s = undefined;
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Listed { id: string; from: string; state: string; tasks_out: number; tasks_back: number; until: string }

describe.each(TEAM_PROVIDERS)('tasks cover on $provider', (provider) => {
  it('covers, sweeps what landed since to the rep covering its group, and gives back exactly the untouched tasks', async () => {
    s = await provider.start();
    const [ana, bram, chen, dana, emile] = ['ana', 'bram', 'chen', 'dana', 'emile'].map((name) => s!.id(name)) as [string, string, string, string, string];
    const before = s.open();
    const shared = sharedGroups(before);
    const anas = before.filter((task) => task.owner === ana);
    const out = await s.h.topo(['tasks', 'cover', '--from', 'ana', '--to', 'chen', '--to', 'dana', '--until', inDays(7), '--yes', '--json']);
    expect(out.code, out.stderr).toBe(0);
    expect(s.open().filter((task) => task.owner === ana)).toEqual([]);
    const owner = () => new Map(s!.open().map((task) => [task.id, task.owner]));
    let now = owner();
    for (const task of anas) expect([chen, dana]).toContain(now.get(task.id));
    for (const group of new Set(anas.map((task) => task.group).filter((group) => group !== null && !shared.has(group)))) {
      expect(new Set(anas.filter((task) => task.group === group).map((task) => now.get(task.id))).size, `group ${group} split`).toBe(1);
    }
    // Tasks land on Ana meanwhile: a new step in a group Chen or Dana covers, and a task of a group of Bram's.
    const covered = anas.find((task) => task.group !== null && !shared.has(task.group) && anas.filter((other) => other.group === task.group).length >= 2)!;
    const coveringRep = now.get(covered.id)!;
    s.setOwner(covered.id, ana);
    const bramOnly = before.find((task) => task.owner === bram && task.group !== null && !shared.has(task.group) && before.filter((other) => other.group === task.group).length === 1)!;
    s.setOwner(bramOnly.id, ana);
    const swept = await s.h.topo(['tasks', 'cover', '--sweep', '--yes']);
    expect(swept.code, swept.stderr).toBe(0);
    now = owner();
    expect(now.get(covered.id)).toBe(coveringRep);
    expect([chen, dana]).toContain(now.get(bramOnly.id));
    // The cover works some: one completed, one handed to Emile; the rest untouched.
    const [done, handed, ...untouched] = [...anas.filter((task) => task.id !== covered.id), covered, bramOnly];
    s.complete(done!.id);
    s.setOwner(handed!.id, emile);
    const mark = s.mutations();
    const end = await s.h.topo(['tasks', 'cover', '--end', 'ana', '--yes', '--json']);
    expect(end.code, end.stderr).toBe(0);
    now = owner();
    for (const task of untouched) expect(now.get(task.id), `task ${task.id} not given back`).toBe(ana);
    expect(now.has(done!.id)).toBe(false);
    expect(now.get(handed!.id)).toBe(emile);
    const report = JSON.parse(end.stdout) as { results: Array<{ id: string; outcome: string; note?: string }> };
    expect(report.results.find((result) => result.id === done!.id)?.note).toMatch(/^stays: \w+ during the cover$/);
    expect(report.results.find((result) => result.id === handed!.id)?.note).toMatch(/^stays: moved to .+ during the cover$/);
    // Nobody else's tasks moved; no task moved more than out and back.
    for (const task of before) if (task.owner !== ana && task.id !== bramOnly.id && task.id !== handed!.id) expect(now.get(task.id) ?? null, `task ${task.id}`).toBe(task.owner);
    // Out and back; the task that landed again on Ana went out twice.
    for (const [id, count] of s.applied()) expect(count, `task ${id}`).toBeLessThanOrEqual(id === covered.id ? 3 : 2);
    expect(s.mutations() - mark).toBeLessThanOrEqual(untouched.length);
    const listed = JSON.parse((await s.h.topo(['tasks', 'cover', '--list', '--json'])).stdout) as Listed[];
    expect(listed).toMatchObject([{ from: ana, state: 'ended', tasks_out: anas.length + 1, tasks_back: untouched.length }]);
    // Ending again: nothing to give back, nothing sent.
    const twice = await s.h.topo(['tasks', 'cover', '--end', 'ana', '--yes']);
    expect(twice.code).toBe(0);
    expect(twice.stderr).toMatch(/cover ended .*nothing to give back/);
  }, 60_000);

  it('a give-back SIGKILLed mid-way is left ending; --due finishes it, moving each task back once', async () => {
    s = await provider.start({ latency: 30 });
    const ana = s.id('ana');
    const anas = s.open().filter((task) => task.owner === ana);
    const until = new Date(Date.now() + 1500).toISOString();
    const out = await s.h.topo(['tasks', 'cover', '--from', 'ana', '--to', 'chen,dana', '--until', until, '--yes']);
    expect(out.code, out.stderr).toBe(0);
    const notYet = await s.h.topo(['tasks', 'cover', '--due', '--yes']);
    expect(notYet.stderr).toMatch(/no cover is due/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(until) - Date.now() + 50)));
    const mark = s.mutations();
    const killed = await s.h.topo(['tasks', 'cover', '--due', '--yes', '--concurrency', '1'], { spawn: true, killWhen: () => s!.mutations() >= mark + 2, timeoutMs: 30_000 });
    expect(killed.code).toBe(137);
    expect((JSON.parse((await s.h.topo(['tasks', 'cover', '--list', '--json'])).stdout) as Listed[])[0]!.state).toBe('ending');
    const refused = await s.h.topo(['tasks', 'cover', '--from', 'ana', '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cover is being given back \(an --end did not finish\); nothing was sent\n.*finish it: topo tasks cover --end (ana|1) --yes/);
    const due = await s.h.topo(['tasks', 'cover', '--due', '--yes']);
    expect(due.code, due.stderr).toBe(0);
    const now = new Map(s.open().map((task) => [task.id, task.owner]));
    for (const task of anas) expect(now.get(task.id)).toBe(ana);
    for (const [id, count] of s.applied()) expect(count, `task ${id}`).toBeLessThanOrEqual(2);
    expect((JSON.parse((await s.h.topo(['tasks', 'cover', '--list', '--json'])).stdout) as Listed[])[0]).toMatchObject({ state: 'ended', tasks_back: anas.length });
  }, 60_000);

  it('refuses bad input with exit 2 before any change is sent', async () => {
    s = await provider.start();
    const cases: Array<[string[], RegExp]> = [
      [[], /tasks cover needs one of --from <user>/],
      [['--from', 'ana', '--end', 'ana'], /--from and --end cannot be combined/],
      [['--sweep', '--to', 'chen'], /--to goes with --from .*not with --sweep/],
      [['--from', 'ana', '--to', 'chen', '--yes'], /a new cover of .* needs --to <user> and --until <date>/],
      [['--from', 'ana', '--to', 'chen', '--until', '2020-01-01', '--yes'], /--until: 2020-01-01T00:00:00Z has passed/],
      [['--from', 'ana', '--to', 'chen', '--until', inDays(3), '--cap', 'dana=4', '--yes'], /--cap: dana is not one of the --to users/],
      [['--from', 'ana', '--to', 'ana', '--until', inDays(3), '--yes'], /--to: ana is the absent rep/],
      [['--end', 'ana', '--yes'], /has no cover on this profile/],
      [['--from', 'ana', '--cap', 'chen=3', '--until', inDays(3), '--yes'], /--cap goes with --to/],
      [['--from', 'ana', '--to', 'chen', '--until', inDays(3)], /cover without a terminal needs --yes/],
      [['--until', 'someday', '--from', 'ana'], /someday/],
    ];
    for (const [args, message] of cases) {
      const result = await s.h.topo(['tasks', 'cover', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
    expect(s.mutations()).toBe(0);
  });
});
