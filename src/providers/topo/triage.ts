// Topo's side of `tasks triage`: the open queue HOT first, oldest first within a priority; a card
// with who the task is about and, for replies, the latest messages (threads of the next cards are
// fetched ahead); what a skip, reopen or reassign leaves.
import { reasonOf } from '../../core/errors.ts';
import { compareIds, compareTimes } from '../../core/time.ts';
import type { Palette } from '../../render/color.ts';
import { relativeTime } from '../../render/format.ts';
import { sanitizeInline } from '../../render/sanitize.ts';
import { contactLine } from '../../render/tasks.ts';
import type { NormalTask, TaskProvider } from '../types.ts';
import type { TopoApi } from './api.ts';
import type { ContactDirectory } from './contacts.ts';
import { isOpenStatus, PRIORITIES, transitions, type Message, type Task } from './contract.ts';
import type { TopoQuery } from './filters.ts';
import { allTasks, openTasks } from './queries.ts';
import { formatMessage, sortThread } from './thread-view.ts';
import { humanCell } from './view.ts';
import { normalTask } from './workforce.ts';

const PREFETCH_LATEST = 3;
const CONVERSATIONS = new Set(['EMAIL_REPLY', 'LINKEDIN_REPLY']);

/** HOT → TODAY → EXTRA (unknown priorities last), then oldest first. */
export function queueOrder(a: Task, b: Task): number {
  const rank = (task: Task) => {
    const index = (PRIORITIES as readonly string[]).indexOf(task.priority ?? '');
    return index === -1 ? PRIORITIES.length : index;
  };
  return rank(a) - rank(b) || compareTimes(a.created_at, b.created_at) || compareIds(a.id, b.id);
}

type TriagePart = Pick<TaskProvider, 'queue' | 'card' | 'prefetch' | 'thread' | 'allows' | 'afterChange'>;

export function topoTriage(api: TopoApi, contacts: () => ContactDirectory, aliasOf: (uuid: string) => string | undefined): TriagePart {
  const threads = new Map<string, Promise<Message[]>>();
  const messages = (task: NormalTask) => {
    let promise = threads.get(task.id);
    if (!promise) {
      promise = api.listMessages(task.id);
      promise.catch(() => undefined);
      threads.set(task.id, promise);
    }
    return promise;
  };
  const format = (list: Message[], view: { palette: Palette; width: number; about?: string }) =>
    list.map((message) => formatMessage(message, { palette: view.palette, tty: true, aliasOf, now: Date.now(), width: view.width, contactName: view.about }).trimEnd());
  return {
    async queue(raw) {
      const filters = raw as unknown as TopoQuery;
      const tasks = filters.status && !filters.open ? await allTasks(api, filters) : await openTasks(api, filters);
      return tasks.sort(queueOrder).map(normalTask);
    },
    async card(task, view) {
      const wire = task.raw as Task;
      const contact = await contacts().forTask(wire);
      const cells = { palette: view.palette, aliasOf, now: Date.now() };
      const p = view.palette;
      const lines = [
        `${humanCell(wire, 'type', cells)}  ${humanCell(wire, 'priority', cells)}  ${humanCell(wire, 'status', cells)}  ${p.dim('assignee')} ${humanCell(wire, 'assignee_user_id', cells)}  ${p.dim('age')} ${wire.created_at ? relativeTime(wire.created_at).replace(/ ago$/, '') : '—'}`,
        // One line each, so a UUID never wraps at 80 columns.
        `${p.dim('id')}       ${task.id}`,
        `${p.dim('sequence')} ${sanitizeInline(String(wire.sequence_id ?? '—'))}`,
      ];
      if (CONVERSATIONS.has(task.type ?? '')) {
        try {
          const latest = sortThread(await messages(task)).slice(-PREFETCH_LATEST);
          for (const line of format(latest, { ...view, about: contact?.name ?? undefined })) lines.push('', line);
          if (latest.length === 0) lines.push(p.dim('(no messages)'));
        } catch (error) {
          lines.push(p.yellow(`thread unavailable: ${sanitizeInline(reasonOf(error))}`));
        }
      }
      return { about: contactLine(contact), lines };
    },
    prefetch(tasks) {
      for (const task of tasks) if (CONVERSATIONS.has(task.type ?? '')) void messages(task);
      contacts().forTasks(tasks.map((task) => task.raw as Task)).catch(() => undefined);
    },
    async thread(task, view) {
      const contact = await contacts().forTask(task.raw as Task);
      const lines = format(sortThread(await messages(task)), { ...view, about: contact?.name ?? undefined });
      return lines.length ? lines : [view.palette.dim('(no messages)')];
    },
    allows(task, verb) {
      if (verb === 'skip') return isOpenStatus(task.status);
      if (verb === 'reopen') return task.status === 'COMPLETED' || task.status === 'SKIPPED';
      return verb === 'reassign';
    },
    afterChange(task, verb, result, value) {
      if (verb === 'reassign') return normalTask({ ...(task.raw as Task), assignee_user_id: value ?? null });
      if (verb !== 'skip' && verb !== 'reopen') return task;
      return normalTask({ ...(task.raw as Task), status: result.status ?? transitions[verb].to });
    },
  };
}
