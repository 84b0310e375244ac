// tasks stats by age: the tasks are read (the provider's queue of what the filters name) and each
// counted in its age bucket, with its other dimension as the provider's task carries it; the ages
// of each group give its p50 and p90.
import type { Counted, Dimension, NormalTask, StatsCell, TaskProvider, TaskQuery } from '../../../providers/types.ts';
import { AGE_ORDER, ageOf, ageWords, bucketOf, NO_TIME, NOT_DUE, percentile } from '../shared/age.ts';

/** Each cell's ages in ms (tasks with none, such as not due yet, are left out). */
export type AgesByCell = Map<string, number[]>;

export const cellKey = (key: string | null, then: string | null | undefined) => JSON.stringify([key, then ?? null]);

export function percentilesOf(ages: number[]): { p50_age_seconds: number | null; p90_age_seconds: number | null } {
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  return { p50_age_seconds: seconds(percentile(ages, 50)), p90_age_seconds: seconds(percentile(ages, 90)) };
}

function keyOf(task: NormalTask, dim: Dimension, basis: 'created' | 'overdue', now: number): string | null {
  switch (dim) {
    case 'age': return bucketOf(task, basis, now);
    case 'assignee': return task.owner;
    case 'type': return task.type ?? null;
    case 'priority': return task.priority ?? null;
    case 'status': return task.status;
    default: return null;
  }
}

export async function countByAge(provider: TaskProvider, query: TaskQuery, by: Dimension, then: Dimension | undefined, basis: 'created' | 'overdue', now = Date.now()): Promise<{ counted: Counted; ages: AgesByCell }> {
  const tasks = await provider.queue(query);
  const cells = new Map<string, StatsCell>();
  const ages: AgesByCell = new Map();
  for (const task of tasks) {
    const key = keyOf(task, by, basis, now);
    const thenKey = then ? keyOf(task, then, basis, now) : undefined;
    const id = cellKey(key, thenKey);
    const cell = cells.get(id) ?? { key, ...(then ? { then_key: thenKey ?? null } : {}), count: 0 };
    cell.count++;
    cells.set(id, cell);
    const age = ageOf(task, basis, now);
    if (age === null) continue;
    const list = ages.get(id);
    if (list) list.push(age);
    else ages.set(id, [age]);
  }
  const named = [by, then].includes('assignee') ? ['assignee' as const] : [];
  return {
    counted: {
      result: { by, then: then ?? null, source: { method: 'full-listing', detail: `every task read, aged ${ageWords(basis).basis}` }, cells: [...cells.values()], total: tasks.length },
      nameOf: (dim, key) => (dim === 'assignee' ? provider.name(key) : undefined),
      named,
      // Every bucket is shown, an empty one as 0: where nothing is old is worth seeing too.
      known: { age: AGE_ORDER.filter((key) => key !== NO_TIME && (basis === 'overdue' || key !== NOT_DUE)) },
    },
    ages,
  };
}
