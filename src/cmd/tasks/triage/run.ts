// topo tasks triage: walk the queue one card at a time, on any provider, most urgent first (the
// provider's order); act with a key, read the thread where there is one, move on, take back. The
// keys offered are the changes the provider has (capability data) and the card allows; actions go
// through the same provider calls as `tasks skip|reopen|complete|snooze` and `tasks reassign`.
import { ExitCode, reasonOf, UsageError } from '../../../core/errors.ts';
import { cancellablePrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ChangeVerb, NormalTask, StateChange, TaskProvider } from '../../../providers/types.ts';
import { compareTimes } from '../../../core/time.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import { OPEN, refuseOtherProviderFlags, type FilterFlags } from '../shared/filters.ts';
import { describeChange, TriageHistory, type Step } from './history.ts';
import { askAction, withTriageTerminal } from './queue.ts';

export type TriageOptions = FilterFlags;

const PREFETCH = 3;

type Action = StateChange | 'reassign' | 'thread' | 'next' | 'back' | 'undo' | 'help' | 'quit';
interface Key {
  key: string;
  name: string;
  value: Action;
  help: string;
}

/** The changes triage offers, one key each, where the provider has them; reschedule needs a time, so it is not a key. */
const CHANGE_KEYS: Array<Key & { value: StateChange }> = [
  { key: 's', name: 'skip', value: 'skip', help: 'mark this open task skipped' },
  { key: 'o', name: 'reopen', value: 'reopen', help: 'return this closed task to open' },
  { key: 'c', name: 'complete', value: 'complete', help: 'mark it complete' },
  { key: 'z', name: 'snooze', value: 'snooze', help: 'due a day later (snooze)' },
];
const MOVES: Key[] = [
  { key: 'r', name: 'reassign', value: 'reassign', help: 'give it to another user (Esc to go back)' },
  { key: 't', name: 'thread', value: 'thread', help: 'read the whole conversation' },
  { key: 'n', name: 'next', value: 'next', help: 'the next card' },
  { key: 'b', name: 'back', value: 'back', help: 'the previous card' },
  { key: 'u', name: 'undo', value: 'undo', help: 'take back the last change' },
  { key: '?', name: 'help', value: 'help', help: 'this list' },
  { key: 'q', name: 'quit', value: 'quit', help: 'stop; the summary lists every change' },
];

/** Two readings of a task agree on what a card shows and a change touches (times compared as instants). */
function same(a: NormalTask, b: NormalTask): boolean {
  return a.status === b.status && a.owner === b.owner && compareTimes(a.due ?? null, b.due ?? null) === 0;
}

const PAST: Record<StateChange, string> = { skip: 'skipped', reopen: 'reopened', complete: 'completed', snooze: 'snoozed', reschedule: 'rescheduled' };

export function runTriage(rt: Runtime, options: TriageOptions): Promise<number> {
  return withTriageTerminal(rt, (streams) => triage(rt, options, streams));
}

async function triage(rt: Runtime, options: TriageOptions, streams: PromptStreams): Promise<number> {
  refuseOtherProviderFlags(rt, options);
  const provider = await rt.tasks();
  const query = await provider.query(options);
  await rt.requireWrite();
  const queue = await provider.queue(query);
  const out = rt.io.stdout;
  if (queue.length === 0) {
    out.write(`Nothing to triage: no ${rt.spec.groups.openWord} tasks match.\n`);
    return 0;
  }
  const { lacks } = rt.spec.capabilities;
  const keys: Key[] = [
    ...CHANGE_KEYS.filter((key) => !lacks[`tasks ${key.value}`]),
    ...MOVES.filter((key) => key.value !== 'thread' || !lacks['tasks thread']),
  ];
  const changes = new Set<Action>(CHANGE_KEYS.map((key) => key.value));
  const history = new TriageHistory<NormalTask>();
  const name = (id: string | null | undefined) => provider.name(id);
  const width = Math.max(40, (out.columns ?? 100) - 2);
  let index = 0;
  let interrupted = false;
  const replace = (before: NormalTask, after: NormalTask) => {
    const at = queue.indexOf(before);
    if (at >= 0) queue[at] = after;
  };
  const record = (before: NormalTask, after: NormalTask, verb: ChangeVerb, scope?: 'TASK' | 'SEQUENCE') => {
    history.record(before.id, before, after, verb, scope);
    replace(before, after);
  };
  /** The card is read again before acting: when it no longer shows the task as it is, it is shown anew and nothing is sent. */
  const stale = async (task: NormalTask): Promise<boolean> => {
    const fresh = await provider.read(task.id);
    if (same(fresh, task)) return false;
    replace(task, { ...fresh, hot: task.hot, priority: fresh.priority ?? task.priority });
    rt.io.stderr.write(rt.err.yellow(`the card was stale: the task is ${fresh.status} now, with ${name(fresh.owner)}; nothing was sent\n`));
    return true;
  };
  const offered = (task: NormalTask) => (key: Key) =>
    key.value === 'undo' ? history.canUndo : changes.has(key.value) || key.value === 'reassign' ? provider.allows(task, key.value as ChangeVerb) : true;
  try {
    while (index < queue.length && !rt.interrupt.signal.aborted) {
      const task = queue[index]!;
      provider.prefetch(queue.slice(index + 1, index + 1 + PREFETCH));
      const p = rt.out;
      const card = await provider.card(task, { palette: p, width });
      out.write(['', p.bold(`── ${index + 1} / ${queue.length} ── ${card.about ?? p.dim('unknown')}`), ...card.lines].join('\n') + '\n');
      const action = await askAction(rt, streams, keys, offered(task), (key) => `${task.status ?? 'unknown status'}${key.value === 'undo' ? ', nothing to undo' : ''}`);
      if (action === undefined) {
        interrupted = true;
        break;
      }
      if (action === 'quit') break;
      // The ends of the queue say so: `n` on the last card does not end the session, `b` on the first is not silent.
      if (action === 'next' && index === queue.length - 1) rt.io.stderr.write(rt.err.dim('this is the last card: q ends the session\n'));
      else if (action === 'back' && index === 0) rt.io.stderr.write(rt.err.dim('this is the first card\n'));
      else if (action === 'next') index++;
      else if (action === 'back') index = Math.max(0, index - 1);
      else if (action === 'help') out.write(keys.map((key) => `  ${key.key}  ${key.name.padEnd(9)}${key.help}`).join('\n') + '\n');
      else if (action === 'thread') {
        try {
          out.write((await provider.thread(task, { palette: p, width, about: card.about })).join('\n') + '\n');
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'reassign') {
        const to = await pickUser(rt, provider, streams, task.owner);
        if (to === undefined) {
          out.write(p.dim('reassign cancelled\n'));
          continue;
        }
        try {
          if (await stale(task)) continue;
          const scope = await pickScope(rt, provider, streams, task);
          if (scope === undefined) {
            out.write(p.dim('reassign cancelled\n'));
            continue;
          }
          const result = await provider.move(task.id, to, scope, task);
          const after = provider.afterChange(task, 'reassign', result, to);
          // Only what this session changed is recorded: it is what `u` may take back.
          if (result.outcome === 'changed') record(task, after, 'reassign', scope);
          else replace(task, after);
          const what = scope === 'SEQUENCE' ? `the whole ${rt.spec.groups.noun} ` : '';
          out.write(p.green(`✓ ${result.outcome === 'changed' ? `${what}reassigned` : 'already'} to ${name(to)}\n`));
          index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ reassign failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else if (action === 'undo') {
        const last = history.last!;
        try {
          // Undo takes back only this session's change: the task is read again, and one changed
          // since (by a colleague) is left as it is.
          const current = await provider.read(last.id);
          if (!same(current, last.after)) {
            replace(queue.find((candidate) => candidate.id === last.id) ?? last.after, current);
            throw new UsageError(`it changed since (now ${current.status}, ${name(current.owner)}): someone else's change is not taken back`);
          }
          const restored = await undoStep(rt, provider, last, current);
          history.undone(current, restored);
          replace(queue.find((candidate) => candidate.id === last.id) ?? last.after, restored);
          index = Math.max(0, queue.indexOf(restored));
          out.write(p.green(`✓ undone: ${last.id}\n`));
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ cannot undo: ${sanitizeInline(reasonOf(error))}\n`));
        }
      } else {
        try {
          if (await stale(task)) continue;
          const result = await provider.applyChange(task.id, action, undefined, false);
          const after = provider.afterChange(task, action, result);
          if (result.outcome === 'changed') record(task, after, action);
          else replace(task, after);
          out.write(p.green(`✓ ${result.outcome === 'unchanged' ? `already ${after.status}` : `${PAST[action]}${action === 'snooze' && after.due ? ` to ${after.due}` : ''}`}\n`));
          // A reopened task stays on screen; anything else is done with for now.
          if (action !== 'reopen') index++;
        } catch (error) {
          rt.io.stderr.write(p.red(`✗ ${action} failed: ${sanitizeInline(reasonOf(error))}\n`));
        }
      }
    }
  } finally {
    const kinds = [...new Set([...Object.values(rt.spec.capabilities.pastTense), 'snoozed', 'reassigned'])];
    rt.io.stderr.write(history.summary(describeChange(rt.spec.capabilities.pastTense, name), kinds, interrupted));
  }
  return interrupted ? ExitCode.interrupted : 0;
}

/** The change that puts a task back as it was before the last one (capability data says which, if any). */
async function undoStep(rt: Runtime, provider: TaskProvider, step: Step<NormalTask>, current: NormalTask): Promise<NormalTask> {
  const { before, verb } = step;
  if (verb === 'reassign') {
    if (before.owner === null) throw new UsageError(`it had no owner, and ${rt.spec.title} cannot take an owner away`);
    const result = await provider.move(step.id, before.owner, step.scope ?? 'TASK', current);
    return provider.afterChange(current, 'reassign', result, before.owner);
  }
  const inverse = verb ? rt.spec.capabilities.inverse[verb as StateChange] : undefined;
  if (!verb || inverse === undefined) throw new UsageError('the last change left nothing to take back');
  if (inverse === null) throw new UsageError(`${rt.spec.title} cannot reopen a ${step.after.status} task`);
  const value = inverse === 'reschedule' ? before.due ?? undefined : undefined;
  if (inverse === 'reschedule' && value === undefined) throw new UsageError(`it had no due time, and ${rt.spec.title} cannot clear one`);
  const result = await provider.applyChange(step.id, inverse, value, false);
  return { ...provider.afterChange(current, inverse, result, value), owner: current.owner };
}

/**
 * This task, or its whole group in one call where the provider moves groups: offered when every open
 * task of the group is this task's owner's, so that `u` puts back exactly what moved. Esc: undefined.
 */
async function pickScope(rt: Runtime, provider: TaskProvider, streams: PromptStreams, task: NormalTask): Promise<'TASK' | 'SEQUENCE' | undefined> {
  if (!rt.spec.capabilities.groupMove || !task.group) return 'TASK';
  const listing = provider.list(await provider.query({ sequence: task.group, status: OPEN }), { page: 1, all: true, people: false, withContact: false, progress: false, palette: rt.out });
  const owners: unknown[] = [];
  for await (const batch of listing.batches) owners.push(...batch.map((one) => one[rt.spec.assigneeField] ?? null));
  if (owners.length < 2 || owners.some((owner) => owner !== task.owner)) return 'TASK';
  const noun = rt.spec.groups.noun;
  return cancellablePrompt(streams, (prompts, context) => prompts.select<'TASK' | 'SEQUENCE'>({
    message: 'Move what? (Esc to go back)',
    choices: [{ name: 'this task', value: 'TASK' }, { name: `the whole ${noun}: its ${owners.length} open tasks, all with ${provider.name(task.owner)}`, value: 'SEQUENCE' }],
  }, context));
}

/** A searchable list of the people work can go to; an id typed in is offered too. Esc or Ctrl-C: undefined. */
async function pickUser(rt: Runtime, provider: TaskProvider, streams: PromptStreams, current: string | null): Promise<string | undefined> {
  const people = await provider.people();
  const choices = people.filter((person) => person.id !== current)
    .map((person) => ({ name: `${provider.name(person.id)} (${person.open} ${rt.spec.groups.openWord})`, value: person.id, disabled: person.cannotTake ?? false }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return cancellablePrompt(streams, (prompts, context) => prompts.search({
    message: 'Reassign to (type to filter, Esc to go back)',
    source: (term) => {
      const typed = term?.trim() ?? '';
      const matches = choices.filter((choice) => !typed || choice.name.toLowerCase().includes(typed.toLowerCase()) || choice.value === typed.toLowerCase());
      return rt.spec.userIds(typed.toLowerCase()) && !matches.some((choice) => choice.value === typed.toLowerCase())
        ? [{ name: `${typed.toLowerCase()} (typed)`, value: typed.toLowerCase(), disabled: false as const }, ...matches]
        : matches;
    },
    pageSize: 10,
  }, context));
}
