// Every task of a listing in creation order, exactly once while other tasks change. Offset pages
// fetched at once cannot promise that: a task entering the filter before a page already fetched
// pushes that page's neighbour onto it, and the neighbour is never seen. Creation times never
// change, so pages are asked for by key instead: "created after the last one seen". To keep the
// speed of concurrent pages, the time range is cut into parts walked at once, each by key, and
// printed in order (parts ahead of the one printing keep a few pages in memory, the rest on disk).
import { ServerFaultError } from '../../core/errors.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { KeyedSpool } from '../../core/page-spool.ts';
import { inOrder, type PartWalker } from '../ordered-parts.ts';
import { itemTaker, type Page, type SeenIds } from '../paginate.ts';
import type { Task } from './contract.ts';
import { instant } from '../../core/time.ts';

/** A server that ignores created_at_after or _before: an error, not a loop or a gap. */
const outsideWindow = () => new ServerFaultError('the server answered tasks outside the created_at window it was asked for: the listing cannot be read by key');

/** The fewest pages a walker's share is made of (each share costs one part-full page more). */
const SPLIT_PAGES = 4;

export interface KeysetOptions {
  pageSize: number;
  /** The largest page the API gives: a millisecond holding more tasks than a page is read in one of these. */
  maxPageSize: number;
  limit?: number;
  concurrency: number;
  onTotal?: (total: number) => void;
  seen: SeenIds;
  note?: (line: string) => void;
}

/** The filters keyset paging sets (the rest pass through as they are). */
interface TaskFilters {
  createdAfter?: string;
  createdBefore?: string;
  sortBy?: string;
  sortOrder?: string;
}

type ListTasks = (filters: TaskFilters, page: number, size: number) => Promise<Page<Task>>;

const iso = (ms: number) => new Date(ms).toISOString();

function createdMs(task: Task | undefined): number | undefined {
  const time = instant(task?.created_at);
  return Number.isNaN(time) ? undefined : time;
}

interface Interval {
  /** [from, to) in ms. */
  from: number;
  to: number;
  /** Its first page, when it was fetched by offset to place the part (see keysetPages). */
  prefetched?: Page<Task>;
}

/**
 * Pages in creation order (the filters' `sortOrder`), each task once. Throws KeysetUnavailable,
 * after the first page, when the tasks carry no creation time to page by (the caller then pages by
 * offset, dropping what this printed).
 */
export async function* keysetPages(list: ListTasks, filters: TaskFilters, options: KeysetOptions): AsyncGenerator<Task[]> {
  const desc = filters.sortOrder === 'desc';
  const size = options.pageSize;
  const { take, left } = itemTaker<Task>(options.seen, options.limit);

  const first = await list(filters, 1, size);
  options.onTotal?.(first.total_count);
  yield take(first.items);
  if (!first.has_more || left() <= 0) return;
  const edge = createdMs(first.items.at(-1));
  if (edge === undefined || first.items.some((task) => createdMs(task) === undefined)) throw new KeysetUnavailable();

  // The rest is shared among the walkers at evenly spaced pages, fetched at once as the ideal client
  // would: each such page begins a part at its first task's time, and is that part's first page (an
  // offset page is a run of the order as it was at one instant). From there each part goes by key.
  // A part reaches up to and including its successor's first millisecond, so ties there are not lost.
  const upper = filters.createdBefore ? Date.parse(filters.createdBefore) : Date.now();
  // With --limit only the pages it reaches are shared out (the last part stops at the limit).
  const rest = Math.min(first.total_count, options.limit ?? Infinity) - first.items.length;
  const pagesLeft = Math.max(1, Math.ceil(rest / size));
  const walkers = Math.max(1, Math.min(options.concurrency, pagesLeft));
  const starts = [...new Set(Array.from({ length: walkers - 1 }, (_, index) => 2 + Math.round((pagesLeft * (index + 1)) / walkers)))];
  // The first part's first page (by key, from the first page's last millisecond) goes at the same time.
  const firstOfFirst = list(desc ? { ...filters, createdBefore: iso(edge + 1) } : { ...filters, createdAfter: iso(edge - 1) }, 1, size);
  firstOfFirst.catch(() => undefined); // awaited below; this only stops an unhandled-rejection crash
  const fetched = await Promise.all([...starts.map((page) => list(filters, page, size)), ...(desc ? [list({ ...filters, sortOrder: 'asc' }, 1, 1)] : [])]);
  const bottom = desc ? createdMs(fetched.pop()!.items[0]) : undefined;
  if (desc && bottom === undefined) return;
  const samples: Array<{ at: number; page: Page<Task> }> = [];
  for (const page of fetched) {
    const at = createdMs(page.items[0]);
    const previous = samples.at(-1)?.at ?? edge;
    if (at !== undefined && (desc ? at < previous && at >= bottom! : at > previous && at < upper)) samples.push({ at, page });
  }
  const parts: Interval[] = [{ at: edge, page: await firstOfFirst }, ...samples].map(({ at, page }, index): Interval => {
    const next = samples[index]?.at;
    const [from, to] = desc ? [next ?? bottom!, at + 1] : [at, next === undefined ? upper : next + 1];
    return { from, to, prefetched: page };
  });
  /** A walker's share, in pages: a part found to hold twice that is cut again. */
  const share = Math.max(SPLIT_PAGES, Math.ceil(pagesLeft / walkers));
  const walk: PartWalker<Interval, Task> = (part, { push, follow, stopped }) => walkInterval(list, filters, part, { size, max: options.maxPageSize, splitAbove: 2 * share, concurrency: options.concurrency, note: options.note }, desc, push, stopped, follow,
    // The rest of the part, cut in time into shares: this walker keeps the next one, the others follow it.
    (low, high, pages) => {
      const count = Math.min(Math.ceil(pages / share), high - low);
      if (count < 2) return { low, high };
      const cut = Array.from({ length: count + 1 }, (_, index) => low + Math.round(((high - low) * index) / count));
      const pieces = cut.slice(0, -1).map((start, index): Interval => ({ from: start, to: cut[index + 1]! }));
      const mine = desc ? pieces.pop()! : pieces.shift()!;
      follow(desc ? pieces.reverse() : pieces);
      return { low: mine.from, high: mine.to };
    });
  for await (const page of inOrder(parts, walk, options.concurrency)) {
    const fresh = take(page);
    if (fresh.length) yield fresh;
    if (left() <= 0) return;
  }
}

/** The creation times cannot be paged by (a task without one): the caller pages by offset. */
export class KeysetUnavailable extends Error {}

/**
 * One interval by key: each page asks for what was created from the cursor on (the cursor's own
 * millisecond again, so ties are not lost; repeats are dropped by the caller). A page that does not
 * move the cursor (more tasks in one millisecond than a page holds) has that millisecond read whole
 * (sameMillisecond); a server that ignores the filter and never moves on is an error, not a loop.
 */
async function walkInterval(list: ListTasks, filters: TaskFilters, interval: Interval, { size, max, splitAbove, concurrency, note }: { size: number; max: number; splitAbove: number; concurrency: number; note?: (line: string) => void }, desc: boolean,
  push: (items: Task[]) => void, stopped: () => boolean, follow: (parts: Interval[]) => void, split: (low: number, high: number, pages: number) => { low: number; high: number }): Promise<void> {
  let low = interval.from;
  let high = interval.to;
  const advancing = progressCheck();
  for (let first = true; !stopped(); first = false) {
    const prefetched = first ? interval.prefetched : undefined;
    const fetched = prefetched ?? await list({ ...filters, createdAfter: iso(low - 1), createdBefore: iso(high) }, 1, size);
    // Held by the part only until it is read: the parts list lives as long as the export.
    interval.prefetched = undefined;
    const page = clip(fetched, low, high, desc);
    advancing(page);
    push(page.items);
    // A page that runs past the part's end holds the whole rest of the part.
    if (page !== fetched) return;
    if (!page.has_more || page.items.length === 0) return;
    const last = createdMs(page.items.at(-1));
    if (last === undefined) throw new ServerFaultError('a task of the listing has no created_at to page by');
    // A page that does not move the cursor, or that one millisecond fills (the next page from it
    // would start the same way: a sample page landed inside a tie), is a millisecond with more
    // tasks than a page: read whole, then on from the next one.
    const stuck = (desc ? last + 1 >= high : last <= low) || createdMs(page.items[0]) === last;
    if (stuck) {
      // Its pages are read one after another (sameMillisecond): the rest of the part is another
      // part, walked meanwhile.
      const rest: Interval = desc ? { from: low, to: last } : { from: last + 1, to: high };
      if (rest.from < rest.to) follow([rest]);
      await sameMillisecond(list, filters, last, max, concurrency, desc, push, stopped, note);
      return;
    }
    // Next, from the last one seen (its millisecond again: ties are not lost, repeats are dropped).
    if (desc) high = last + 1;
    else low = last;
    // The first page tells how much the interval holds: more than a few pages, and the rest is shared out.
    if (first && !prefetched && page.total_pages - 1 > splitAbove) ({ low, high } = split(low, high, page.total_pages - 1));
  }
}

/**
 * The tasks of a page within the part, as a page of its own: a page may run past the part's end
 * (the part is then done), never start before it: a server that answers tasks outside the window
 * it was asked for (created_at_after ignored) is an error, not a loop or a gap.
 */
function clip(page: Page<Task>, low: number, high: number, desc: boolean): Page<Task> {
  const outside = (at: number) => at < low || at >= high;
  const times = page.items.map(createdMs);
  const before = times.findIndex((at) => at === undefined || (desc ? at >= high : at < low));
  if (before >= 0) throw outsideWindow();
  const items = page.items.filter((_, index) => !outside(times[index]!));
  return items.length === page.items.length ? page : { ...page, items };
}

/**
 * A page that says there is more must bring a task the page before did not hold: a server that
 * ignores created_at_after and answers the same page forever is an error, not a loop.
 */
function progressCheck(): (page: Page<Task>) => void {
  let before = new Set<string>();
  return (page) => {
    const ids = new Set(page.items.map((task) => String(task.id)));
    if (page.has_more && page.items.length > 0 && [...ids].every((id) => before.has(id))) {
      throw new ServerFaultError('a page repeats what earlier pages held and says there is more: the listing cannot advance');
    }
    before = ids;
  };
}

/**
 * Every task created in one millisecond, when there are more than a page holds (a bulk import).
 * Within it only offset pages are left, and an offset page loses a task when one before it leaves
 * between two reads. So it is read in update order, oldest first: a task that does not change keeps
 * its update time, one that changes takes a later one and goes to the end (one entering the filter
 * too), so an unchanged task only ever moves towards the front, by at most as many places as tasks
 * changed or were deleted in the millisecond meanwhile (D). A run of pages read one after another,
 * last first, cannot miss a task that was within it when it began and is still within it at its end.
 * Runs of a few pages sharing their end pages are read at once (one round trip per page of a run, not
 * per page of the tie); with D below a page, a task that began within a run's pages (its lowest one
 * aside) is within them at the end. D is counted from the millisecond's latest updates read before
 * and after (whatever the filters); when it cannot be told below a page, one run over all the pages,
 * which needs no bound, settles it. The tasks are printed by id, the server's own order within a
 * millisecond as far as one can tell (the reference does not say). A server that does not sort by
 * update time proves nothing: what was read is printed, and a note says so.
 */
async function sameMillisecond(list: ListTasks, filters: TaskFilters, at: number, size: number, concurrency: number, desc: boolean, push: (items: Task[]) => void, stopped: () => boolean, note?: (line: string) => void): Promise<void> {
  const window = { createdAfter: iso(at - 1), createdBefore: iso(at + 1) };
  const byUpdate = { ...filters, ...window, sortBy: 'updated_at', sortOrder: 'asc' };
  const latest = () => list({ ...window, sortBy: 'updated_at', sortOrder: 'desc' }, 1, size);
  const found = new KeyedSpool<Task>();
  // Over (done, failed or stopped): runs still waiting on an answer neither keep it nor go on.
  let over = false;
  try {
    /** Why the read is not proven whole, if it is not. */
    let unproven: string | undefined;
    let topSaysMore = false;
    const keep = (page: Page<Task>) => {
      if (over) return;
      if (!inUpdateOrder(page, 1)) unproven ??= 'the server did not sort them by updated_at';
      for (const task of page.items) {
        if (createdMs(task) !== at) throw outsideWindow();
        found.put(String(task.id), task);
      }
    };
    /** Pages from `top` down to `bottom` (0-based), each read after the one above was answered. */
    const run = async (top: number, bottom: number) => {
      for (let page = top; page >= bottom && !stopped() && !over; page--) {
        const answer = await list(byUpdate, page + 1, size);
        if (page === pages - 1 && answer.has_more) topSaysMore = true;
        keep(answer);
      }
    };
    // The count first: an unchanged task stays below it, however many leave or enter after.
    const [before, head] = await Promise.all([latest(), list(byUpdate, 1, size)]);
    keep(head);
    const pages = head.total_pages;
    topSaysMore = pages === 1 && head.has_more;
    if (pages > 1 && !stopped()) {
      const span = Math.max(1, Math.ceil((pages - 1) / concurrency));
      const runs = Array.from({ length: Math.ceil((pages - 1) / span) }, (_, index) => [Math.min(pages - 1, (index + 1) * span), index * span] as const);
      await mapLimit(runs, concurrency, ([top, bottom]) => run(top, bottom));
      if (!stopped() && !(changedBelow(before, await latest(), size))) await run(pages - 1, 0);
    }
    // A count that fell short (a server that leaves total_count out, and has_more says there is
    // more): read on a page at a time while pages bring tasks, unproven.
    for (let page = pages; topSaysMore && !stopped() && !over; page++) {
      unproven ??= 'the server did not say how many there are';
      const [answer, had] = [await list(byUpdate, page + 1, size), found.size];
      keep(answer);
      topSaysMore = answer.has_more && found.size > had;
    }
    if (stopped()) return;
    if (unproven) note?.(`tasks created at ${iso(at)}: ${found.size} read, but ${unproven}, so one that changed meanwhile may have hidden another from this export`);
    const ids = found.keys().sort();
    if (desc) ids.reverse();
    // Page by page, as read: a part ahead of the one printing spools each push as one line.
    for (let start = 0; start < ids.length; start += size) push(ids.slice(start, start + size).map((id) => found.get(id)!));
  } finally {
    over = true;
    found.remove();
  }
}

/**
 * Fewer than `bound` tasks of the millisecond changed or were deleted between two reads of its latest
 * updates. Changes take later update times than any task had, so they head the second read; one that
 * is all changes, a millisecond that gained tasks, or reads not in update order leave it unproven.
 */
function changedBelow(before: Page<Task>, after: Page<Task>, bound: number): boolean {
  if (!inUpdateOrder(before, -1) || !inUpdateOrder(after, -1) || after.total_count > before.total_count) return false;
  const known = new Set(before.items.map((task) => `${String(task.id)}@${stamp(task)}`));
  const changed = after.items.filter((task) => !known.has(`${String(task.id)}@${stamp(task)}`)).length;
  if (changed === after.items.length && after.items.length < after.total_count) return false;
  return changed + (before.total_count - after.total_count) < bound;
}

const stamp = (task: Task) => instant(task.updated_at);

/** Every task of the page has an update time, in this direction (1 ascending, -1 descending). */
function inUpdateOrder(page: Page<Task>, direction: 1 | -1): boolean {
  return page.items.every((task, index) => !Number.isNaN(stamp(task)) && (index === 0 || (stamp(task) - stamp(page.items[index - 1]!)) * direction >= 0));
}
