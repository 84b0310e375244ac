// The order of the triage queue, pure.
import { PRIORITIES, type Task } from '../../../core/contract.ts';
import { compareIds, compareTimes } from '../../../core/time.ts';

/** HOT → TODAY → EXTRA (unknown priorities last), then oldest first. */
export function queueOrder(a: Task, b: Task): number {
  const rank = (task: Task) => {
    const index = (PRIORITIES as readonly string[]).indexOf(task.priority ?? '');
    return index === -1 ? PRIORITIES.length : index;
  };
  return rank(a) - rank(b) || compareTimes(a.created_at, b.created_at) || compareIds(a.id, b.id);
}
