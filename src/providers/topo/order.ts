// The order of a Topo listing: its sort field (creation or update time), then id, ascending or
// descending, as the API sorts. One place for it: merging two listings (the open statuses) and
// sorting an export by update time locally (sorted-locally.ts) must agree with the server.
import { compareIds, timeKey } from '../../core/time.ts';
import { compareOrderKeys, type OrderKey } from '../sorted-locally.ts';
import type { Task } from './contract.ts';

export interface ListingSort {
  sortBy?: string;
  sortOrder?: string;
}

export function orderKey(task: Task, sort: ListingSort): OrderKey {
  return { at: timeKey(sort.sortBy === 'updated_at' ? task.updated_at : task.created_at), id: String(task.id ?? '') };
}

export function compareKeys(sort: ListingSort): (a: OrderKey, b: OrderKey) => number {
  return compareOrderKeys(sort.sortOrder === 'desc', compareIds);
}

export function listingOrder(sort: ListingSort): (a: Task, b: Task) => number {
  const compare = compareKeys(sort);
  return (a, b) => compare(orderKey(a, sort), orderKey(b, sort));
}
