// An export in an order the server cannot be paged in exactly, or concurrently: read in the order it
// can (Topo: creation time by key; Outreach: id ranges at once, both exact while others work), held
// (on disk past 2,000) and printed sorted, as read, in the order asked for. Topo's update times change
// under an export and have no filter to page by, so offset pages sorted by them lose a task whenever
// another leaves the filter ahead of it; Outreach's cursor in another order is one page after
// another. Nothing is printed before the read ends; each item's place in the order (a time and its
// id) is kept in memory until then.
import { KeyedSpool } from '../core/page-spool.ts';

/** An item's place in the order: small enough to keep for every item of an export. */
export interface OrderKey {
  at: number;
  id: string;
}

/** By time (where the key function puts a missing one), then id as the server compares ids; reversed when descending. */
export function compareOrderKeys(descending: boolean, compareIds: (a: string, b: string) => number): (a: OrderKey, b: OrderKey) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => sign * ((a.at === b.at ? 0 : a.at < b.at ? -1 : 1) || compareIds(a.id, b.id));
}

export async function* sortedLocally<T>(pages: AsyncIterable<T[]>, keyOf: (item: T) => OrderKey, compare: (a: OrderKey, b: OrderKey) => number, size: number): AsyncGenerator<T[]> {
  const held = new KeyedSpool<T>();
  const keys = new Map<string, OrderKey>();
  try {
    for await (const page of pages) {
      for (const item of page) {
        const key = keyOf(item);
        keys.set(key.id, key);
        held.put(key.id, item);
      }
    }
    const order = [...keys.values()].sort(compare);
    keys.clear();
    for (let start = 0; start < order.length; start += size) yield order.slice(start, start + size).map((key) => held.get(key.id)!);
  } finally {
    held.remove();
  }
}
