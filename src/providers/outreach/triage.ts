// Outreach's side of `tasks triage`: the incomplete queue overdue first, then by priority
// (taskPriority's weight), then due time; a card with the prospect, owner, due time and note; what a
// completion, snooze, reschedule or reassign leaves.
import { UsageError } from '../../core/errors.ts';
import { compareIds, instant } from '../../core/time.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import type { Task } from '../../render/tasks.ts';
import type { TaskProvider } from '../types.ts';
import { emptyIncluded, type Included, type OutreachApi, type OutreachFilters } from './api.ts';
import { OUTREACH_CONCURRENCY, OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, type OutreachTask } from './contract.ts';
import type { OutreachPeople } from './people.ts';
import { INCLUDE_FOR_PEOPLE, outreachCell, outreachView } from './view.ts';
import { hotPriorities, normalOutreachTask } from './workforce.ts';

/**
 * Overdue first, then the more urgent priority (higher weight), then the earlier due time (no due
 * time last), then id.
 */
export function outreachQueueOrder(now: number, weightOf: (task: OutreachTask) => number | undefined) {
  const due = (task: OutreachTask) => instant(task.dueAt);
  return (a: OutreachTask, b: OutreachTask): number => {
    const overdue = (task: OutreachTask) => (due(task) < now ? 0 : 1);
    const weight = (task: OutreachTask) => weightOf(task) ?? -Infinity;
    const at = (task: OutreachTask) => (Number.isNaN(due(task)) ? Infinity : due(task));
    return overdue(a) - overdue(b) || weight(b) - weight(a) || at(a) - at(b) || compareIds(String(a.id).padStart(20, '0'), String(b.id).padStart(20, '0'));
  };
}

type TriagePart = Pick<TaskProvider, 'queue' | 'card' | 'prefetch' | 'thread' | 'allows' | 'afterChange'>;

export function outreachTriage(api: OutreachApi, people: OutreachPeople): TriagePart {
  // What the queue side-loaded: the cards' names for owners, prospects and priorities.
  let included: Included = emptyIncluded();
  const normal = (task: OutreachTask) => normalOutreachTask(task, hotPriorities(included.priorities), included);
  return {
    async queue(raw) {
      const filters = raw as unknown as OutreachFilters;
      included = emptyIncluded();
      const tasks: OutreachTask[] = [];
      for await (const batch of api.tasks({ ...filters, state: filters.state ?? OPEN_STATE }, { pageSize: OUTREACH_PAGE_SIZE_MAX, concurrency: OUTREACH_CONCURRENCY, include: INCLUDE_FOR_PEOPLE, included })) tasks.push(...batch);
      tasks.sort(outreachQueueOrder(Date.now(), (task) => {
        const weight = included.priorities.get(String(task.taskPriorityId))?.weight;
        return typeof weight === 'number' ? weight : undefined;
      }));
      if (tasks.length) await people.all();
      return tasks.map(normal);
    },
    async card(task, view) {
      const wire = task.raw as OutreachTask;
      const names = outreachView(view.palette, people, included, view.width);
      const p = view.palette;
      const cell = (field: string) => outreachCell(wire as Task, field, names);
      const prospect = names.prospect(wire.prospectId);
      const about = [prospect?.name, prospect?.title, prospect?.company].filter(Boolean).map((part) => sanitizeInline(String(part))).join(' · ');
      return {
        about: about || undefined,
        lines: [
          `${cell('action')}  ${cell('taskPriorityId')}  ${cell('state')}  ${p.dim('owner')} ${cell('ownerId')}  ${p.dim('due')} ${cell('dueAt')}`,
          `${p.dim('id')}   ${task.id}`,
          `${p.dim('note')} ${typeof wire.note === 'string' && wire.note ? sanitizeInline(wire.note) : p.dim('—')}`,
        ],
      };
    },
    // The queue side-loaded everything a card shows.
    prefetch: () => undefined,
    thread: () => Promise.reject(new UsageError("Outreach's Task API has no message thread per task")),
    allows: (task, verb) => task.open && (verb === 'complete' || verb === 'snooze' || verb === 'reschedule' || verb === 'reassign'),
    afterChange(task, verb, result, value) {
      const wire = task.raw as OutreachTask;
      if (verb === 'reassign') return normal({ ...wire, ownerId: value === undefined ? null : Number(value) });
      return normal({ ...wire, state: result.status ?? (verb === 'complete' ? 'complete' : wire.state), dueAt: typeof result.due_at === 'string' ? result.due_at : wire.dueAt });
    },
  };
}
