// What it means to act on one task, shared by `tasks skip|reopen|reassign`, triage and offboarding.
// An illegal-transition answer is never trusted on its own: the task is read back, and a task
// already in the target state counts as done (by us, when an earlier attempt's answer was lost).
import type { TopoApi } from './api.ts';
import { ILLEGAL_TRANSITION_STATUSES, transitions, type Scope, type Transition } from './contract.ts';
import { ApiError, ConflictError, UnprocessableError } from './http/errors.ts';
import type { ItemResult } from './bulk.ts';

/** A refusal that may mean "not allowed from this state" (409, or 400/422 with a plain detail). */
function mayBeIllegalTransition(error: unknown): error is ApiError {
  if (!(error instanceof ApiError)) return false;
  if (ILLEGAL_TRANSITION_STATUSES.includes(error.status)) return true;
  return error instanceof UnprocessableError && !error.detail.includes(':');
}

/**
 * Skips or reopens one task. `earlierAttemptUncertain`: a previous round lost its answer, so a task
 * found in the target state may be our own doing.
 */
export async function applyTransition(api: TopoApi, id: string, transition: Transition, earlierAttemptUncertain = false): Promise<ItemResult> {
  const rule = transitions[transition];
  try {
    const task = transition === 'skip' ? await api.skipTask(id) : await api.reopenTask(id);
    return { id, outcome: 'changed', status: task?.status ?? rule.to, error: null };
  } catch (error) {
    if (!mayBeIllegalTransition(error)) throw error;
    const task = await api.getTask(id);
    if (task.status === rule.to) {
      const ours = earlierAttemptUncertain || error.uncertainEarlierAttempt;
      return { id, outcome: ours ? 'changed' : 'unchanged', status: task.status, error: null, note: ours ? undefined : `already ${rule.to}` };
    }
    throw new ConflictError(error.status, `cannot ${transition} a ${task.status ?? 'task of unknown status'} task (allowed from ${rule.from.join(' or ')})`, error.method, error.path);
  }
}

/** Reassignment sets an absolute value, so repeating it is harmless. */
export async function applyReassign(api: TopoApi, id: string, assignee: string, scope: Scope): Promise<ItemResult> {
  const task = await api.reassignTask(id, assignee, scope);
  return { id, outcome: 'changed', status: task?.status ?? null, error: null, assignee_user_id: task?.assignee_user_id ?? assignee, scope };
}
