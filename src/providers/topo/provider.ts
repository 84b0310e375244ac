// The Topo API as a TaskProvider: the workforce (users, groups, moves), the changes with read-back,
// people, one task in full with who it is about. Loaded when a command connects.
import { UsageError } from '../../core/errors.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import { contactLine } from '../../render/tasks.ts';
import type { Identity, ProviderHost, ProviderSpec, TaskProvider, TaskQuery } from '../types.ts';
import { keyIdentity } from './login.ts';
import { renderThread } from './thread-view.ts';
import { topoQuery, type TopoQuery } from './filters.ts';
import { topoCount } from './stats.ts';
import { topoListing } from './listing.ts';
import { topoTriage } from './triage.ts';
import type { TopoApi } from './api.ts';
import { applyTransition } from './changes.ts';
import { ContactDirectory } from './contacts.ts';
import { isOpenStatus, transitions, type Message } from './contract.ts';
import { allTasks, knownUsers, PAGE_CONCURRENCY } from './queries.ts';
import { renderTaskDetail } from './view.ts';
import { normalTask, topoWorkforce } from './workforce.ts';

export function topoProvider(spec: ProviderSpec, api: TopoApi, host: ProviderHost): TaskProvider {
  const work = topoWorkforce(api, host.aliases);
  const aliasOf = new Map(Object.entries(host.aliases).map(([alias, uuid]) => [uuid.toLowerCase(), alias]));
  let contacts: ContactDirectory | undefined;
  const directory = () => (contacts ??= new ContactDirectory(api, host.note, host.lookups));
  let identity: Promise<Identity> | undefined;
  return {
    ...work,
    spec,
    identity: () => (identity ??= keyIdentity(api)),
    conversation: {
      messages: (id) => api.listMessages(id),
      // Who the thread is with: the task's contact (one GET of the task, its run and the contact).
      about: async (id) => contactLine(await directory().forTask(await api.getTask(id))),
      render: (messages, stream, view) => renderThread(messages as Message[], stream, { ...view, aliasOf: (uuid) => aliasOf.get(uuid.toLowerCase()) }),
    },
    raw: {
      send: (request) => api.raw(request),
      pages: (path, query, headers) => api.rawPages(path, query, PAGE_CONCURRENCY, headers),
      errorOf: (response, request) => api.http.errorOf(response, request),
    },
    query: async (flags) => await topoQuery(api, flags, host) as unknown as TaskQuery,
    previewChange(task, verb, value, scope = 'TASK') {
      if (verb === 'reassign') {
        const theirs = task.owner === value;
        return { would_send: theirs ? null : api.plannedReassign(task.id, value!, scope), note: theirs ? 'already assigned to them' : `${work.name(task.owner)} → ${work.name(value)}` };
      }
      if (verb !== 'skip' && verb !== 'reopen') throw new UsageError(`tasks ${verb} does not exist on Topo`);
      const rule = transitions[verb];
      const legal = rule.from.includes(task.status ?? '');
      const already = task.status === rule.to;
      return {
        would_send: already ? null : api.plannedTransition(task.id, verb),
        would_become: legal || already ? rule.to : null,
        note: already ? `already ${rule.to}` : legal ? `${task.status} → ${rule.to}` : `would be refused: ${task.status} cannot be ${verb === 'skip' ? 'skipped' : 'reopened'}`,
      };
    },
    applyChange(id, verb, _value, uncertain) {
      if (verb !== 'skip' && verb !== 'reopen') throw new UsageError(`tasks ${verb} does not exist on Topo`);
      return applyTransition(api, id, verb, uncertain);
    },
    ...topoTriage(api, directory, (uuid) => aliasOf.get(uuid.toLowerCase())),
    list: (query, request) => topoListing(api, query as unknown as TopoQuery, request, (uuid) => aliasOf.get(uuid.toLowerCase()), directory, host.note),
    count: (query, by, then) => topoCount(api, query as unknown as TopoQuery, by, then, host.aliases, host.team, host.rememberNames, host.debug),
    groupOpenTasks: async (group) => (await allTasks(api, { sequence: group })).filter((task) => isOpenStatus(task.status)).map(normalTask),
    async peopleReport(palette) {
      const { users, unassigned } = await knownUsers(api, host.aliases);
      const rows = users.map((user) => ({ user_id: user.id, alias: user.alias, open_tasks: user.open_tasks }));
      return {
        json: { users: rows, unassigned_open_tasks: unassigned },
        records: rows,
        tsv: rows.map((row) => [row.user_id, row.alias ?? '', String(row.open_tasks)]),
        head: ['ALIAS', 'USER', 'OPEN TASKS'],
        rows: [...rows.map((row) => [row.alias ? sanitizeInline(row.alias) : palette.dim('—'), sanitizeInline(row.user_id), String(row.open_tasks)]), [palette.dim('unassigned'), '', String(unassigned)]],
        alignRight: [2],
      };
    },
    async show(id, options) {
      const task = await api.getTask(id);
      const person = options.withContact || options.people;
      const contact = person ? await directory().forTask(task) : undefined;
      return {
        json: options.withContact ? { ...task, contact } : task,
        render: (stream, view) => renderTaskDetail(task, stream, { ...view, aliasOf: (uuid) => aliasOf.get(uuid.toLowerCase()), contactOf: person ? () => contact : undefined }),
      };
    },
  };
}
