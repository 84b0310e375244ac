// The verifying pass of a rebalance or a cover: each planned task that is still open with the rep it
// was to leave gets one more try, task by task, to the same target (never to someone else: that
// would change the balance that was previewed); what is still there after is reported failed.
import { mapLimit } from '../../../../core/map-limit.ts';
import { plural } from '../../../../core/words.ts';
import type { Runtime } from '../../../../cmdutil/runtime.ts';
import type { Workforce } from '../../../../providers/types.ts';
import type { ItemResult } from '../bulk.ts';
import { executePlan, type ExecuteOptions } from './execute.ts';
import type { PlanEntry } from './plan.ts';

/**
 * `loadsBefore`: each rep's open tasks when the plan was read. Where every rep who gave holds just
 * what that and the confirmed moves say, two counts stand in for listing their tasks again.
 */
export async function verifyMoves(rt: Runtime, work: Workforce, entries: PlanEntry[], filters: { types?: string[]; priorities?: string[] }, results: ItemResult[], run: Omit<ExecuteOptions, 'progress'>,
  loadsBefore?: Map<string, number>): Promise<ItemResult[]> {
  const froms = [...new Set(entries.map((entry) => entry.from!))];
  if (loadsBefore && results.every((result) => result.outcome === 'changed')) {
    const expected = new Map(froms.map((from) => [from, loadsBefore.get(from)]));
    const moved = new Map(entries.flatMap((entry) => entry.task_ids.map((id) => [id, entry] as const)));
    for (const result of results) {
      const entry = moved.get(result.id);
      if (!entry) continue;
      if (expected.has(entry.from!)) expected.set(entry.from!, expected.get(entry.from!)! - 1);
      if (expected.has(entry.to)) expected.set(entry.to, expected.get(entry.to)! + 1);
    }
    const now = await work.loads(froms);
    if (froms.every((from) => expected.get(from) !== undefined && now.get(from) === expected.get(from))) return results;
  }
  const holding = async () => {
    const lists = await mapLimit(froms, 4, (from) => work.openTasksOf(from, filters));
    return new Map(froms.map((from, index) => [from, new Set(lists[index]!.map((task) => task.id))]));
  };
  const stillThere = (held: Map<string, Set<string>>) => entries.map((entry) => ({ ...entry, scope: 'TASK' as const, task_ids: entry.task_ids.filter((id) => held.get(entry.from!)!.has(id)) }))
    .filter((entry) => entry.task_ids.length > 0 && !run.refused?.has(entry.to));
  const left = stillThere(await holding());
  if (left.length === 0) return results;
  const count = left.reduce((sum, entry) => sum + entry.task_ids.length, 0);
  rt.io.stderr.write(`${plural(count, 'task')} still with the rep ${count === 1 ? 'it was' : 'they were'} to leave: one more pass\n`);
  const retried = await executePlan(work, undefined, left, run);
  const byId = new Map(retried.map((result) => [result.id, result]));
  const merged = results.map((result) => byId.get(result.id) ?? result);
  const index = new Map(merged.map((result, at) => [result.id, at]));
  for (const entry of stillThere(await holding())) {
    for (const id of entry.task_ids) {
      const at = index.get(id);
      // A failure keeps the server's words, and an unsent change its reason.
      if (at === undefined || merged[at]!.outcome === 'failed' || merged[at]!.outcome === 'not-attempted') continue;
      merged[at] = { ...merged[at]!, outcome: 'failed', error: `still with ${work.name(entry.from)} after a retry`, code: 1 };
    }
  }
  return merged;
}
