// topo tasks triage: walk the open queue one card at a time, HOT first, oldest first within a
// priority; skip or reassign with a key, read the thread, move on. Actions go through the same
// code as `tasks skip` and `tasks reassign`. Threads of the next cards are fetched ahead.
import type { TopoApi } from '../../../providers/topo/api.ts';
import { isOpenStatus, isUuid, transitions, type Message, type Task } from '../../../providers/topo/contract.ts';
import { ExitCode, reasonOf, UsageError } from '../../../core/errors.ts';
import { cancellablePrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { allTasks, knownUsers, openTasks } from '../../../providers/topo/queries.ts';
import { relativeTime } from '../../../render/format.ts';
import { contactLine } from '../../../render/tasks.ts';
import { humanCell } from '../../../providers/topo/view.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { formatMessage, sortThread } from '../../../providers/topo/thread-view.ts';
import { applyReassign, applyTransition } from '../../../providers/topo/changes.ts';
import { OPEN, resolveFilters, type FilterFlags } from '../shared/filters.ts';
import { aliasLookup, taskView, userNamer } from '../shared/view.ts';
import { TriageHistory, type Change } from './history.ts';
import { askAction, queueOrder, withTriageTerminal } from './queue.ts';

export type TriageOptions = FilterFlags;

const PREFETCH = 3;
const LATEST_MESSAGES = 3;
const CONVERSATIONS = new Set(['EMAIL_REPLY', 'LINKEDIN_REPLY']);

type Action = 'skip' | 'reopen' | 'reassign' | 'thread' | 'next' | 'back' | 'undo' | 'help' | 'quit';

const KEYS: Array<{ key: string; name: string; value: Action; when?: (task: Task, history: TriageHistory<Task>) => boolean }> = [
  { key: 's', name: 'skip', value: 'skip', when: (task) => isOpenStatus(task.status) },
  { key: 'o', name: 'reopen', value: 'reopen', when: (task) => task.status === 'COMPLETED' || task.status === 'SKIPPED' },
  { key: 'r', name: 'reassign', value: 'reassign' },
  { key: 't', name: 'thread', value: 'thread' },
  { key: 'n', name: 'next', value: 'next' },
  { key: 'b', name: 'back', value: 'back' },
  { key: 'u', name: 'undo', value: 'undo', when: (_task, history) => history.canUndo },
  { key: '?', name: 'help', value: 'help' },
  { key: 'q', name: 'quit', value: 'quit' },
];

const HELP: Record<Action, string> = {
  skip: 'mark this open task SKIPPED', reopen: 'return this closed task to PENDING', reassign: 'pick another assignee (Esc to go back)',
  thread: 'read the whole conversation', next: 'the next card', back: 'the previous card', undo: 'take back the last change',
  help: 'this list', quit: 'stop; the summary lists every change',
};

/** How a task differs after triage: what the summary says of it. */
function describeChange(name: (uuid: string | null | undefined) => string) {
  return (before: Task, after: Task): Change[] => {
    const changes: Change[] = [];
    if (after.status !== before.status) {
      const word = after.status === 'SKIPPED' ? 'skipped' : after.status === 'PENDING' ? 'reopened' : `now ${after.status}`;
      changes.push([word, word]);
    }
    if (after.assignee_user_id !== before.assignee_user_id) changes.push(['reassigned', `reassigned to ${name(after.assignee_user_id)}`]);
    return changes;
  };
}

export function runTriage(rt: Runtime, options: TriageOptions): Promise<number> {
  return withTriageTerminal(rt, (streams) => triage(rt, options, streams));
}

async function triage(rt: Runtime, options: TriageOptions, streams: PromptStreams): Promise<number> {
  const api = await rt.api();
  const filters = await resolveFilters(rt, api, options);
  await rt.requireWrite();
  const queue = options.status && options.status !== OPEN ? await allTasks(api, filters) : await openTasks(api, filters);
  queue.sort(queueOrder);
  const out = rt.io.stdout;
  if (queue.length === 0) {
    out.write('Nothing to triage: no open tasks match.\n');
    return 0;
  }

  const threads = new Map<string, Promise<Message[]>>();
  const thread = (task: Task) => {
    let promise = threads.get(task.id);
    if (!promise) {
      promise = api.listMessages(task.id);
      promise.catch(() => undefined);
      threads.set(task.id, promise);
    }
    return promise;
  };
  const contacts = await rt.contacts();
  const prefetch = (from: number) => {
    const next = queue.slice(from, from + PREFETCH);
    for (const task of next) if (CONVERSATIONS.has(task.type ?? '')) void thread(task);
    contacts.forTasks(next).catch(() => undefined);
  };

  const view = taskView(rt);
  const alias = aliasLookup(rt.aliases);
  const name = userNamer(rt.aliases);
  const width = Math.max(40, (out.columns ?? 100) - 2);
  const history = new TriageHistory<Task>();
  let index = 0;
  let interrupted = false;
  const record = (task: Task, after: Task) => {
    history.record(task.id, task, after);
    queue[queue.indexOf(task)] = after;
  };
  try {
    while (index < queue.length && !rt.interrupt.signal.aborted) {
      const task = queue[index]!;
      prefetch(index + 1);
      const p = rt.out;
      const contact = await contacts.forTask(task);
      const who = contactLine(contact);
      const contactName = contact?.name ?? undefined;
      const card = [
        '',
        p.bold(`── ${index + 1} / ${queue.length} ── ${who ?? p.dim('contact unknown')}`),
        `${humanCell(task, 'type', view)}  ${humanCell(task, 'priority', view)}  ${humanCell(task, 'status', view)}  ${p.dim('assignee')} ${humanCell(task, 'assignee_user_id', view)}  ${p.dim('age')} ${task.created_at ? relativeTime(task.created_at).replace(/ ago$/, '') : '—'}`,
        // One line each, so a UUID never wraps at 80 columns.
        `${p.dim('id')}       ${task.id}`,
        `${p.dim('sequence')} ${sanitizeInline(String(task.sequence_id ?? '—'))}`,
      ];
      if (CONVERSATIONS.has(task.type ?? '')) {
        try {
          const messages = sortThread(await thread(task)).slice(-LATEST_MESSAGES);
          for (const message of messages) card.push('', formatMessage(message, { palette: p, tty: true, aliasOf: alias, now: Date.now(), width, contactName }).trimEnd());
          if (messages.length === 0) card.push(p.dim('(no messages)'));
        } catch (error) {
          card.push(p.yellow(`thread unavailable: ${sanitizeInline(reasonOf(error))}`));
        }
      }
      out.write(card.join('\n') + '\n');
      const action = await askAction(rt, streams, KEYS, (key) => !key.when || key.when(task, history), (key) => `${task.status ?? 'unknown status'}${key.value === 'undo' ? ', nothing to undo' : ''}`);
      if (action === undefined) {
        interrupted = true;
        break;
      }
      if (action === 'quit') break;
      if (action === 'next') index++;
      else if (action === 'back') index = Math.max(0, index - 1);
      else if (action === 'help') {
        out.write(KEYS.map((key) => `  ${key.key}  ${key.name.padEnd(9)}${HELP[key.value]}`).join('\n') + '\n');
      } else if (action === 'thread') {
        try {
          const messages = sortThread(await thread(task));
          out.write(messages.map((message) => formatMessage(message, { palette: p, tty: true, aliasOf: alias, now: Date.now(), width, contactName })).join('\n') || p.dim('(no messages)\n'));
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'skip' || action === 'reopen') {
        try {
          const result = await applyTransition(api, task.id, action);
          record(task, { ...task, status: result.status ?? transitions[action].to });
          out.write(p.green(`✓ ${result.outcome === 'unchanged' ? `already ${result.status}` : action === 'skip' ? 'skipped' : 'reopened'}\n`));
          if (action === 'skip') index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${action} failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'reassign') {
        const to = await pickUser(rt, api, streams, task.assignee_user_id ?? null);
        if (to === undefined) {
          out.write(p.dim('reassign cancelled\n'));
          continue;
        }
        try {
          await applyReassign(api, task.id, to, 'TASK', task);
          record(task, { ...task, assignee_user_id: to });
          out.write(p.green(`✓ reassigned to ${name(to)}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ reassign failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'undo') {
        const last = history.last!;
        const current = queue.find((candidate) => candidate.id === last.id) ?? last.after;
        try {
          if (last.after.assignee_user_id !== last.before.assignee_user_id) {
            if (!last.before.assignee_user_id) throw new UsageError('it was unassigned, and the API cannot unassign a task');
            await applyReassign(api, last.id, last.before.assignee_user_id, 'TASK', current);
          } else if (last.after.status === 'SKIPPED') await applyTransition(api, last.id, 'reopen');
          else if (last.after.status === 'PENDING' && last.before.status === 'SKIPPED') await applyTransition(api, last.id, 'skip');
          else throw new UsageError(`it cannot go back to ${last.before.status}`);
          // The task is back as it was (a skipped IN_PROGRESS task comes back PENDING).
          const restored = { ...current, status: last.before.status === 'IN_PROGRESS' ? 'PENDING' : last.before.status, assignee_user_id: last.before.assignee_user_id };
          history.undone(current, restored);
          queue[queue.indexOf(current)] = restored;
          index = queue.indexOf(restored);
          out.write(p.green(`✓ undone: ${last.id}\n`));
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ cannot undo: ${sanitizeInline(reasonOf(error))}\n`));
        }
      }
    }
  } finally {
    rt.io.stderr.write(history.summary(describeChange(name), ['skipped', 'reopened', 'reassigned'], interrupted));
  }
  return interrupted ? ExitCode.interrupted : 0;
}

/** A searchable list of aliases and known assignees; a UUID typed in is offered too. Esc or Ctrl-C: undefined. */
async function pickUser(rt: Runtime, api: TopoApi, streams: PromptStreams, current: string | null): Promise<string | undefined> {
  const { users } = await knownUsers(api, rt.aliases);
  const choices = users.filter((user) => user.id !== current)
    .map((user) => ({ name: `${sanitizeInline(user.alias ?? user.id)} (${user.open_tasks} open)`, value: user.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return cancellablePrompt(streams, (prompts, context) => prompts.search({
    message: 'Reassign to (type to filter, Esc to go back)',
    source: (term) => {
      const typed = term?.trim() ?? '';
      const matches = choices.filter((choice) => !typed || choice.name.toLowerCase().includes(typed.toLowerCase()) || choice.value === typed.toLowerCase());
      return isUuid(typed) && !matches.some((choice) => choice.value === typed.toLowerCase())
        ? [{ name: `${typed.toLowerCase()} (typed)`, value: typed.toLowerCase() }, ...matches]
        : matches;
    },
    pageSize: 10,
  }, context));
}
