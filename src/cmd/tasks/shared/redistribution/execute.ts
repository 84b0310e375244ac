// Carrying out a plan with the bulk runner over the provider's workforce, journaling ahead of each
// call and again once it is confirmed; re-checking a saved plan against the API so stale entries
// are reported instead of forced.
import { mapLimit } from '../../../../core/map-limit.ts';
import type { NormalTask, Workforce } from '../../../../providers/types.ts';
import type { Progress } from '../../../../render/progress.ts';
import type { Runtime } from '../../../../cmdutil/runtime.ts';
import { runBulk, type ItemResult } from '../bulk.ts';
import { ApiError, reasonOf, RunStoppedError } from '../../../../core/errors.ts';
import type { Journal, JournalRecord, Workspace } from './journal.ts';
import type { PlanEntry } from './plan.ts';

interface Step {
  id: string;
  entry: PlanEntry;
  scope: 'TASK' | 'SEQUENCE';
  /** Tasks this call moves. */
  tasks: string[];
}

export function stepsOf(entries: PlanEntry[]): Step[] {
  return entries.flatMap((entry): Step[] => entry.scope === 'SEQUENCE'
    ? [{ id: entry.task_ids[0]!, entry, scope: 'SEQUENCE', tasks: entry.task_ids }]
    : entry.task_ids.map((id) => ({ id, entry, scope: 'TASK' as const, tasks: [id] })));
}

export interface ExecuteOptions {
  journal: Journal;
  /** Which tasks these are (recorded on every line), and the provider's name for a group (`sequence_id`, `prospect_id`). */
  workspace: Workspace;
  field: string;
  concurrency: number;
  signal: AbortSignal;
  quit?: AbortSignal;
  progress?: Progress;
  /** Filled with the targets that refused their first move (not a member, not found): nothing more went to them. */
  refused?: Set<string>;
  /** Extra fields on every journal line (a cover's id). */
  mark?: Record<string, unknown>;
}

/** A refusal of the move itself, not of one task: the target is not someone the API lets have work. */
const TARGET_REFUSALS = new Set([400, 404, 422]);

export async function executePlan(work: Workforce, from: string | undefined, entries: PlanEntry[], options: ExecuteOptions): Promise<ItemResult[]> {
  const steps = stepsOf(entries);
  const results = await runBulk(steps, async (step) => {
    const records = (mark: 'intent' | 'done' | 'refused'): JournalRecord[] => step.tasks.map((task) => ({
      task_id: task, [options.field]: step.entry.group, ...options.workspace, ...options.mark, from: step.entry.from ?? from ?? null, to: step.entry.to, scope: step.scope, at: new Date().toISOString(),
      ...(mark === 'intent' ? { intent: true as const } : mark === 'refused' ? { refused: true as const } : {}),
    }));
    // A journal that cannot be written (a full disk) stops the run: no change goes out unrecorded,
    // and one that went through is reported as what it was.
    const cannotWrite = (error: unknown) => `the journal ${options.journal.file} cannot be written (${reasonOf(error)})`;
    try {
      options.journal.append(records('intent'));
    } catch (error) {
      throw new RunStoppedError(cannotWrite(error));
    }
    let result: ItemResult;
    try {
      result = await work.move(step.id, step.entry.to, step.scope);
    } catch (error) {
      // The server said no and changed nothing: the intent is cancelled, so a re-run does not keep
      // the group for a target who cannot have it. (A write error here changes nothing: the intent stays.)
      if (error instanceof ApiError && TARGET_REFUSALS.has(error.status)) {
        try {
          options.journal.append(records('refused'));
        } catch {
          // The failure is reported either way; undo reads the task before acting on an intent.
        }
      }
      throw error;
    }
    try {
      options.journal.append(records('done'));
    } catch (error) {
      throw new RunStoppedError(cannotWrite(error), { ...result, note: 'moved, but its confirmation is not in the journal (its intent is: --undo still sees it)' });
    }
    return result;
  }, {
    ...options,
    // Each target's first move goes before the rest: one that is refused (not a member of the
    // workspace) costs one call, not one per task, and its words are kept for every task not sent.
    canary: {
      key: (step) => (step as Step).entry.to,
      refuses: (result) => result.outcome === 'failed' && TARGET_REFUSALS.has(Number(result.http_status)),
      note: (to, result) => {
        options.refused?.add(to);
        return `not sent: the first move to ${work.name(to)} was refused: ${result.error}`;
      },
    },
  });
  // One result per task: a SEQUENCE call's outcome stands for every task it moved.
  return steps.flatMap((step, index) => step.tasks.map((task) => ({ ...results[index]!, id: task, [options.field]: step.entry.group, ...(step.entry.from ? { from: step.entry.from } : {}), to: step.entry.to, scope: step.scope })));
}

/**
 * Re-checks a saved plan against the rep's open tasks now. A task no longer theirs or no longer
 * open is stale: it is read once to say why (closed, or whose it is now, by name). A group stays
 * SEQUENCE only if one call can still move it whole.
 */
export async function recheckPlan(work: Workforce, entries: PlanEntry[], from: string, current: NormalTask[], field: string, concurrency: number): Promise<{ entries: PlanEntry[]; stale: ItemResult[] }> {
  const still = new Set(current.map((task) => task.id));
  const gone = entries.flatMap((entry) => entry.task_ids.filter((id) => !still.has(id)).map((id) => ({ id, entry })));
  const stale = await mapLimit(gone, concurrency, async ({ id, entry }): Promise<ItemResult> => {
    const base = { id, outcome: 'unchanged' as const, error: null, [field]: entry.group };
    let task: NormalTask;
    try {
      task = await work.read(id);
    } catch {
      return { ...base, status: null, note: 'stale: no longer open (it cannot be read)' };
    }
    const note = !task.open ? `stale: no longer open (${task.status ?? 'closed'})`
      : task.owner === entry.to ? 'stale: already with the planned assignee'
        : task.owner !== from ? `stale: now assigned to ${work.name(task.owner)}` : 'stale: no longer selected';
    return { ...base, status: task.status, note };
  });
  const kept = entries.map((entry) => ({ ...entry, task_ids: entry.task_ids.filter((id) => still.has(id)) })).filter((entry) => entry.task_ids.length > 0);
  const candidates = current.filter((task) => kept.some((entry) => entry.scope === 'SEQUENCE' && entry.task_ids.includes(task.id)));
  const whole = candidates.length ? await work.wholeGroups(candidates) : new Set<string>();
  return { entries: kept.map((entry) => ({ ...entry, scope: entry.scope === 'SEQUENCE' && entry.group !== null && whole.has(entry.group) ? 'SEQUENCE' : 'TASK' })), stale };
}

/** The journaled tasks as they are now, read like a bulk run; a task that cannot be read is reported failed, not undone. */
export async function readCurrent<T>(rt: Runtime, ids: string[], read: (id: string) => Promise<T>, concurrency: number): Promise<{ current: Map<string, T>; failed: ItemResult[] }> {
  const current = new Map<string, T>();
  const reads = await runBulk(ids.map((id) => ({ id })), async ({ id }) => {
    current.set(id, await read(id));
    return { id, outcome: 'unchanged', status: null };
  }, { concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal });
  return { current, failed: reads.filter((result) => result.outcome === 'failed') };
}
