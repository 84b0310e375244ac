// Outreach's Task API as a TaskProvider: the workforce (users, prospects, one-by-one moves), the
// task actions with read-back, users with their incomplete counts, one task in full with its
// prospect, owner and priority side-loaded. Loaded when a command connects.
import { UsageError } from '../../core/errors.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { instant } from '../../core/time.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import type { Identity, ProviderHost, ProviderSpec, TaskProvider, TaskQuery } from '../types.ts';
import { tokenIdentity } from './login.ts';
import { outreachQuery } from './filters.ts';
import type { OutreachApi, OutreachFilters } from './api.ts';
import { outreachCount } from './stats.ts';
import { outreachTriage } from './triage.ts';
import { applyOutreachVerb, OUTREACH_VERBS } from './changes.ts';
import { OUTREACH_CONCURRENCY, OPEN_STATE, personName } from './contract.ts';
import { OutreachPeople } from './people.ts';
import { INCLUDE_FOR_PEOPLE, outreachNames, outreachView, renderOutreachDetail } from './view.ts';
import { outreachListing } from './listing.ts';
import { outreachWorkforce } from './workforce.ts';


/** What a snooze would make of a due time: a day after now or after it, whichever is later. */
function snoozed(due: string | null | undefined, now: number): string {
  const at = instant(due);
  return new Date(Math.max(now, Number.isNaN(at) ? 0 : at) + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function outreachProvider(spec: ProviderSpec, api: OutreachApi, host: ProviderHost): TaskProvider {
  const people = new OutreachPeople(api, host.aliases);
  const work = outreachWorkforce(api, people, host.note);
  let identity: Promise<Identity> | undefined;
  return {
    ...work,
    spec,
    identity: () => (identity ??= tokenIdentity(api)),
    query: async (flags) => await outreachQuery(people, flags) as unknown as TaskQuery,
    previewChange(task, verb, value) {
      const complete = task.status === 'complete';
      if (verb === 'reassign') {
        const theirs = task.owner === value;
        return {
          would_send: theirs || complete ? null : api.plannedAction(task.id, 'reassignOwner', value),
          note: theirs ? 'already theirs' : complete ? 'would be refused: the task is complete' : `${work.name(task.owner)} → ${work.name(value)}`,
        };
      }
      if (verb !== 'complete' && verb !== 'snooze' && verb !== 'reschedule') throw new UsageError(`tasks ${verb} does not exist on Outreach`);
      const note = complete
        ? verb === 'complete' ? 'already complete' : `would be refused: a complete task cannot be ${OUTREACH_VERBS[verb].past}`
        : verb === 'complete' ? `${task.status} → complete` : `due ${task.due ?? '—'} → ${verb === 'snooze' ? snoozed(task.due, Date.now()) : value}`;
      return { would_send: complete ? null : api.plannedAction(task.id, OUTREACH_VERBS[verb].action, value), note };
    },
    applyChange(id, verb, value, uncertain) {
      if (verb !== 'complete' && verb !== 'snooze' && verb !== 'reschedule') throw new UsageError(`tasks ${verb} does not exist on Outreach`);
      return applyOutreachVerb(api, id, verb, value, uncertain);
    },
    ...outreachTriage(api, people),
    list: (query, request) => outreachListing(api, people, query as unknown as OutreachFilters, request),
    count: (query, by, then) => outreachCount(api, people, query as unknown as OutreachFilters, by, then),
    // No call moves a prospect's tasks at once (capabilities.groupMove is false).
    groupOpenTasks: async () => [],
    async peopleReport(palette) {
      const users = await people.all();
      const counts = await mapLimit(users, OUTREACH_CONCURRENCY, (user) => api.countTasks({ state: OPEN_STATE, owner: String(user.id) }));
      const rows = users.map((user, index) => ({ id: user.id, name: personName(user) ?? null, email: user.email ?? null, locked: Boolean(user.locked), incomplete_tasks: counts[index]! }));
      return {
        json: { users: rows },
        records: rows,
        tsv: rows.map((row) => [row.id, row.name ?? '', row.email ?? '', row.locked, row.incomplete_tasks].map(String)),
        head: ['ID', 'NAME', 'EMAIL', 'LOCKED', 'INCOMPLETE TASKS'],
        rows: rows.map((row) => [String(row.id), sanitizeInline(row.name ?? '—'), sanitizeInline(row.email ?? '—'), row.locked ? palette.yellow('locked') : palette.dim('no'), String(row.incomplete_tasks)]),
        alignRight: [4],
      };
    },
    async show(id) {
      const { task, included } = await api.getTask(id, INCLUDE_FOR_PEOPLE);
      const names = outreachNames(people, included);
      const prospect = names.prospect(task.prospectId);
      return {
        json: { ...task, owner: names.ownerName(task.ownerId) ?? null, prospect: prospect ?? null, taskPriority: names.priorityName(task.taskPriorityId) ?? null },
        render: (stream, view) => renderOutreachDetail(task, stream, { ...outreachView(view.palette, people, included), tty: view.tty }),
      };
    },
  };
}
