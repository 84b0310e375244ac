// Pagination as an async iterator: the first page tells how many there are; the rest are fetched
// `concurrency` at a time and yielded in order, each item once.
import { ServerFaultError } from '../core/errors.ts';

/** UUID-shaped ids are kept as 16 bytes instead of 36 characters (any provider's). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Page<T> {
  items: T[];
  total_count: number;
  total_pages: number;
  has_more: boolean;
}

/** Told about listings as they go, so a long read can show progress (render/progress.ts draws it). */
export interface ListingProgress {
  /** A listing started. */
  begin(): void;
  /** It will yield this many items. */
  expect(total: number): void;
  /** This many more arrived. */
  advance(count: number): void;
  /** It ended (done, failed or stopped). */
  end(): void;
}

export interface PaginateOptions {
  pageSize: number;
  /** Stop after this many items (undefined: all). */
  limit?: number;
  /** Pages fetched at once after the first. */
  concurrency: number;
  /** Called once with the first page's total, before any item is yielded. */
  onTotal?: (total: number) => void;
  /** Called after each page with the items yielded so far (progress). */
  onProgress?: (done: number, total: number) => void;
  /** A line for stderr: what the listing could not promise (the server did not answer as asked). */
  note?: (line: string) => void;
}

/**
 * The key an id is remembered by for de-duplication: a UUID as its 16 bytes in a fresh string, so
 * that 100,000 remembered ids cost ~3 MB and do not pin the page bodies they were parsed from.
 */
function compactId(id: string): string {
  return UUID.test(id) ? Buffer.from(id.replace(/-/g, ''), 'hex').toString('latin1') : id;
}

/**
 * In a stable order, an item can reappear only near a page boundary (items entering meanwhile push
 * later ones back a few places), so remembering the last pages' ids is enough and memory stays flat
 * however long the export. In an order that moves (by update time) every id is kept.
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  /** The ids in the order they came, as a ring: the oldest is forgotten in O(1). (A Set's first entry
   * is not: after many deletions at its front, finding it walks the holes they left.) */
  private readonly ring: string[];
  private next = 0;

  constructor(private readonly capacity: number) {
    this.ring = new Array<string>(capacity);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    if (this.ids.size >= this.capacity) this.ids.delete(this.ring[this.next]!);
    this.ids.add(id);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.capacity;
  }
}

/** Twenty full pages. */
export const RECENT_IDS_KEPT = 20 * 100;

/** The set of ids a listing has printed, as its de-duplication needs it (RecentIds or a Set). */
export type SeenIds = { has(id: string): boolean; add(id: string): void };

/**
 * What a listing prints of each page: items not printed before (by id), up to the limit. Shared by
 * every listing (offset pages, keyset parts, Outreach's cursors and id ranges).
 */
export function itemTaker<T extends { id?: unknown }>(seen: SeenIds, limit = Infinity, compact = false): { take(items: T[]): T[]; left(): number; taken(): number } {
  let remaining = limit;
  let taken = 0;
  return {
    take(items) {
      const fresh: T[] = [];
      for (const item of items) {
        if (remaining <= 0) break;
        const id = item?.id;
        // Compacted where every id of a long listing is kept (the update-time order): 16 bytes each.
        const key = typeof id === 'string' ? (compact ? compactId(id) : id) : typeof id === 'number' ? String(id) : undefined;
        if (key !== undefined) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        fresh.push(item);
        remaining--;
      }
      taken += fresh.length;
      return fresh;
    },
    left: () => remaining,
    taken: () => taken,
  };
}

export async function* paginate<T extends { id?: unknown }>(
  fetchPage: (page: number, size: number) => Promise<Page<T>>,
  options: PaginateOptions & { seen: SeenIds },
): AsyncGenerator<T[]> {
  const { pageSize, limit = Infinity, concurrency } = options;
  const taker = itemTaker<T>(options.seen, limit, !(options.seen instanceof RecentIds));
  let total = 0;
  const take = (page: Page<T>): T[] => {
    const fresh = taker.take(page.items);
    options.onProgress?.(taker.taken(), Math.min(total, limit));
    return fresh;
  };

  const first = await fetchPage(1, pageSize);
  total = first.total_count;
  options.onTotal?.(first.total_count);
  yield take(first);
  if (!first.has_more || taker.left() <= 0) return;

  const lastPage = Math.min(first.total_pages, Math.ceil(limit / pageSize));
  const inFlight = new Map<number, Promise<Page<T>>>();
  let nextToFetch = 2;
  const fill = () => {
    while (inFlight.size < concurrency && nextToFetch <= lastPage) {
      const promise = fetchPage(nextToFetch, pageSize);
      promise.catch(() => undefined); // awaited in order below; this only stops an unhandled-rejection crash
      inFlight.set(nextToFetch++, promise);
    }
  };
  let more: boolean = first.has_more;
  let page = 2;
  for (; page <= lastPage && more && taker.left() > 0; page++) {
    fill();
    const result = await inFlight.get(page)!;
    inFlight.delete(page);
    more = result.has_more;
    yield take(result);
  }
  // A server whose total_pages undercounts still says has_more: go on one page at a time, as long as
  // pages bring something new and stay near the stated total (a server that never stops is an error).
  for (; more && taker.left() > 0; page++) {
    const result = await fetchPage(page, pageSize);
    const fresh = take(result);
    more = result.has_more && result.items.length > 0;
    if (more && fresh.length === 0) throw new ServerFaultError(`page ${page} repeats what earlier pages held and says there is more: the listing cannot advance (${taker.taken()} read)`);
    if (more && taker.taken() > Math.max(total, 0) * 2 + 10 * pageSize) throw new ServerFaultError(`the server said ${total} match but has sent ${taker.taken()} and says there is more: stopped`);
    yield fresh;
  }
}

/** Accepts a page even when a server leaves fields out: missing counts are derived from what is there. */
export function normalizePage<T>(raw: unknown, page: number, size: number): Page<T> {
  const body = (raw ?? {}) as Partial<Page<T>>;
  // Tolerant of what is left out, never of what is not a page: no list is an error, not "0 tasks".
  const items = Array.isArray(body.items) ? body.items : Array.isArray(raw) ? (raw as T[]) : undefined;
  if (!items) throw new ServerFaultError(`the answer to page ${page} is not a page (no items list)`);
  const missing = items.filter((item) => !item || typeof item !== 'object' || (item as { id?: unknown }).id === undefined || (item as { id?: unknown }).id === null).length;
  if (missing) throw new ServerFaultError(`page ${page} of the answer holds ${missing} item${missing === 1 ? '' : 's'} without an id`);
  const totalCount = typeof body.total_count === 'number' ? body.total_count : undefined;
  const totalPages = typeof body.total_pages === 'number' ? body.total_pages : totalCount !== undefined ? Math.ceil(totalCount / size) : undefined;
  const hasMore = typeof body.has_more === 'boolean' ? body.has_more : totalPages !== undefined ? page < totalPages : items.length === size;
  return {
    ...body,
    items,
    total_count: totalCount ?? (page - 1) * size + items.length + (hasMore ? 1 : 0),
    total_pages: totalPages ?? (hasMore ? page + 1 : page),
    has_more: hasMore,
  };
}
