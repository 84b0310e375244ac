// A team on each provider's sandbox for the redistribution tests (rebalance, cover): the server's
// own truth about open tasks, their groups and owners, set-up changes made straight on the server
// (a colleague acting, the sequence engine adding a step), and what the server applied.
import { SANDBOX_REPS } from '../../src/providers/demo.ts';
import { harness, outreachHarness, type Harness, type OutreachHarness } from './cli.ts';

export interface ServerOpen {
  id: string;
  group: string | null;
  owner: string | null;
  created: string | null;
  due: string | null;
}

export interface TeamSubject {
  provider: string;
  h: Harness | OutreachHarness;
  /** Users by the names tests type (ana, bram, chen, ...): their ids on this server. */
  id(name: string): string;
  open(): ServerOpen[];
  setOwner(id: string, owner: string): void;
  complete(id: string): void;
  /** Sets when a task was created and (Outreach) when it is due. */
  setTimes(id: string, times: { created?: string; due?: string | null }): void;
  /** Changes the server applied, per task. */
  applied(): Map<string, number>;
  mutations(): number;
  /** Words of the provider for one group. */
  field: string;
}

const NAMES = SANDBOX_REPS.map((rep) => rep.alias);

export const TEAM_PROVIDERS: Array<{ provider: string; start(options?: { latency?: number }): Promise<TeamSubject> }> = [
  {
    provider: 'topo',
    async start(options = {}) {
      const h = await harness({ tasks: 1200, seed: 11, ...options });
      const isOpen = (status?: string) => status === 'PENDING' || status === 'IN_PROGRESS';
      return {
        provider: 'topo', h, field: 'sequence_id',
        id: (name) => SANDBOX_REPS[NAMES.indexOf(name)]!.id,
        open: () => h.sandbox.tasks.filter((task) => isOpen(task.status)).map((task) => ({ id: task.id, group: task.sequence_id ?? null, owner: task.assignee_user_id ?? null, created: task.created_at ?? null, due: null })),
        setOwner: (id, owner) => h.sandbox.patchTask(id, { assignee_user_id: owner }),
        complete: (id) => h.sandbox.patchTask(id, { status: 'COMPLETED' }),
        setTimes: (id, times) => {
          if (times.created) h.sandbox.patchTask(id, { created_at: times.created });
        },
        applied: () => new Map(h.sandbox.appliedCount),
        mutations: () => h.sandbox.mutations.length,
      };
    },
  },
  {
    provider: 'outreach',
    async start(options = {}) {
      const h = await outreachHarness({ tasks: 900, ...options });
      return {
        provider: 'outreach', h, field: 'prospect_id',
        id: (name) => String(NAMES.indexOf(name) + 1),
        open: () => h.sandbox.tasks.filter((task) => task.state === 'incomplete').map((task) => ({ id: String(task.id), group: task.prospectId === null ? null : String(task.prospectId), owner: task.ownerId === null ? null : String(task.ownerId), created: task.createdAt ?? null, due: task.dueAt ?? null })),
        setOwner: (id, owner) => {
          h.sandbox.byId.get(Number(id))!.ownerId = Number(owner);
        },
        complete: (id) => {
          h.sandbox.byId.get(Number(id))!.state = 'complete';
        },
        setTimes: (id, times) => {
          const task = h.sandbox.byId.get(Number(id))!;
          if (times.created) task.createdAt = times.created;
          if (times.due !== undefined) task.dueAt = times.due;
        },
        applied: () => {
          const counts = new Map<string, number>();
          for (const request of h.sandbox.mutations) if (request.applied && request.taskId) counts.set(String(request.taskId), (counts.get(String(request.taskId)) ?? 0) + 1);
          return counts;
        },
        mutations: () => h.sandbox.mutations.length,
      };
    },
  },
];

/** Open tasks per owner among `users`. */
export function loadsOf(s: TeamSubject, users: string[]): Map<string, number> {
  const loads = new Map(users.map((user) => [user, 0]));
  for (const task of s.open()) if (task.owner !== null && loads.has(task.owner)) loads.set(task.owner, loads.get(task.owner)! + 1);
  return loads;
}

/** Groups whose open tasks more than one owner holds. */
export function sharedGroups(open: ServerOpen[]): Set<string> {
  const owners = new Map<string, Set<string | null>>();
  for (const task of open) if (task.group !== null) owners.set(task.group, (owners.get(task.group) ?? new Set()).add(task.owner));
  return new Set([...owners].filter(([, who]) => who.size > 1).map(([group]) => group));
}

/** Hands `to` whole groups that only `donor` holds until `to` has `extra` more open tasks (test set-up, straight on the server). */
export function pile(s: TeamSubject, donor: string, to: string, extra: number): void {
  const open = s.open();
  const shared = sharedGroups(open);
  let given = 0;
  const byGroup = new Map<string, ServerOpen[]>();
  for (const task of open) if (task.owner === donor && task.group !== null && !shared.has(task.group)) byGroup.set(task.group, [...(byGroup.get(task.group) ?? []), task]);
  for (const tasks of byGroup.values()) {
    if (given >= extra) break;
    for (const task of tasks) s.setOwner(task.id, to);
    given += tasks.length;
  }
}
