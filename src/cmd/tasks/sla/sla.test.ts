// Aging and SLA end to end on both providers' sandboxes: stats --by age and tasks sla against ages
// computed here from the server's own data (times set a known way before now), exit codes.
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM_PROVIDERS, type ServerOpen, type TeamSubject } from '../../../../test/support/teams.ts';

let s: TeamSubject | undefined;
afterEach(async () => {
  await s?.h.close();
  s = undefined;
});

const HOUR = 3_600_000;
/** Ages well inside each bucket, so a few ms between here and topo's clock never change one. */
const SPREAD = [0.5, 2, 10, 30, 100, 300].map((hours) => hours * HOUR);
const BUCKETS: Array<[string, number]> = [['< 1h', HOUR], ['1-4h', 4 * HOUR], ['4-24h', 24 * HOUR], ['1-3d', 72 * HOUR], ['3-7d', 168 * HOUR], ['> 7d', Infinity]];

/** Every open task's age as the provider defines it (Topo: since creation; Outreach: past due, else since creation); null: not due yet. */
function agesOf(provider: string, open: ServerOpen[], now: number): Map<string, number | null> {
  return new Map(open.map((task) => {
    if (provider === 'outreach' && task.due) return [task.id, Date.parse(task.due) > now ? null : now - Date.parse(task.due)];
    return [task.id, now - Date.parse(task.created!)];
  }));
}

const nearestRank = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]!;

/**
 * A started sandbox whose open tasks' times are spread over the buckets (and, on Outreach, some due
 * later, some with no due time), with each open task's age as of now.
 */
async function spreadSubject(provider: (typeof TEAM_PROVIDERS)[number]): Promise<[TeamSubject, Map<string, number | null>]> {
  const subject = await provider.start();
  const now = Date.now();
  spreadTimes(subject, now);
  return [subject, agesOf(provider.provider, subject.open(), now)];
}

function spreadTimes(s: TeamSubject, now: number): void {
  s.open().forEach((task, index) => {
    // A second apart: a few hundred tasks created in one millisecond would be another test.
    const age = SPREAD[index % SPREAD.length]! + index * 1000;
    const at = new Date(now - age).toISOString();
    if (s.provider === 'outreach') s.setTimes(task.id, index % 7 === 0 ? { created: at, due: new Date(now + 5 * HOUR).toISOString() } : index % 5 === 0 ? { created: at, due: null } : { created: new Date(now - 900 * HOUR).toISOString(), due: at });
    else s.setTimes(task.id, { created: at });
  });
}

describe.each(TEAM_PROVIDERS)('aging and SLA on $provider', (provider) => {
  it('stats --by age: buckets and p50/p90 equal those computed from the server\'s data; --then assignee splits them', async () => {
    const [subject, ages] = await spreadSubject(provider);
    s = subject;
    const result = await s.h.topo(['tasks', 'stats', '--by', 'age', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { groups: Array<{ age: string; count: number; p50_age_seconds: number | null; p90_age_seconds: number | null }>; total: number; age: { basis: string; p50_age_seconds: number } };
    const expected = new Map<string, number[]>();
    let notDue = 0;
    for (const age of ages.values()) {
      if (age === null) {
        notDue++;
        continue;
      }
      const bucket = BUCKETS.find(([, below]) => age < below)![0];
      expected.set(bucket, [...(expected.get(bucket) ?? []), age]);
    }
    expect(report.total).toBe(ages.size);
    expect(Object.fromEntries(report.groups.map((group) => [group.age, group.count]))).toEqual({ ...Object.fromEntries([...expected].map(([bucket, list]) => [bucket, list.length])), ...(notDue ? { 'not due yet': notDue } : {}) });
    for (const group of report.groups) {
      const list = expected.get(group.age);
      if (!list) continue;
      expect(Math.abs(group.p50_age_seconds! - nearestRank(list, 50) / 1000)).toBeLessThanOrEqual(5);
      expect(Math.abs(group.p90_age_seconds! - nearestRank(list, 90) / 1000)).toBeLessThanOrEqual(5);
    }
    expect(report.age.basis).toBe(provider.provider === 'topo' ? 'since creation' : 'past the due time, else since creation');
    const split = JSON.parse((await s.h.topo(['tasks', 'stats', '--by', 'age', '--then', 'assignee', '--json'])).stdout) as { groups: Array<{ age: string; assignee: string | null; count: number }> };
    const ana = s.id('ana');
    const anaOld = [...ages].filter(([id, age]) => age !== null && age >= 168 * HOUR && s!.open().find((task) => task.id === id)!.owner === ana).length;
    expect(split.groups.find((group) => group.age === '> 7d' && group.assignee === ana)?.count ?? 0).toBe(anaOld);
    const table = await s.h.topo(['tasks', 'stats', '--by', 'age'], { tty: true, columns: 100 });
    expect(table.stdout).toMatch(provider.provider === 'topo' ? /AGE \(SINCE CREATED\)/ : /OVERDUE \(PAST DUE, ELSE SINCE CREATED\)/);
    const refused = await s.h.topo(['tasks', 'stats', '--by', 'age', '--then', 'template']);
    expect(refused.code).toBe(2);
  });

  it('tasks sla: the breaching tasks by rep, exit 1 when any and 0 when none', async () => {
    const [subject, ages] = await spreadSubject(provider);
    s = subject;
    const breach = await s.h.topo(['tasks', 'sla', '--max-age', '1d', '--json']);
    expect(breach.code, breach.stderr).toBe(1);
    const report = JSON.parse(breach.stdout) as { breaching: number; tasks: Array<{ id: string; assignee: string | null; age_seconds: number }>; by_rep: Array<{ assignee: string | null; count: number; oldest_age_seconds: number }> };
    const expected = [...ages].filter(([, age]) => age !== null && age > 24 * HOUR).map(([id]) => id).sort();
    expect(report.tasks.map((task) => task.id).sort()).toEqual(expected);
    expect(report.breaching).toBe(expected.length);
    const owners = new Map(s.open().map((task) => [task.id, task.owner]));
    for (const rep of report.by_rep) expect(rep.count).toBe(report.tasks.filter((task) => task.assignee === rep.assignee).length);
    for (const task of report.tasks) expect(task.assignee).toBe(owners.get(task.id));
    expect(breach.stderr).toMatch(new RegExp(`^${expected.length} of ${ages.size} open tasks older than 1d`, 'm'));
    const none = await s.h.topo(['tasks', 'sla', '--max-age', '52w']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^0 of \d+ open tasks older than 364d/m);
    const bad = await s.h.topo(['tasks', 'sla', '--max-age', '4x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-age.*'4x' is not a duration/);
    const missing = await s.h.topo(['tasks', 'sla']);
    expect(missing.code).toBe(2);
  });
});
