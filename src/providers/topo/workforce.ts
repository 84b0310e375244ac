// Topo's part of redistribution: users are UUIDs or the profile's aliases, a group is a sequence
// run, and a run whose every open task is the rep's moves with one SEQUENCE call.
import { sanitizeInline } from '../../render/sanitize.ts';
import { estimateCalls } from '../estimate.ts';
import type { NormalTask, Workforce } from '../types.ts';
import type { TopoApi } from './api.ts';
import { applyReassign } from './changes.ts';
import { isOpenStatus, OPEN_STATUSES, PAGE_SIZE_MAX, type Task } from './contract.ts';
import { userOf } from './filters.ts';
import { countTasks, knownUsers, openLoads, openTasks, openTasksOfRuns } from './queries.ts';

export function normalTask(task: Task): NormalTask {
  return {
    id: task.id, group: task.sequence_id || null, owner: task.assignee_user_id ?? null, open: isOpenStatus(task.status), status: task.status ?? null,
    hot: task.priority === 'HOT', type: task.type, priority: task.priority, due: null, created: typeof task.created_at === 'string' ? task.created_at : null, raw: task,
  };
}

export function topoWorkforce(api: TopoApi, aliases: Record<string, string>): Workforce {
  const aliasOf = new Map(Object.entries(aliases).map(([alias, uuid]) => [uuid.toLowerCase(), alias]));
  return {
    resolveUser: async (text, flag) => userOf(text, aliases, flag),
    name: (id) => (id ? sanitizeInline(aliasOf.get(id.toLowerCase()) ?? id) : 'unassigned'),
    async people() {
      const { users } = await knownUsers(api, aliases);
      return users.map((user) => ({ id: user.id, open: user.open_tasks }));
    },
    // The Topo API has no users endpoint: whether a user can take work is learnt from the first move.
    cannotTake: async () => undefined,
    openTasksOf: async (owner, filters) => (await openTasks(api, { ...(owner === null ? {} : { assignee: owner }), ...filters })).map(normalTask),
    openCount: async () => ({ tasks: (await Promise.all(OPEN_STATUSES.map((status) => countTasks(api, { status })))).reduce((sum, count) => sum + count, 0), pageSize: PAGE_SIZE_MAX }),
    async wholeGroups(tasks) {
      const runs = [...new Set(tasks.map((task) => task.group).filter((group): group is string => group !== null))];
      const open = await openTasksOfRuns(api, runs);
      const selected = new Set(tasks.map((task) => task.id));
      return new Set(runs.filter((run) => {
        const all = open.get(run) ?? [];
        return all.length > 0 && all.every((task) => selected.has(task.id));
      }));
    },
    async openTasksOfGroups(groups, known) {
      const open = await openTasksOfRuns(api, groups, known?.tasks);
      return new Map([...open].map(([run, tasks]) => [run, tasks.map(normalTask)]));
    },
    loads: (users) => openLoads(api, users),
    read: async (id) => normalTask(await api.getTask(id)),
    move: (id, to, scope, current) => applyReassign(api, id, to, scope, current && current.owner === to ? { id, assignee_user_id: to, status: current.status ?? undefined } : undefined),
    estimate: (calls) => (api.http.budget ? `budget: ${estimateCalls(calls, api.http.budget)}` : undefined),
  };
}
