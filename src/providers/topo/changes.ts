// What it means to act on one task, shared by `tasks skip|reopen|reassign`, triage and offboarding.
// A refusal is never trusted on its own: the task is read back. Already in the target state counts
// as done (by us, when an earlier attempt's answer was lost); a state the action is not allowed
// from is an illegal transition (exit 5); a concurrent change (409 CommitIssue) while the action
// still applies is retried once; any other business rule (422) keeps the server's words (exit 1).
import type { TopoApi } from './api.ts';
import { transitions, type Scope, type Task, type Transition } from './contract.ts';
import { ApiError, ConflictError, UnprocessableError } from '../../core/errors.ts';
import { article } from '../../core/words.ts';
import type { ItemResult } from '../../core/model.ts';

/** 409 (conflict with the task's state) or 422 (a business rule): worth reading the task back. */
function isStateRefusal(error: unknown): error is ApiError {
  return error instanceof ConflictError || error instanceof UnprocessableError;
}

/**
 * Skips or reopens one task. `earlierAttemptUncertain`: a previous round lost its answer, so a task
 * found in the target state may be our own doing.
 */
export async function applyTransition(api: TopoApi, id: string, transition: Transition, earlierAttemptUncertain = false, retried = false): Promise<ItemResult> {
  const rule = transitions[transition];
  try {
    const task = transition === 'skip' ? await api.skipTask(id) : await api.reopenTask(id);
    return { id, outcome: 'changed', status: task?.status ?? rule.to, error: null };
  } catch (error) {
    if (!isStateRefusal(error)) throw error;
    const task = await api.getTask(id);
    if (task.status === rule.to) {
      const ours = earlierAttemptUncertain || error.uncertainEarlierAttempt;
      return { id, outcome: ours ? 'changed' : 'unchanged', status: task.status, error: null, note: ours ? undefined : `already ${rule.to}` };
    }
    if (!rule.from.includes(task.status ?? '')) {
      const state = task.status ?? 'unknown status';
      const why = `cannot ${transition} ${article(state)} ${state} task (allowed from ${rule.from.join(' or ')})`;
      throw new ConflictError(error.status, { ...error, message: error.type ? `${error.detail}: ${why}` : why }, error.method, error.path);
    }
    // Still allowed from where it is: a concurrent change is retried once; a business rule stands.
    if (error instanceof ConflictError && !retried) return applyTransition(api, id, transition, earlierAttemptUncertain, true);
    throw error;
  }
}

/**
 * Assigns one task (TASK) or its run's open tasks (SEQUENCE). `current`, when known, is the task as
 * last read: a task already with the target is reported unchanged and nothing is sent.
 */
export async function applyReassign(api: TopoApi, id: string, assignee: string, scope: Scope, current?: Task, retried = false): Promise<ItemResult> {
  if (scope === 'TASK' && current && current.assignee_user_id === assignee) {
    return { id, outcome: 'unchanged', status: current.status ?? null, error: null, note: 'already assigned to them', assignee_user_id: assignee, scope };
  }
  try {
    const task = await api.reassignTask(id, assignee, scope);
    return { id, outcome: 'changed', status: task?.status ?? null, error: null, assignee_user_id: task?.assignee_user_id ?? assignee, scope };
  } catch (error) {
    if (!(error instanceof ConflictError) || retried) throw error;
    // A concurrent change: read it back; already theirs is done, otherwise try once more.
    const task = await api.getTask(id);
    if (scope === 'TASK' && task.assignee_user_id === assignee) {
      return { id, outcome: error.uncertainEarlierAttempt ? 'changed' : 'unchanged', status: task.status ?? null, error: null, assignee_user_id: assignee, scope };
    }
    return applyReassign(api, id, assignee, scope, task, true);
  }
}
