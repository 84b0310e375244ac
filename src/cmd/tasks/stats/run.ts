// topo tasks stats: task counts grouped by one or two dimensions, with totals.
// Cheapest source first: when every dimension has a known, short list of values, each cell is the
// total_count of a size=1 listing (fetched concurrently); when a dimension is open-ended (assignee)
// or cells would outnumber the pages of a full listing, one concurrent full listing is counted.
import type { TaskFilters, TopoApi } from '../../../api/topo.ts';
import { PAGE_SIZE_MAX, PRIORITIES, STATUSES, TASK_TYPES, type Task } from '../../../core/contract.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { PAGE_CONCURRENCY } from '../../../queries/tasks.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { filtersFrom, type FilterFlags } from '../shared/filters.ts';
import { aliasLookup } from '../shared/view.ts';
import type { Dimension } from './dimensions.ts';

export interface StatsOptions extends FilterFlags {
  by?: Dimension;
  then?: Dimension;
  json?: boolean;
}

/** The options once defaults are applied. */
export type StatsQuery = StatsOptions & { by: Dimension };


const FIELD: Record<Dimension, keyof Task> = { assignee: 'assignee_user_id', type: 'type', priority: 'priority', status: 'status' };
const FILTER: Record<Exclude<Dimension, 'assignee'>, keyof TaskFilters> = { type: 'types', priority: 'priorities', status: 'status' };
const VALUES: Record<Exclude<Dimension, 'assignee'>, readonly string[]> = { type: TASK_TYPES, priority: PRIORITIES, status: STATUSES };

export interface StatsResult {
  by: Dimension;
  then: Dimension | null;
  /** How the numbers were obtained, and with how many calls. */
  source: { method: 'count-queries' | 'full-listing'; calls: number };
  cells: Array<{ key: string | null; then_key?: string | null; count: number }>;
  total: number;
}

/** Statuses counted: the --status filter, all four when grouping by status, else the open ones. */
function statusesFor(options: StatsQuery): string[] {
  if (options.status) return [options.status];
  if (options.by === 'status' || options.then === 'status') return [...STATUSES];
  return ['PENDING', 'IN_PROGRESS'];
}

/** The values a dimension takes within the filters (a filter narrows them). */
function valuesOf(dimension: Exclude<Dimension, 'assignee'>, filters: TaskFilters, statuses: string[]): string[] {
  if (dimension === 'status') return statuses;
  const narrowed = filters[FILTER[dimension]] as string[] | undefined;
  return narrowed?.length ? narrowed : [...VALUES[dimension]];
}

export async function computeStats(api: TopoApi, filters: TaskFilters, options: StatsQuery): Promise<StatsResult> {
  const statuses = statusesFor(options);
  const dims = [options.by, ...(options.then ? [options.then] : [])];
  const enumerable = dims.every((dim) => dim !== 'assignee');
  let calls = 0;
  const list = (extra: TaskFilters, page: number, size: number) => {
    calls++;
    return api.listTasks({ ...filters, ...extra }, page, size);
  };
  if (enumerable) {
    // One size=1 call per status tells the totals, and so how many pages a full listing would take.
    const totals = await Promise.all(statuses.map((status) => list({ status }, 1, 1).then((page) => page.total_count)));
    const pages = totals.reduce((sum, total) => sum + Math.ceil(total / PAGE_SIZE_MAX), 0);
    const valueLists = dims.map((dim) => valuesOf(dim as Exclude<Dimension, 'assignee'>, filters, statuses));
    const cellKeys: string[][] = valueLists.reduce<string[][]>((acc, values) => acc.flatMap((prefix) => values.map((value) => [...prefix, value])), [[]]);
    const queries = cellKeys.length * (dims.includes('status') ? 1 : statuses.length);
    if (queries <= pages) {
      const counts = await mapLimit(cellKeys, PAGE_CONCURRENCY, async (keys) => {
        const extra: TaskFilters = {};
        dims.forEach((dim, index) => {
          const value = keys[index]!;
          if (dim === 'status') extra.status = value;
          else (extra as Record<string, string[]>)[FILTER[dim as 'type' | 'priority']] = [value];
        });
        const perStatus = extra.status ? [extra.status] : statuses;
        const totalsForCell = await Promise.all(perStatus.map((status) => list({ ...extra, status }, 1, 1).then((page) => page.total_count)));
        return totalsForCell.reduce((sum, total) => sum + total, 0);
      });
      const cells = cellKeys.map((keys, index) => ({ key: keys[0]!, ...(options.then ? { then_key: keys[1]! } : {}), count: counts[index]! }));
      return { by: options.by, then: options.then ?? null, source: { method: 'count-queries', calls }, cells, total: counts.reduce((a, b) => a + b, 0) };
    }
  }
  const counts = new Map<string, { key: string | null; then_key?: string | null; count: number }>();
  let total = 0;
  await Promise.all(statuses.map(async (status) => {
    for await (const batch of api.paginate({ ...filters, status }, { pageSize: PAGE_SIZE_MAX, concurrency: PAGE_CONCURRENCY })) {
      calls++;
      for (const task of batch) {
        const key = (task[FIELD[options.by]] as string | null | undefined) ?? null;
        const thenKey = options.then ? ((task[FIELD[options.then]] as string | null | undefined) ?? null) : undefined;
        const id = JSON.stringify([key, thenKey]);
        const cell = counts.get(id) ?? { key, ...(options.then ? { then_key: thenKey } : {}), count: 0 };
        cell.count++;
        counts.set(id, cell);
        total++;
      }
    }
  }));
  return { by: options.by, then: options.then ?? null, source: { method: 'full-listing', calls }, cells: [...counts.values()], total };
}

export async function runStats(rt: Runtime, options: StatsQuery): Promise<void> {
  const filters = filtersFrom(options, rt.aliases);
  const api = await rt.api();
  const stats = await computeStats(api, filters, options);
  rt.debugLine(`stats: ${stats.source.method}, ${stats.source.calls} list calls`);
  const alias = aliasLookup(rt.aliases);
  if (options.json) {
    const cells = stats.cells.map((cell) => ({ [stats.by]: cell.key, ...(stats.then ? { [stats.then]: cell.then_key } : {}), count: cell.count }));
    await write(rt.io.stdout, `${safeJson({ by: stats.by, then: stats.then, groups: cells, total: stats.total, source: stats.source }, 2)}\n`);
    return;
  }
  const tty = rt.stdoutIsTty;
  const label = (dim: Dimension, key: string | null | undefined) => {
    if (key === null || key === undefined) return dim === 'assignee' ? 'unassigned' : '—';
    const text = sanitizeInline(key);
    return dim === 'assignee' && tty ? alias(text) ?? text : text;
  };
  const rowKeys = [...new Set(stats.cells.map((cell) => cell.key))];
  const known = stats.then && stats.then !== 'assignee' ? (VALUES[stats.then] as readonly (string | null)[]) : [];
  const rank = (key: string | null) => (known.includes(key) ? known.indexOf(key) : known.length);
  const colKeys = stats.then ? [...new Set(stats.cells.map((cell) => cell.then_key ?? null))].sort((a, b) => rank(a) - rank(b)) : [];
  const count = (row: string | null, col?: string | null) => stats.cells.filter((cell) => cell.key === row && (col === undefined || cell.then_key === col)).reduce((sum, cell) => sum + cell.count, 0);
  const rows = rowKeys.map((row) => ({ row, counts: colKeys.map((col) => count(row, col)), total: count(row) })).sort((a, b) => b.total - a.total);
  const colTotals = colKeys.map((col) => stats.cells.filter((cell) => cell.then_key === col).reduce((sum, cell) => sum + cell.count, 0));
  const head = [stats.by.toUpperCase(), ...colKeys.map((col) => label(stats.then!, col)), 'TOTAL'];
  if (!tty) {
    const lines = [head.join('\t'), ...rows.map((r) => [label(stats.by, r.row), ...r.counts, r.total].join('\t')), ['TOTAL', ...colTotals, stats.total].join('\t')];
    await write(rt.io.stdout, lines.join('\n') + '\n');
    return;
  }
  const p = rt.out;
  const max = Math.max(0, ...rows.map((r) => r.total));
  await write(rt.io.stdout, await renderTable({
    head,
    rows: [
      ...rows.map((r) => [label(stats.by, r.row), ...r.counts.map(String), r.total === max && rows.length > 1 ? p.bold(p.red(String(r.total))) : String(r.total)]),
      [p.bold('TOTAL'), ...colTotals.map((n) => p.bold(String(n))), p.bold(String(stats.total))],
    ],
    alignRight: head.map((_, index) => index).slice(1),
  }, p.bold));
}
