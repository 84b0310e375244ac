// Offboarding on every provider, where it gets messy: the binary SIGKILLed after k changes (several
// k, landing inside a group) and re-run, also naming other targets: every group of the rep's work
// ends with exactly one rep, no task is moved twice. Also: hostile names never reach --json raw,
// and a refused decoration (priorities) costs a note, not the job.
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_REPS } from '../../../providers/demo.ts';
import { harness, outreachHarness, type Harness, type OutreachHarness, type RunResult } from '../../../../test/support/cli.ts';

interface Subject {
  h: Harness | OutreachHarness;
  from: string;
  to: string[];
  others: string[];
  /** The rep's open tasks now: id and group. */
  owned(): Array<{ id: string; group: string | null }>;
  ownerOf(id: string): string | null;
  mutations(): number;
  /** Successful change calls per task (nothing moved twice). */
  applied(): string[];
}

const [ana, bram, chen, dana, emile] = SANDBOX_REPS;

const subjects = [
  {
    name: 'topo',
    async start(): Promise<Subject> {
      const h = await harness({ tasks: 1200, seed: 11, latency: 40 });
      const open = (status?: string) => status === 'PENDING' || status === 'IN_PROGRESS';
      return {
        h, from: bram!.id, to: [ana!.id, chen!.id], others: [dana!.id, emile!.id],
        owned: () => h.sandbox.tasks.filter((task) => open(task.status) && task.assignee_user_id === bram!.id).map((task) => ({ id: task.id, group: task.sequence_id ?? null })),
        ownerOf: (id) => h.sandbox.task(id)?.assignee_user_id ?? null,
        mutations: () => h.sandbox.requests.filter((request) => request.method !== 'GET').length,
        applied: () => [...h.sandbox.appliedCount].flatMap(([id, count]) => Array.from({ length: count }, () => id)),
      };
    },
  },
  {
    name: 'outreach',
    async start(): Promise<Subject> {
      const h = await outreachHarness({ tasks: 600, latency: 60 });
      return {
        h, from: 'chen', to: ['ana', 'dana'], others: ['emile', 'farah'],
        owned: () => h.sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === 3).map((task) => ({ id: String(task.id), group: task.prospectId === null ? null : String(task.prospectId) })),
        ownerOf: (id) => String(h.sandbox.byId.get(Number(id))?.ownerId ?? null),
        mutations: () => h.sandbox.mutations.length,
        applied: () => h.sandbox.mutations.filter((request) => request.status === 200).map((request) => String(request.taskId)),
      };
    },
  },
];

let subject: Subject | undefined;
afterEach(async () => {
  await subject?.h.close();
  subject = undefined;
});

const args = (s: Subject, to: string[]) => ['tasks', 'reassign', '--from', s.from, ...to.flatMap((user) => ['--to', user]), '--yes', '--concurrency', '1', '--strategy', 'round-robin'];

describe.each(subjects)('offboarding on $name, killed and resumed', (provider) => {
  it.each([1, 2])('SIGKILL inside group %i of those moved task by task, re-run naming other targets: each group ends with one rep', async (nth) => {
    const s = subject = await provider.start();
    const before = s.owned();
    const groupOf = new Map(before.map((task) => [task.id, task.group]));
    // The plan tells the order of the calls (one at a time): kill after the first task of a group of 2+.
    const dry = await s.h.topo([...args(s, s.to), '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const entries = (JSON.parse(dry.stdout).plan.entries as Array<{ task_ids: string[]; scope: string }>);
    let calls = 0;
    let seen = 0;
    let kill = 0;
    for (const entry of entries) {
      if (entry.scope === 'TASK' && entry.task_ids.length >= 2 && ++seen === nth) {
        kill = calls + 1;
        break;
      }
      calls += entry.scope === 'SEQUENCE' ? 1 : entry.task_ids.length;
    }
    expect(kill, 'the demo data has groups of 2+ tasks that move task by task').toBeGreaterThan(0);
    const first: RunResult = await s.h.topo(args(s, s.to), { spawn: true, killWhen: () => s.mutations() >= kill, timeoutMs: 30_000 });
    expect(first.code).toBe(137);
    const again = await s.h.topo(args(s, s.others));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/continuing from .*: \d+ tasks? journaled earlier today; [1-9]\d* .+ begun then and not finished stays? with the target given/);
    expect(s.owned()).toEqual([]);
    const owners = new Map<string, Set<string | null>>();
    for (const { id } of before) {
      const group = groupOf.get(id);
      if (group === null || group === undefined) continue;
      owners.set(group, (owners.get(group) ?? new Set()).add(s.ownerOf(id)));
    }
    for (const [group, who] of owners) expect([...who], `group ${group} split`).toHaveLength(1);
    const applied = s.applied();
    expect(new Set(applied).size, 'a task moved twice').toBe(applied.length);
  }, 60_000);
});

describe('offboarding on outreach: decorations and hostile data', () => {
  it('GET /taskPriorities refused (403, 404): one note, and the dry run still plans every task', async () => {
    const s = subject = await subjects[1]!.start();
    for (const status of [403, 404]) {
      (s.h as OutreachHarness).sandbox.refused.set('/taskPriorities', status);
      const result = await s.h.topo(['tasks', 'reassign', '--from', 'hana', '--to', 'ana', '--dry-run', '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`note: HOT tasks are not counted: GET /taskPriorities was refused (`);
      expect(JSON.parse(result.stdout).results.length).toBe((s.h as OutreachHarness).sandbox.tasks.filter((task) => task.state === 'incomplete' && task.ownerId === 8).length);
    }
  });

  it('a hostile user name is escaped in --json, as on Topo', async () => {
    const s = subject = await subjects[1]!.start();
    const sandbox = (s.h as OutreachHarness).sandbox;
    sandbox.users[7]!.lastName = 'Satō\u202egnirts\u001b]0;pwned\u0007';
    const result = await s.h.topo(['tasks', 'reassign', '--from', '8', '--to', 'ana', '--dry-run', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/[\u202e\u001b\u0007]/);
    expect(JSON.parse(result.stdout).inventory.from_name).toContain('\u202e');
  });
});
