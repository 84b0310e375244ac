// A task's age, as leads read it (`stats --by age`, `tasks sla`): time since creation on Topo; on
// Outreach, time past its due time where it has one (how overdue), else since creation. The
// provider says which (capabilities.ageBasis); buckets and percentiles are the same everywhere.
import type { NormalTask } from '../../../providers/types.ts';
import { instant } from '../../../core/time.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The buckets, youngest first, each up to (not including) its bound. */
const AGE_BUCKETS: ReadonlyArray<{ key: string; below: number }> = [
  { key: '< 1h', below: HOUR },
  { key: '1-4h', below: 4 * HOUR },
  { key: '4-24h', below: DAY },
  { key: '1-3d', below: 3 * DAY },
  { key: '3-7d', below: 7 * DAY },
  { key: '> 7d', below: Infinity },
];
/** An Outreach task due later than now: not overdue at all. */
export const NOT_DUE = 'not due yet';
/** A task the API gave no time for. */
export const NO_TIME = 'unknown';

export const AGE_ORDER = [NOT_DUE, ...AGE_BUCKETS.map((bucket) => bucket.key), NO_TIME];

/** Age in ms; null when the task is not due yet (overdue basis) or carries no time. */
export function ageOf(task: NormalTask, basis: 'created' | 'overdue', now: number): number | null {
  const due = basis === 'overdue' && task.due ? instant(task.due) : NaN;
  if (!Number.isNaN(due)) return due > now ? null : now - due;
  const created = task.created ? instant(task.created) : NaN;
  return Number.isNaN(created) ? null : Math.max(0, now - created);
}

export function bucketOf(task: NormalTask, basis: 'created' | 'overdue', now: number): string {
  const age = ageOf(task, basis, now);
  if (age === null) return basis === 'overdue' && task.due && !Number.isNaN(instant(task.due)) ? NOT_DUE : NO_TIME;
  return AGE_BUCKETS.find((bucket) => age < bucket.below)!.key;
}

/** The p-th percentile (nearest rank) of ages in ms; null for none. */
export function percentile(ages: number[], p: number): number | null {
  if (ages.length === 0) return null;
  const sorted = [...ages].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** How the age is measured, for headings and --json. */
export function ageWords(basis: 'created' | 'overdue'): { heading: string; basis: string } {
  return basis === 'created' ? { heading: 'AGE (since created)', basis: 'since creation' } : { heading: 'OVERDUE (past due, else since created)', basis: 'past the due time, else since creation' };
}

/** 4h, 2d 3h, 45m: an age as people read it. */
export function humanAge(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < HOUR) return `${Math.floor(ms / 60_000)}m`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)}h${Math.floor((ms % HOUR) / 60_000) ? ` ${Math.floor((ms % HOUR) / 60_000)}m` : ''}`;
  return `${Math.floor(ms / DAY)}d${Math.floor((ms % DAY) / HOUR) ? ` ${Math.floor((ms % DAY) / HOUR)}h` : ''}`;
}
