// What it means to act on one Outreach task, shared by complete|snooze|reschedule, reassign,
// offboarding and triage. As on Topo, a refusal is never trusted alone: the task is read back. A
// task already in the asked-for state counts as done (by us, when an earlier attempt's answer was
// lost); a complete task cannot be snoozed, rescheduled or given away (exit 5); any other refusal
// keeps Outreach's words.
import type { OutreachApi } from './api.ts';
import type { OutreachTask, TaskAction } from './contract.ts';
import { ApiError, ConflictError, NetworkError, UnprocessableError } from '../../core/errors.ts';
import { compareTimes } from '../../core/time.ts';
import type { ItemResult } from '../../core/model.ts';

/** The verbs topo offers over Outreach's actions. */
export const OUTREACH_VERBS = {
  complete: { action: 'markComplete', past: 'completed' },
  snooze: { action: 'snooze', past: 'snoozed' },
  reschedule: { action: 'reschedule', past: 'rescheduled' },
} as const satisfies Record<string, { action: TaskAction; past: string }>;
export type OutreachVerb = keyof typeof OUTREACH_VERBS;

function refusedBecauseComplete(error: ApiError, what: string): ConflictError {
  return new ConflictError(error.status, { ...error, message: `cannot ${what} a complete task (Outreach: ${error.detail})` }, error.method, error.path);
}

function result(task: OutreachTask, outcome: ItemResult['outcome'], note?: string): ItemResult {
  return { id: String(task.id), outcome, status: task.state ?? null, error: null, due_at: task.dueAt ?? null, owner_id: task.ownerId ?? null, ...(note ? { note } : {}) };
}

export async function applyOutreachVerb(api: OutreachApi, id: string, verb: OutreachVerb, value: string | undefined, earlierAttemptUncertain = false): Promise<ItemResult> {
  if (earlierAttemptUncertain) {
    // An earlier attempt's answer was lost: read first, never send blind. A completion or a
    // reschedule already there was ours; a snooze cannot be told apart from none (it moves the due
    // time from wherever it is), so it is not sent again.
    const { task } = await api.getTask(id);
    if (verb === 'complete' && task.state === 'complete') return result(task, 'changed');
    if (verb === 'reschedule' && value !== undefined && compareTimes(task.dueAt, value) === 0) return result(task, 'changed');
    if (verb === 'snooze') {
      throw new NetworkError(`the answer to the snooze was lost: it may have been applied (due ${String(task.dueAt ?? 'none')} now); a snooze is not sent again blind`, undefined,
        `check it with \`topo tasks show ${id}\`; to set a due time whatever happened, use \`topo tasks reschedule ${id} --due <when>\``);
    }
  }
  try {
    return result(await api.act(id, OUTREACH_VERBS[verb].action, value), 'changed');
  } catch (error) {
    if (!(error instanceof UnprocessableError || error instanceof ConflictError)) throw error;
    const { task } = await api.getTask(id);
    if (task.state === 'complete') {
      if (verb === 'complete') return result(task, earlierAttemptUncertain || error.uncertainEarlierAttempt ? 'changed' : 'unchanged', earlierAttemptUncertain ? undefined : 'already complete');
      throw refusedBecauseComplete(error, verb);
    }
    throw error;
  }
}

/** reassignOwner for one task; `current`, when known, saves the call for a task already theirs. */
export async function applyOutreachReassign(api: OutreachApi, id: string, to: string, current?: OutreachTask): Promise<ItemResult> {
  if (current && String(current.ownerId) === to) return { ...result(current, 'unchanged', 'already theirs'), owner_id: current.ownerId };
  try {
    return result(await api.act(id, 'reassignOwner', to), 'changed');
  } catch (error) {
    if (!(error instanceof UnprocessableError || error instanceof ConflictError)) throw error;
    const { task } = await api.getTask(id);
    if (String(task.ownerId) === to) return result(task, error.uncertainEarlierAttempt ? 'changed' : 'unchanged', error.uncertainEarlierAttempt ? undefined : 'already theirs');
    if (task.state === 'complete') throw refusedBecauseComplete(error, 'reassign');
    throw error;
  }
}
