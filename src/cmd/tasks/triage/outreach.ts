// topo tasks triage on Outreach: the incomplete queue one card at a time, overdue first, then by
// priority (taskPriority's weight), then due time. c completes, z snoozes, r reassigns (locked users
// shown but not offered), u takes back the last snooze or reassign, n/b move, q stops; the same
// actions as `tasks complete|snooze|reassign`.
import type { OutreachTask } from '../../../providers/outreach/contract.ts';
import { OPEN_STATE, OUTREACH_PAGE_SIZE_MAX } from '../../../providers/outreach/contract.ts';
import { ExitCode, reasonOf, UsageError } from '../../../core/errors.ts';
import { cancellablePrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { outreachCell } from '../../../providers/outreach/view.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { Task } from '../../../providers/topo/contract.ts';
import { emptyIncluded, INCLUDE_FOR_PEOPLE, outreachFilters, outreachSession, outreachView, type OutreachSession } from '../shared/outreach.ts';
import { applyOutreachReassign, applyOutreachVerb } from '../../../providers/outreach/changes.ts';
import { TriageHistory, type Change, type Step } from './history.ts';
import { askAction, outreachQueueOrder, withTriageTerminal } from './queue.ts';
import { compareTimes } from '../../../core/time.ts';
import type { FilterFlags } from '../shared/filters.ts';

type Action = 'complete' | 'snooze' | 'reassign' | 'next' | 'back' | 'undo' | 'help' | 'quit';
const isOpen = (task: OutreachTask) => task.state !== 'complete';
const KEYS: Array<{ key: string; name: string; value: Action; help: string; when?: (task: OutreachTask, history: TriageHistory<OutreachTask>) => boolean }> = [
  { key: 'c', name: 'complete', value: 'complete', help: 'mark it complete (markComplete; Outreach cannot reopen it)', when: isOpen },
  { key: 'z', name: 'snooze', value: 'snooze', help: 'due a day later (snooze)', when: isOpen },
  { key: 'r', name: 'reassign', value: 'reassign', help: 'give it to another user (Esc to go back)', when: isOpen },
  { key: 'n', name: 'next', value: 'next', help: 'the next card' },
  { key: 'b', name: 'back', value: 'back', help: 'the previous card' },
  { key: 'u', name: 'undo', value: 'undo', help: 'take back the last change (a snooze or a reassign)', when: (_task, history) => history.canUndo },
  { key: '?', name: 'help', value: 'help', help: 'this list' },
  { key: 'q', name: 'quit', value: 'quit', help: 'stop; the summary lists every change' },
];

/** How a task differs after triage: what the summary says of it. */
export function describeOutreachChange(name: (id: string | null | undefined) => string) {
  return (before: OutreachTask, after: OutreachTask): Change[] => {
    const changes: Change[] = [];
    if (after.state !== before.state) changes.push(after.state === 'complete' ? ['completed', 'completed'] : [`now ${String(after.state)}`, `now ${String(after.state)}`]);
    // Compared as instants: Outreach may spell the same time back differently (…:06Z, …:06.000Z).
    if (compareTimes(after.dueAt, before.dueAt) !== 0 && after.state !== 'complete') changes.push(['snoozed', `due ${String(after.dueAt ?? 'none')}`]);
    if (String(after.ownerId) !== String(before.ownerId)) changes.push(['reassigned', `reassigned to ${name(after.ownerId == null ? null : String(after.ownerId))}`]);
    return changes;
  };
}

/** The call that puts a task back as it was before `step`; a completion cannot be taken back. */
async function undoStep(session: OutreachSession, step: Step<OutreachTask>, current: OutreachTask): Promise<OutreachTask> {
  const { before, after } = step;
  if (String(after.ownerId) !== String(before.ownerId)) {
    if (before.ownerId == null) throw new UsageError('it had no owner, and Outreach cannot take an owner away');
    await applyOutreachReassign(session.api, step.id, String(before.ownerId), current);
    return { ...current, ownerId: before.ownerId };
  }
  if (after.state === 'complete' && before.state !== 'complete') throw new UsageError('Outreach cannot reopen a complete task');
  if (compareTimes(after.dueAt, before.dueAt) !== 0) {
    if (typeof before.dueAt !== 'string') throw new UsageError('it had no due time, and Outreach cannot clear one');
    const result = await applyOutreachVerb(session.api, step.id, 'reschedule', before.dueAt);
    return { ...current, dueAt: typeof result.due_at === 'string' ? result.due_at : before.dueAt };
  }
  throw new UsageError('the last change left nothing to take back');
}

export function runOutreachTriage(rt: Runtime, options: FilterFlags): Promise<number> {
  return withTriageTerminal(rt, (streams) => triage(rt, options, streams));
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
  const history = new TriageHistory<OutreachTask>();
  const replace = (before: OutreachTask, after: OutreachTask) => {
    const at = queue.indexOf(before);
    if (at >= 0) queue[at] = after;
  };
  const record = (before: OutreachTask, after: OutreachTask) => {
    history.record(String(before.id), before, after);
    replace(before, after);
  };
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
      const action = await askAction(rt, streams, KEYS, (key) => !key.when || key.when(task, history), (key) => (key.value === 'undo' ? 'nothing to undo' : String(task.state ?? 'unknown state')));
      if (action === undefined) {
        interrupted = true;
        break;
      }
      if (action === 'quit') break;
      if (action === 'next') index++;
      else if (action === 'back') index = Math.max(0, index - 1);
      else if (action === 'help') out.write(KEYS.map((key) => `  ${key.key}  ${key.name.padEnd(9)}${key.help}`).join('\n') + '\n');
      else if (action === 'complete' || action === 'snooze') {
        try {
          const result = await applyOutreachVerb(session.api, String(task.id), action, undefined);
          record(task, { ...task, state: result.status ?? (action === 'complete' ? 'complete' : task.state), dueAt: typeof result.due_at === 'string' ? result.due_at : task.dueAt });
          out.write(p.green(`✓ ${result.outcome === 'unchanged' ? 'already complete' : action === 'complete' ? 'completed' : `snoozed to ${String(result.due_at ?? '')}`}\n`));
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
          record(task, { ...task, ownerId: Number(to) });
          out.write(p.green(`✓ reassigned to ${session.people.name(to)}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ reassign failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'undo') {
        const last = history.last!;
        const current = queue.find((candidate) => String(candidate.id) === last.id) ?? last.after;
        try {
          const restored = await undoStep(session, last, current);
          history.undone(current, restored);
          replace(current, restored);
          index = Math.max(0, queue.indexOf(restored));
          out.write(p.green(`✓ undone: ${last.id}\n`));
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ cannot undo: ${sanitizeInline(reasonOf(error))}\n`));
        }
      }
    }
  } finally {
    rt.io.stderr.write(history.summary(describeOutreachChange((id) => session.people.name(id)), ['completed', 'snoozed', 'reassigned'], interrupted));
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
