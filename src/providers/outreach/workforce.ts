// Outreach's part of redistribution: users are ids, emails, names or aliases (GET /users), a group
// is a prospect, tasks move one by one (reassignOwner), and a run says up front what it costs at
// the rate the API reports. Priorities only decorate (how many are HOT): a token or server without
// GET /taskPriorities gets one note, never a stopped job.
import { ApiError, NotFoundError, PermissionError, reasonOf } from '../../core/errors.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { estimateCalls } from '../estimate.ts';
import type { NormalTask, Workforce } from '../types.ts';
import { emptyIncluded, type Included, type OutreachApi } from './api.ts';
import { applyOutreachReassign } from './changes.ts';
import { OUTREACH_CONCURRENCY, OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, RATE_LIMIT_PER_HOUR, type OutreachTask, type TaskPriority } from './contract.ts';
import type { OutreachPeople } from './people.ts';

/** Listings and counts at once, as Topo's queries do. */

/** The most urgent priority present (the highest weight, else a name saying high) counts as hot. */
export function hotPriorities(priorities: Map<string, TaskPriority>): Set<string> {
  const all = [...priorities.values()];
  const weights = all.map((priority) => priority.weight).filter((weight): weight is number => typeof weight === 'number');
  const top = weights.length ? Math.max(...weights) : undefined;
  return new Set(all.filter((priority) => (top !== undefined ? priority.weight === top : /high|hot|urgent/i.test(String(priority.name ?? '')))).map((priority) => String(priority.id)));
}

/** An Outreach task as topo's jobs see it: `hot` names the most urgent priorities, `included` their names. */
export function normalOutreachTask(task: OutreachTask, hot: Set<string>, included?: Included): NormalTask {
  return {
    id: String(task.id),
    group: task.prospectId === null || task.prospectId === undefined ? null : String(task.prospectId),
    owner: task.ownerId === null || task.ownerId === undefined ? null : String(task.ownerId),
    open: task.state === OPEN_STATE,
    status: task.state ?? null,
    hot: hot.has(String(task.taskPriorityId)),
    type: task.action,
    priority: typeof included?.priorities.get(String(task.taskPriorityId))?.name === 'string' ? String(included!.priorities.get(String(task.taskPriorityId))!.name) : undefined,
    due: typeof task.dueAt === 'string' ? task.dueAt : null,
    created: typeof task.createdAt === 'string' ? task.createdAt : null,
    raw: task,
  };
}

export function outreachWorkforce(api: OutreachApi, people: OutreachPeople, note: (line: string) => void): Workforce {
  let priorityNames: Promise<Map<string, TaskPriority>> | undefined;
  const priorities = (included: Included) => {
    if (included.priorities.size) return Promise.resolve(included.priorities);
    priorityNames ??= api.priorities().then((list) => new Map(list.map((priority) => [String(priority.id), priority])), (error) => {
      if (!(error instanceof PermissionError || error instanceof NotFoundError || (error instanceof ApiError && error.status === 405))) throw error;
      note(`HOT tasks are not counted: GET /taskPriorities was refused (${reasonOf(error)})`);
      return new Map<string, TaskPriority>();
    });
    return priorityNames;
  };
  return {
    resolveUser: async (text, flag, options) => String((await people.resolve(text, flag, options)).id),
    name: (id) => people.name(id),
    async people() {
      const users = await people.all();
      const loads = await this.loads(users.map((user) => String(user.id)));
      return users.map((user) => ({ id: String(user.id), open: loads.get(String(user.id)) ?? 0, cannotTake: user.locked ? 'locked' : undefined }));
    },
    async cannotTake(id) {
      await people.all();
      return people.user(id)?.locked ? 'locked in Outreach (departed)' : undefined;
    },
    // `types` are Outreach's actions (call, email…), as `--action` gives them; priorities are per account here.
    async openTasksOf(owner, filters) {
      await people.all();
      const included = emptyIncluded();
      const tasks: OutreachTask[] = [];
      for await (const batch of api.tasks({ state: OPEN_STATE, ...(owner === null ? {} : { owner }), ...(filters.types?.length ? { actions: filters.types } : {}) }, { pageSize: OUTREACH_PAGE_SIZE_MAX, concurrency: OUTREACH_CONCURRENCY, include: ['taskPriority'], included })) tasks.push(...batch);
      const hot = hotPriorities(await priorities(included));
      return tasks.map((task) => normalOutreachTask(task, hot, included));
    },
    openCount: async () => ({ tasks: await api.countTasks({ state: OPEN_STATE }), pageSize: OUTREACH_PAGE_SIZE_MAX }),
    // reassignOwner moves one task: no call moves a whole prospect.
    wholeGroups: async () => new Set(),
    // One listing of every open task (read in id ranges at once) where that is fewer pages than one
    // listing per prospect (filter[prospect][id]), as Topo's per-run check does.
    async openTasksOfGroups(groups, known) {
      const byProspect = new Map<string, NormalTask[]>(groups.map((group) => [group, []]));
      if (groups.length === 0) return byProspect;
      const open = known?.tasks ?? await api.countTasks({ state: OPEN_STATE });
      const collect = (batch: OutreachTask[]) => {
        for (const task of batch) byProspect.get(String(task.prospectId))?.push(normalOutreachTask(task, new Set()));
      };
      if (Math.ceil(open / OUTREACH_PAGE_SIZE_MAX) < groups.length) {
        for await (const batch of api.tasks({ state: OPEN_STATE }, { pageSize: OUTREACH_PAGE_SIZE_MAX, concurrency: OUTREACH_CONCURRENCY })) collect(batch);
      } else {
        await mapLimit(groups, OUTREACH_CONCURRENCY, async (prospect) => {
          for await (const batch of api.tasks({ state: OPEN_STATE, prospect }, { pageSize: OUTREACH_PAGE_SIZE_MAX })) collect(batch);
        });
      }
      return byProspect;
    },
    async loads(users) {
      const counts = await mapLimit(users, OUTREACH_CONCURRENCY, (user) => api.countTasks({ state: OPEN_STATE, owner: user }));
      return new Map(users.map((user, index) => [user, counts[index]!]));
    },
    read: async (id) => normalOutreachTask((await api.getTask(id)).task, new Set()),
    move: (id, to, _scope, current) => applyOutreachReassign(api, id, to, current && current.owner === to ? { id, ownerId: to, state: current.status ?? undefined } : undefined),
    estimate: (calls) => `budget: ${estimateCalls(calls, api.http.budget, { windowMs: 3_600_000, documented: `Outreach allows ${RATE_LIMIT_PER_HOUR.toLocaleString('en-US')} an hour` })}`,
  };
}
