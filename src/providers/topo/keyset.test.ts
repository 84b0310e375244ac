// Paging a list that changes while it is read: every task that matches from start to end is yielded
// exactly once, none twice, in creation order; offset pages fetched at once cannot promise that.
import { describe, expect, it } from 'vitest';
import { prng } from '../demo.ts';
import { paginate, RecentIds, type Page } from '../paginate.ts';
import type { Task } from './contract.ts';
import { keysetPages } from './keyset.ts';

interface Filters { createdAfter?: string; createdBefore?: string; sortBy?: string; sortOrder?: string }

/**
 * A server's task list (PENDING only) in creation order, with random edits made as each page is
 * answered: three anywhere; and at each page of the bulk import of `tie` tasks read in update order,
 * its `tieEdits` oldest-updated pending tasks are skipped (the most an unchanged task can move).
 */
function changingList(seed: number, size: number, { tie = 250, tieEdits = 0 } = {}) {
  const random = prng(seed);
  const start = Date.parse('2026-10-01T00:00:00Z');
  // Ties on purpose: several tasks share a millisecond, some share one with more than a page.
  const tasks = Array.from({ length: size }, (_, index) => ({
    id: `t${String(index).padStart(6, '0')}`,
    created_at: new Date(start + Math.floor(index / 3) * 1000).toISOString(),
    status: random() < 0.7 ? 'PENDING' : 'SKIPPED',
    updated_at: '2026-11-01T00:00:00.000Z',
  }));
  // A bulk import: more tasks in one millisecond than the largest page even once filtered.
  for (const task of tasks.slice(-tie)) task.created_at = tasks.at(-tie)!.created_at;
  let clock = Date.parse('2026-11-02T00:00:00Z');
  const pendingAtStart = new Set(tasks.filter((task) => task.status === 'PENDING').map((task) => task.id));
  const edited = new Set<string>();
  let calls = 0;
  const list = async (filters: Filters, page: number, pageSize: number): Promise<Page<Task>> => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 3)));
    const front = filters.sortBy === 'updated_at' && filters.sortOrder === 'asc'
      ? tasks.slice(-tie).filter((task) => task.status === 'PENDING').sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : 1)).slice(0, tieEdits)
      : [];
    for (const task of [...Array.from({ length: 3 }, () => tasks[Math.floor(random() * tasks.length)]!), ...front]) {
      task.status = task.status === 'PENDING' ? 'SKIPPED' : 'PENDING';
      // A change stamps the update time, as the API's updated_at.
      task.updated_at = new Date((clock += 1000)).toISOString();
      edited.add(task.id);
    }
    const after = filters.createdAfter ? Date.parse(filters.createdAfter) : -Infinity;
    const before = filters.createdBefore ? Date.parse(filters.createdBefore) : Infinity;
    const matching = tasks.filter((task) => task.status === 'PENDING' && Date.parse(task.created_at) > after && Date.parse(task.created_at) < before);
    // By the sort field, then id.
    if (filters.sortBy === 'updated_at') matching.sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.id < b.id ? -1 : 1));
    if (filters.sortOrder === 'desc') matching.reverse();
    const items = matching.slice((page - 1) * pageSize, page * pageSize).map((task) => ({ ...task }));
    const totalPages = Math.ceil(matching.length / pageSize);
    return { items, total_count: matching.length, total_pages: totalPages, has_more: page < totalPages };
  };
  return { list, tasks, pendingAtStart, edited, calls: () => calls };
}

/** The rule: no task twice; every task pending at the start and never edited, once; order kept. */
function broken(yielded: Task[], world: ReturnType<typeof changingList>, desc = false): string[] {
  const problems: string[] = [];
  const ids = yielded.map((task) => String(task.id));
  if (new Set(ids).size !== ids.length) problems.push('a task twice');
  const printed = new Set(ids);
  const lost = [...world.pendingAtStart].filter((id) => !world.edited.has(id) && !printed.has(id));
  if (lost.length) problems.push(`${lost.length} lost`);
  const times = yielded.map((task) => Date.parse(String(task.created_at)));
  if (times.some((time, index) => index > 0 && (desc ? time > times[index - 1]! : time < times[index - 1]!))) problems.push('out of order');
  return problems;
}

async function collect(pages: AsyncGenerator<Task[]>): Promise<Task[]> {
  const all: Task[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('keyset paging under churn', () => {
  // A tie of 700 (about 5 pages once filtered) is read in runs sharing their end pages; the test
  // fails when they do not share them (seed 2 loses a task).
  it('holds the rule over 40 random changing lists, both orders, with a tie of more tasks than the largest page', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const desc = seed % 2 === 0;
      const world = changingList(seed, 1500 + seed * 20, { tie: seed % 4 < 2 ? 700 : 250 });
      const pinned = { createdBefore: new Date(Date.parse('2026-12-01T00:00:00Z')).toISOString(), sortOrder: desc ? 'desc' : undefined };
      const yielded = await collect(keysetPages(world.list, pinned, { pageSize: 50, maxPageSize: 100, concurrency: 6, seen: new RecentIds(2000) }));
      expect(broken(yielded, world, desc), `seed ${seed}`).toEqual([]);
    }
  });

  // 40 of the tie's tasks leave at each of its pages: more than a page moves while its runs are read,
  // so they prove nothing and one run over all its pages follows (without it, tasks are lost).
  it('holds the rule when the tie changes faster than its runs can be proved whole', async () => {
    for (let seed = 1; seed <= 10; seed++) {
      const world = changingList(seed, 1500, { tie: 700, tieEdits: 40 });
      // Two or three at once: runs of two or three pages, the longer the more a task moves meanwhile.
      const yielded = await collect(keysetPages(world.list, { createdBefore: '2026-12-01T00:00:00.000Z' }, { pageSize: 50, maxPageSize: 100, concurrency: 2 + (seed % 2), seen: new RecentIds(2000) }));
      expect(broken(yielded, world), `seed ${seed}`).toEqual([]);
    }
  });

  it('costs few more calls than offset pages on a list that does not change', async () => {
    const world = changingList(7, 5000);
    const still = async (filters: Filters, page: number, size: number) => {
      world.edited.clear();
      const answer = await world.list(filters, page, size);
      return answer;
    };
    const frozen = { ...world, list: still };
    // No edits: stop the random flips by answering from a snapshot.
    const snapshot = world.tasks.map((task) => ({ ...task }));
    world.tasks.splice(0, world.tasks.length, ...snapshot);
    const before = world.calls();
    await collect(keysetPages(frozen.list, { createdBefore: '2026-12-01T00:00:00.000Z' }, { pageSize: 100, maxPageSize: 100, concurrency: 10, seen: new RecentIds(2000) }));
    const pending = world.tasks.filter((task) => task.status === 'PENDING').length;
    expect(world.calls() - before).toBeLessThanOrEqual(Math.ceil(pending / 100) * 1.6 + 12);
  });

  it('more tasks in one millisecond than the largest page are read within it, each once, in id order', async () => {
    const at = '2026-10-31T23:59:00.000Z';
    // 2,500 of them: past what the tie's read keeps in memory (the rest on disk).
    const tasks = Array.from({ length: 2800 }, (_, index) => ({ id: `s${String(index).padStart(4, '0')}`, created_at: index < 60 || index >= 2560 ? new Date(Date.parse(at) + (index - 60) * 1000).toISOString() : at }));
    // The millisecond's 25 pages are read in runs at once, but no more at once than the export's
    // concurrency. Without update times nothing proves the runs whole: one run over all pages follows.
    let [inTie, mostInTie] = [0, 0];
    const list = async (filters: Filters, page: number, size: number): Promise<Page<Task>> => {
      const after = filters.createdAfter ? Date.parse(filters.createdAfter) : -Infinity;
      const before = filters.createdBefore ? Date.parse(filters.createdBefore) : Infinity;
      const tie = before - after === 2;
      if (tie) mostInTie = Math.max(mostInTie, ++inTie);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (tie) inTie--;
      const matching = tasks.filter((task) => Date.parse(task.created_at) > after && Date.parse(task.created_at) < before);
      const pages = Math.ceil(matching.length / size);
      return { items: matching.slice((page - 1) * size, page * size), total_count: matching.length, total_pages: pages, has_more: page < pages };
    };
    const ids = (await collect(keysetPages(list, { createdBefore: '2026-12-01T00:00:00.000Z' }, { pageSize: 100, maxPageSize: 100, concurrency: 4, seen: new RecentIds(2000) }))).map((task) => task.id);
    expect(ids).toEqual(tasks.map((task) => task.id).sort((a, b) => tasks.findIndex((t) => t.id === a) - tasks.findIndex((t) => t.id === b)));
    expect(mostInTie).toBeGreaterThan(1);
    expect(mostInTie).toBeLessThanOrEqual(4);
  });

  it('times without an offset (a naive datetime, microseconds) are UTC whatever the machine\'s zone', async () => {
    const start = Date.parse('2026-10-01T00:00:00Z');
    // As FastAPI writes a naive datetime: no offset, six fraction digits; two tasks a second.
    const naive = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}456`;
    const tasks = Array.from({ length: 950 }, (_, index) => ({ id: `n${String(index).padStart(4, '0')}`, created_at: naive(start + Math.floor(index / 2) * 1000) }));
    const utc = (text: string) => Date.parse(text.endsWith('Z') ? text : `${text}Z`);
    const list = async (filters: Filters, page: number, size: number): Promise<Page<Task>> => {
      const after = filters.createdAfter ? utc(filters.createdAfter) : -Infinity;
      const before = filters.createdBefore ? utc(filters.createdBefore) : Infinity;
      const matching = tasks.filter((task) => utc(task.created_at) > after && utc(task.created_at) < before);
      const pages = Math.ceil(matching.length / size);
      return { items: matching.slice((page - 1) * size, page * size), total_count: matching.length, total_pages: pages, has_more: page < pages };
    };
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const ids = (await collect(keysetPages(list, { createdBefore: '2026-12-01T00:00:00.000Z' }, { pageSize: 100, maxPageSize: 100, concurrency: 4, seen: new RecentIds(2000) }))).map((task) => task.id);
      expect(ids).toEqual(tasks.map((task) => task.id));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('the same rule catches offset pages fetched at once losing tasks (the test can fail)', async () => {
    let failures = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const world = changingList(seed, 3000);
      const yielded = await collect(paginate((page, size) => world.list({}, page, size), { pageSize: 50, concurrency: 6, seen: new RecentIds(2000) }));
      if (broken(yielded, world).length) failures++;
    }
    expect(failures).toBeGreaterThan(0);
  });
});
