// topo tasks triage: walk the open queue one card at a time, HOT first, oldest first within a
// priority; skip or reassign with a key, read the thread, move on. Actions go through the same
// code as `tasks skip` and `tasks reassign`. Threads of the next cards are fetched ahead.
import type { TopoApi } from '../../../api/topo.ts';
import type { Message, Task } from '../../../core/contract.ts';
import { reasonOf, UsageError } from '../../../core/errors.ts';
import { withKeyPrompt, withPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { allTasks, knownUsers, openTasks } from '../../../queries/tasks.ts';
import { relativeTime } from '../../../render/format.ts';
import { contactLine, humanCell } from '../../../render/tasks.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { formatMessage, sortThread } from '../../../render/thread.ts';
import { applyReassign, applyTransition } from '../shared/actions.ts';
import { resolveFilters, type FilterFlags } from '../shared/filters.ts';
import { aliasLookup, taskView } from '../shared/view.ts';
import { queueOrder } from './queue.ts';

export type TriageOptions = FilterFlags;


const PREFETCH = 3;
const LATEST_MESSAGES = 3;
const CONVERSATIONS = new Set(['EMAIL_REPLY', 'LINKEDIN_REPLY']);

interface Change {
  id: string;
  action: 'skipped' | 'reassigned';
  detail: string;
}

export async function runTriage(rt: Runtime, options: TriageOptions): Promise<number> {
  const streams = rt.io.terminal();
  if (!streams) {
    throw new UsageError('triage needs a terminal: it asks one key at a time', 'for scripts, use `topo tasks ls --json` and pipe ids to `topo tasks skip -` or `topo tasks reassign -`');
  }
  const api = await rt.api();
  const filters = await resolveFilters(rt, api, options);
  await rt.requireWrite();
  const queue = options.status ? await allTasks(api, filters) : await openTasks(api, filters);
  queue.sort(queueOrder);
  const changes: Change[] = [];
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
  const width = Math.max(40, (out.columns ?? 100) - 2);
  let index = 0;
  try {
    while (index < queue.length && !rt.interrupt.signal.aborted) {
      const task = queue[index]!;
      prefetch(index + 1);
      const p = rt.out;
      const who = contactLine(await contacts.forTask(task));
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
          for (const message of messages) card.push('', formatMessage(message, { palette: p, tty: true, aliasOf: alias, now: Date.now(), width }).trimEnd());
          if (messages.length === 0) card.push(p.dim('(no messages)'));
        } catch (error) {
          card.push(p.yellow(`thread unavailable: ${reasonOf(error)}`));
        }
      }
      out.write(card.join('\n') + '\n');
      const action = await withKeyPrompt(streams, 'Action', [
        { key: 's', name: 'skip', value: 'skip' },
        { key: 'r', name: 'reassign', value: 'reassign' },
        { key: 't', name: 'thread', value: 'thread' },
        { key: 'n', name: 'next', value: 'next' },
        { key: 'b', name: 'back', value: 'back' },
        { key: 'q', name: 'quit', value: 'quit' },
      ]);
      if (action === 'quit') break;
      if (action === 'next') index++;
      else if (action === 'back') index = Math.max(0, index - 1);
      else if (action === 'thread') {
        try {
          const messages = sortThread(await thread(task));
          out.write(messages.map((message) => formatMessage(message, { palette: p, tty: true, aliasOf: alias, now: Date.now(), width })).join('\n') || p.dim('(no messages)\n'));
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${reasonOf(error)}\n`));
        }
      } else if (action === 'skip') {
        try {
          const result = await applyTransition(api, task.id, 'skip');
          queue[index] = { ...task, status: result.status ?? 'SKIPPED' };
          changes.push({ id: task.id, action: 'skipped', detail: result.outcome === 'unchanged' ? 'already skipped' : 'skipped' });
          out.write(p.green(`✓ ${result.outcome === 'unchanged' ? 'already skipped' : 'skipped'}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ skip failed: ${reasonOf(error)}\n`));
        }
      } else if (action === 'reassign') {
        const to = await pickUser(rt, api, streams, task.assignee_user_id ?? null);
        try {
          await applyReassign(api, task.id, to, 'TASK');
          queue[index] = { ...task, assignee_user_id: to };
          changes.push({ id: task.id, action: 'reassigned', detail: `to ${alias(to) ?? to}` });
          out.write(p.green(`✓ reassigned to ${alias(to) ?? to}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ reassign failed: ${reasonOf(error)}\n`));
        }
      }
    }
  } finally {
    streams.close();
    const summary = changes.length
      ? [`triage: ${changes.filter((c) => c.action === 'skipped').length} skipped, ${changes.filter((c) => c.action === 'reassigned').length} reassigned`,
        ...changes.map((change) => `  ${change.id}  ${change.detail}`)].join('\n')
      : 'triage: nothing changed';
    rt.io.stderr.write(`${summary}\n`);
  }
  return 0;
}

/** A searchable list of aliases and known assignees. */
async function pickUser(rt: Runtime, api: TopoApi, streams: PromptStreams, current: string | null): Promise<string> {
  const { users } = await knownUsers(api, rt.aliases);
  const choices = users.filter((user) => user.id !== current)
    .map((user) => ({ name: `${user.alias ?? user.id} (${user.open_tasks} open)`, value: user.id }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return withPrompt(streams, (prompts, context) => prompts.search({
    message: 'Reassign to (type to filter)',
    source: (term) => choices.filter((choice) => !term || choice.name.toLowerCase().includes(term.toLowerCase())),
    pageSize: 10,
  }, context));
}
