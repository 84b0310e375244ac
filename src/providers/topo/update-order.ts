// A Topo export by update time, exactly. Update times change while an export runs and the API has
// no filter on them to page by, so offset pages sorted by them lose a task whenever another leaves
// the filter ahead of it between two reads. Instead every task is read in creation order, by key
// (keyset.ts: every task that matches throughout, once, whatever others do), held (on disk past
// 2,000) and printed sorted by update time as read. Nothing is printed before the read ends.
import { KeyedSpool } from '../../core/page-spool.ts';
import type { Task } from './contract.ts';
import { compareKeys, orderKey, type ListingSort, type OrderKey } from './order.ts';

export async function* sortedLocally(pages: AsyncIterable<Task[]>, sort: ListingSort, size: number): AsyncGenerator<Task[]> {
  const held = new KeyedSpool<Task>();
  const keys = new Map<string, OrderKey>();
  try {
    for await (const page of pages) {
      for (const task of page) {
        const key = orderKey(task, sort);
        keys.set(key.id, key);
        held.put(key.id, task);
      }
    }
    const order = [...keys.values()].sort(compareKeys(sort));
    keys.clear();
    for (let start = 0; start < order.length; start += size) yield order.slice(start, start + size).map((key) => held.get(key.id)!);
  } finally {
    held.remove();
  }
}
