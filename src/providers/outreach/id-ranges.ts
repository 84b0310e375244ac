// Reading a long Outreach listing in several places at once. A cursor (`links.next`) cannot be
// fetched ahead, so the ids after the first page are cut into ranges of about a page each
// (`filter[id]=a..b`), each followed by its own cursor, several at once, printed in order
// (ordered-parts.ts). Ids never change
// and cursors page by key, so each task is read once whatever others do meanwhile; tasks created
// after the first page (ids above the largest then) are left out, as a pinned listing would.
// Only where the order is the ids' own (no --sort, or by id): another order cannot be cut by id
// (every task in a time order is read in id order and sorted after: api.ts).
import { ServerFaultError, UnprocessableError, ValidationError } from '../../core/errors.ts';
import { inOrder } from '../ordered-parts.ts';
import type { OutreachTask } from './contract.ts';

/** What id ranges need of a listing's filters and pages (api.ts has the whole of them). */
interface OutreachFilters {
  sort?: string;
  idRange?: [number, number];
}
interface TaskListPage {
  tasks: OutreachTask[];
  next?: string;
}

/**
 * A server that ignores `filter[id]` (it answers ids outside the range) or refuses it (400/422 to a
 * range when the same listing without one was answered: the reference leaves which attributes take
 * ranges to each server): the caller reads on by cursor.
 */
export class IdRangeIgnored extends Error {}

interface Range {
  from: number;
  to: number;
}

type PageOf = <F extends OutreachFilters>(filters: F, next?: string, size?: number) => Promise<TaskListPage>;

/** Whether a listing in this order can be cut into id ranges. */
export function cutsById(filters: OutreachFilters): boolean {
  return filters.sort === undefined || filters.sort === 'id' || filters.sort === '-id';
}

/**
 * The pages after `first`, ranges walked `concurrency` at a time and yielded in order; each page is
 * also handed to `onPage` (side-loaded resources). Undefined ranges (the ids cannot be read) or a
 * single range: the caller follows the cursor instead.
 */
/** The other end of the listing: the largest id now (ascending) or the smallest (descending), one task's page. */
export function otherEnd<F extends OutreachFilters>(pageOf: PageOf, filters: F): Promise<TaskListPage> {
  return pageOf({ ...filters, sort: filters.sort === '-id' ? 'id' : '-id' }, undefined, 1);
}

export async function rangesAfter<F extends OutreachFilters>(filters: F, first: TaskListPage, end: TaskListPage, pagesLeft: number, concurrency: number): Promise<Range[] | undefined> {
  const desc = filters.sort === '-id';
  const last = Number(first.tasks.at(-1)?.id);
  if (!Number.isSafeInteger(last)) return undefined;
  const edge = Number(end.tasks[0]?.id);
  if (!Number.isSafeInteger(edge)) return undefined;
  const [low, high] = desc ? [edge, last - 1] : [last + 1, edge];
  if (high < low) return [];
  // About a page of tasks per range: walkers take them in order a few ahead of the printing, so
  // little is held and nothing waits on a long range.
  const count = Math.min(pagesLeft, high - low + 1);
  if (count < 2 || concurrency < 2) return undefined;
  const cuts = Array.from({ length: count + 1 }, (_, index) => low + Math.round(((high - low + 1) * index) / count));
  const ranges = cuts.slice(0, -1).map((from, index) => ({ from, to: cuts[index + 1]! - 1 }));
  return desc ? ranges.reverse() : ranges;
}

export async function* walkRanges<F extends OutreachFilters, P extends TaskListPage>(pageOf: (filters: F, next?: string) => Promise<P>, filters: F, ranges: Range[], concurrency: number, onPage: (page: P) => void): AsyncGenerator<OutreachTask[]> {
  yield* inOrder<Range, OutreachTask>(ranges, async (range, { push, stopped }) => {
    const scoped = { ...filters, idRange: [range.from, range.to] as [number, number] };
    const cursors = new Set<string>();
    let next: string | undefined;
    do {
      const page = await pageOf(scoped, next).catch((error: unknown) => {
        throw error instanceof ValidationError || error instanceof UnprocessableError ? new IdRangeIgnored() : error;
      });
      if (page.tasks.some((task) => !(Number(task.id) >= range.from && Number(task.id) <= range.to))) throw new IdRangeIgnored();
      onPage(page);
      push(page.tasks);
      if (page.next && (cursors.has(page.next) || page.tasks.length === 0)) {
        throw new ServerFaultError('the server\'s next-page link repeats an earlier one or brings nothing: the listing cannot go on');
      }
      if (page.next) cursors.add(page.next);
      next = page.next;
    } while (next && !stopped());
  }, concurrency, concurrency);
}
