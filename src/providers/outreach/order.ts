// The order of an Outreach listing sorted by a time (`sort=dueAt`, `createdAt`, `updatedAt`; a
// leading '-' descends): the time, then id, as the API's cursor pages it. A task without the time
// (no due time) comes before every other in ascending order, as in the sandbox: an ASSUMPTION, the
// reference does not say where nulls sort.
import { instant } from '../../core/time.ts';
import { compareOrderKeys, type OrderKey } from '../sorted-locally.ts';
import type { OutreachTask } from './contract.ts';
import { SORT_VALUES } from './contract.ts';

const TIME_FIELDS: readonly string[] = Object.values(SORT_VALUES);

/** How to sort tasks locally in the order `sort` names; undefined for id order (read in that order). */
export function outreachTimeOrder(sort: string | undefined): { keyOf(task: OutreachTask): OrderKey; compare(a: OrderKey, b: OrderKey): number } | undefined {
  const field = sort?.replace(/^-/, '');
  if (!field || !TIME_FIELDS.includes(field)) return undefined;
  return {
    keyOf: (task) => {
      const at = instant(task[field as keyof OutreachTask]);
      return { at: Number.isNaN(at) ? -Infinity : at, id: String(task.id) };
    },
    compare: compareOrderKeys(sort!.startsWith('-'), (a, b) => Number(a) - Number(b)),
  };
}
