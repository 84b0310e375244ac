// topo tasks triage on Outreach: the incomplete queue one card at a time, overdue first, then by
// priority (taskPriority's weight), then due time. c completes, z snoozes, r reassigns (locked users
// shown but not offered), n/b move, q stops; the same actions as `tasks complete|snooze|reassign`.
import type { OutreachTask } from '../../../core/outreach-contract.ts';
import { OPEN_STATE, OUTREACH_PAGE_SIZE_MAX } from '../../../core/outreach-contract.ts';
import { ExitCode, InterruptedError, reasonOf } from '../../../core/errors.ts';
import { cancellablePrompt, withKeyPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { outreachCell } from '../../../render/outreach.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { Task } from '../../../core/contract.ts';
import { emptyIncluded, INCLUDE_FOR_PEOPLE, outreachFilters, outreachSession, outreachView, type OutreachSession } from '../shared/outreach.ts';
import { applyOutreachReassign, applyOutreachVerb } from '../shared/outreach-actions.ts';
import { outreachQueueOrder, triageTerminal } from './queue.ts';
import type { FilterFlags } from '../shared/filters.ts';

type Action = 'complete' | 'snooze' | 'reassign' | 'next' | 'back' | 'help' | 'quit';
const KEYS: Array<{ key: string; name: string; value: Action; help: string }> = [
  { key: 'c', name: 'complete', value: 'complete', help: 'mark it complete (markComplete)' },
  { key: 'z', name: 'snooze', value: 'snooze', help: 'due a day later (snooze)' },
  { key: 'r', name: 'reassign', value: 'reassign', help: 'give it to another user (Esc to go back)' },
  { key: 'n', name: 'next', value: 'next', help: 'the next card' },
  { key: 'b', name: 'back', value: 'back', help: 'the previous card' },
  { key: '?', name: 'help', value: 'help', help: 'this list' },
  { key: 'q', name: 'quit', value: 'quit', help: 'stop; the summary lists every change' },
];

export async function runOutreachTriage(rt: Runtime, options: FilterFlags): Promise<number> {
  const streams = triageTerminal(rt);
  try {
    return await triage(rt, options, streams);
  } finally {
    streams.close();
  }
}

async function triage(rt: Runtime, options: FilterFlags, streams: PromptStreams): Promise<number> {
  const session = await outreachSession(rt);
  const filters = await outreachFilters(rt, session, options);
  await rt.requireWrite();
  const included = emptyIncluded();
  const queue: OutreachTask[] = [];
  for await (const batch of session.api.tasks({ ...filters, state: filters.state ?? OPEN_STATE }, { pageSize: OUTREACH_PAGE_SIZE_MAX, include: INCLUDE_FOR_PEOPLE, included })) queue.push(...batch);
  const now = Date.now();
  queue.sort(outreachQueueOrder(now, (task) => {
    const weight = included.priorities.get(String(task.taskPriorityId))?.weight;
    return typeof weight === 'number' ? weight : undefined;
  }));
  const out = rt.io.stdout;
  if (queue.length === 0) {
    out.write('Nothing to triage: no incomplete tasks match.\n');
    return 0;
  }
  await session.people.all();
  const view = outreachView(rt, session, included);
  const changes = new Map<string, string>();
  let index = 0;
  let interrupted = false;
  try {
    while (index < queue.length && !rt.interrupt.signal.aborted) {
      const task = queue[index]!;
      const p = rt.out;
      const cell = (field: string) => outreachCell(task as unknown as Task, field, view);
      const prospect = view.prospect(task.prospectId);
      const about = [prospect?.name, prospect?.title, prospect?.company].filter(Boolean).map((part) => sanitizeInline(String(part))).join(' · ');
      out.write([
        '',
        p.bold(`── ${index + 1} / ${queue.length} ── ${about || p.dim('no prospect')}`),
        `${cell('action')}  ${cell('taskPriorityId')}  ${cell('state')}  ${p.dim('owner')} ${cell('ownerId')}  ${p.dim('due')} ${cell('dueAt')}`,
        `${p.dim('id')}   ${String(task.id)}`,
        `${p.dim('note')} ${typeof task.note === 'string' && task.note ? sanitizeInline(task.note) : p.dim('—')}`,
      ].join('\n') + '\n');
      let action: Action | undefined;
      while (!action) {
        let answer;
        try {
          answer = await withKeyPrompt(streams, 'Action', KEYS);
        } catch (error) {
          if (!(error instanceof InterruptedError)) throw error;
          interrupted = true;
          break;
        }
        if ('value' in answer) action = answer.value as Action;
        else rt.io.stderr.write(p.yellow(`unknown key ${sanitizeInline(answer.unknown.length === 1 ? `'${answer.unknown}'` : `<${answer.unknown}>`)}: press ? for the keys\n`));
      }
      if (interrupted || action === 'quit') break;
      if (action === 'next') index++;
      else if (action === 'back') index = Math.max(0, index - 1);
      else if (action === 'help') out.write(KEYS.map((key) => `  ${key.key}  ${key.name.padEnd(9)}${key.help}`).join('\n') + '\n');
      else if (action === 'complete' || action === 'snooze') {
        try {
          const result = await applyOutreachVerb(session.api, String(task.id), action, undefined);
          changes.set(String(task.id), result.outcome === 'unchanged' ? 'already complete' : action === 'complete' ? 'completed' : `snoozed to ${String(result.due_at ?? '')}`);
          out.write(p.green(`✓ ${changes.get(String(task.id))}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${action} failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'reassign') {
        const to = await pickUser(session, streams, task.ownerId);
        if (to === undefined) {
          out.write(p.dim('reassign cancelled\n'));
          continue;
        }
        try {
          await applyOutreachReassign(session.api, String(task.id), to, task);
          queue[index] = { ...task, ownerId: Number(to) };
          changes.set(String(task.id), `reassigned to ${session.people.name(to)}`);
          out.write(p.green(`✓ reassigned to ${session.people.name(to)}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ reassign failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      }
    }
  } finally {
    rt.io.stderr.write(changes.size
      ? [`triage${interrupted ? ' interrupted' : ''}: ${changes.size} changed`, ...[...changes].map(([id, what]) => `  ${id}  ${what}`)].join('\n') + '\n'
      : `triage${interrupted ? ' interrupted' : ''}: nothing was changed\n`);
  }
  return interrupted ? ExitCode.interrupted : 0;
}

/** Active users to pick from; locked ones are listed but cannot be chosen. Esc or Ctrl-C: undefined. */
async function pickUser(session: OutreachSession, streams: PromptStreams, current: unknown): Promise<string | undefined> {
  const users = (await session.people.all()).filter((user) => String(user.id) !== String(current));
  const choices = users.map((user) => ({ name: session.people.name(user.id), value: String(user.id), disabled: user.locked ? 'locked' : false }));
  return cancellablePrompt(streams, (prompts, context) => prompts.search({
    message: 'Reassign to (type to filter, Esc to go back)',
    source: (term) => choices.filter((choice) => !term || choice.name.toLowerCase().includes(term.toLowerCase()) || choice.value === term.trim()),
    pageSize: 10,
  }, context));
}
