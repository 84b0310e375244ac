// topo tasks stats: task counts grouped by one or two dimensions, with totals.
// Cheapest source first: when every dimension has a known, short list of values, each cell is the
// total_count of a size=1 listing (fetched concurrently); when a dimension is open-ended (assignee)
// or cells would outnumber the pages of a full listing, one concurrent full listing is counted.
import type { TaskFilters, TopoApi } from '../../../providers/topo/api.ts';
import { OPEN_STATUSES, PAGE_SIZE_MAX, PRIORITIES, STATUSES, TASK_TYPES, type Task } from '../../../providers/topo/contract.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { PAGE_CONCURRENCY } from '../../../providers/topo/queries.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { bar } from '../../../render/chart.ts';
import { renderTable } from '../../../render/table.ts';
import { OPEN, resolveFilters, type FilterFlags } from '../shared/filters.ts';
import { cacheTemplates } from '../../../config/cache.ts';
import { aliasLookup } from '../shared/view.ts';
import type { Dimension } from './dimensions.ts';

export interface StatsOptions extends FilterFlags {
  by?: Dimension;
  then?: Dimension;
  json?: boolean;
}

/** The options once defaults are applied. */
export type StatsQuery = StatsOptions & { by: Dimension };


const FIELD: Record<ListedDimension, keyof Task> = { assignee: 'assignee_user_id', type: 'type', priority: 'priority', status: 'status' };
const FILTER: Record<EnumDimension, keyof TaskFilters> = { type: 'types', priority: 'priorities', status: 'status' };
const VALUES: Record<EnumDimension, readonly string[]> = { type: TASK_TYPES, priority: PRIORITIES, status: STATUSES };

/** Dimensions a task carries (a listing can group by them). Tasks do not carry their template. */
type ListedDimension = Exclude<Dimension, 'template'>;
/** Dimensions with a short, known list of values (one count query per value). */
type EnumDimension = Exclude<Dimension, 'assignee' | 'template'>;

export interface StatsCell {
  key: string | null;
  then_key?: string | null;
  count: number;
}

export interface StatsResult {
  by: Dimension;
  then: Dimension | null;
  /** How the numbers were obtained, and with how many calls. */
  source: { method: 'count-queries' | 'full-listing'; calls: number };
  cells: StatsCell[];
  total: number;
}

/** Statuses counted: the --status filter, all four when grouping by status, else the open ones. */
function statusesFor(options: StatsQuery): string[] {
  if (options.status === OPEN) return [...OPEN_STATUSES];
  if (options.status) return [options.status];
  if (options.by === 'status' || options.then === 'status') return [...STATUSES];
  return ['PENDING', 'IN_PROGRESS'];
}

/** The values a dimension takes within the filters (a filter narrows them). */
function valuesOf(dimension: EnumDimension, filters: TaskFilters, statuses: string[]): string[] {
  if (dimension === 'status') return statuses;
  const narrowed = filters[FILTER[dimension]] as string[] | undefined;
  return narrowed?.length ? narrowed : [...VALUES[dimension]];
}

interface Counter {
  calls: number;
  list(extra: TaskFilters, page: number, size: number): ReturnType<TopoApi['listTasks']>;
}

/** Cells over dimensions a task carries: count queries when every value is known and that is cheaper, else one listing. */
async function countListed(api: TopoApi, counter: Counter, filters: TaskFilters, dims: ListedDimension[], statuses: string[], forceCounts: boolean): Promise<{ cells: Array<{ keys: Array<string | null>; count: number }>; method: StatsResult['source']['method'] }> {
  if (dims.every((dim) => dim !== 'assignee')) {
    const enumDims = dims as EnumDimension[];
    const valueLists = enumDims.map((dim) => valuesOf(dim, filters, statuses));
    const cellKeys = valueLists.reduce<string[][]>((acc, values) => acc.flatMap((prefix) => values.map((value) => [...prefix, value])), [[]]);
    const queries = cellKeys.length * (enumDims.includes('status') ? 1 : statuses.length);
    let cheaper = forceCounts;
    if (!cheaper) {
      // One size=1 call per status tells the totals, and so how many pages a full listing would take.
      const totals = await Promise.all(statuses.map((status) => counter.list({ ...filters, status }, 1, 1).then((page) => page.total_count)));
      cheaper = queries <= totals.reduce((sum, total) => sum + Math.ceil(total / PAGE_SIZE_MAX), 0);
    }
    if (cheaper) {
      const counts = await mapLimit(cellKeys, PAGE_CONCURRENCY, async (keys) => {
        const extra: TaskFilters = {};
        enumDims.forEach((dim, index) => {
          const value = keys[index]!;
          if (dim === 'status') extra.status = value;
          else (extra as Record<string, string[]>)[FILTER[dim]] = [value];
        });
        const perStatus = extra.status ? [extra.status] : statuses;
        const totals = await Promise.all(perStatus.map((status) => counter.list({ ...filters, ...extra, status }, 1, 1).then((page) => page.total_count)));
        return totals.reduce((sum, total) => sum + total, 0);
      });
      return { cells: cellKeys.map((keys, index) => ({ keys, count: counts[index]! })), method: 'count-queries' };
    }
  }
  const counts = new Map<string, { keys: Array<string | null>; count: number }>();
  await Promise.all(statuses.map(async (status) => {
    for await (const batch of api.paginate({ ...filters, status }, { pageSize: PAGE_SIZE_MAX, concurrency: PAGE_CONCURRENCY })) {
      counter.calls++;
      for (const task of batch) {
        const keys = dims.map((dim) => (task[FIELD[dim]] as string | null | undefined) ?? null);
        const id = JSON.stringify(keys);
        const cell = counts.get(id) ?? { keys, count: 0 };
        cell.count++;
        counts.set(id, cell);
      }
    }
  }));
  return { cells: [...counts.values()], method: 'full-listing' };
}

/**
 * Counts tasks by one or two dimensions. Templates are not on tasks: each template's tasks are
 * counted through the `sequence_template_ids` filter, one template at a time.
 */
export async function computeStats(api: TopoApi, filters: TaskFilters, options: StatsQuery, templates: string[] = []): Promise<StatsResult> {
  const statuses = statusesFor(options);
  const dims: Dimension[] = [options.by, ...(options.then ? [options.then] : [])];
  // Count queries show as progress too: each is one more read.
  const progress = api.progress;
  progress?.begin();
  try {
    return await count(api, filters, options, templates, statuses, dims, {
      calls: 0,
      list(extra, page, size) {
        this.calls++;
        progress?.expect(1);
        return api.listTasks(extra, page, size).finally(() => progress?.advance(1));
      },
    });
  } finally {
    progress?.end();
  }
}

async function count(api: TopoApi, filters: TaskFilters, options: StatsQuery, templates: string[], statuses: string[], dims: Dimension[], counter: Counter): Promise<StatsResult> {
  const listed = dims.filter((dim): dim is ListedDimension => dim !== 'template');
  const templateAt = dims.indexOf('template');
  let method: StatsResult['source']['method'] = 'count-queries';
  const cells: StatsCell[] = [];
  const groups = templateAt < 0 ? [undefined] : filters.templates?.length ? filters.templates : templates;
  await mapLimit(groups, templateAt < 0 ? 1 : PAGE_CONCURRENCY, async (template) => {
    const scoped = template === undefined ? filters : { ...filters, templates: [template] };
    const result = await countListed(api, counter, scoped, listed, statuses, template !== undefined && listed.length === 0);
    if (result.method === 'full-listing') method = 'full-listing';
    for (const cell of result.cells) {
      const keys = [...cell.keys];
      if (template !== undefined) keys.splice(templateAt, 0, template);
      cells.push({ key: keys[0] ?? null, ...(options.then ? { then_key: keys[1] ?? null } : {}), count: cell.count });
    }
  });
  return { by: options.by, then: options.then ?? null, source: { method, calls: counter.calls }, cells, total: cells.reduce((sum, cell) => sum + cell.count, 0) };
}

/** Rows in the values' own order (HOT, TODAY, EXTRA…) for enums; the largest first otherwise. */
function order(dim: Dimension, keys: Array<string | null>, totals: Map<string | null, number>): Array<string | null> {
  if (dim === 'assignee' || dim === 'template') return [...keys].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const known = VALUES[dim] as readonly (string | null)[];
  const rank = (key: string | null) => (known.includes(key) ? known.indexOf(key) : known.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

export async function runStats(rt: Runtime, options: StatsQuery): Promise<void> {
  const api = await rt.api();
  const filters = await resolveFilters(rt, api, options);
  const usesTemplates = options.by === 'template' || options.then === 'template';
  const templateList = usesTemplates ? await (await import('../../../providers/topo/templates.ts')).allTemplates(api) : [];
  if (usesTemplates) cacheTemplates(rt.configDir, rt.profileName, templateList);
  const templateName = new Map(templateList.map((template) => [template.id, template.name]));
  const stats = await computeStats(api, filters, options, templateList.map((template) => template.id));
  rt.debugLine(`stats: ${stats.source.method}, ${stats.source.calls} list calls`);
  const alias = aliasLookup(rt.aliases);
  await renderStats(rt, options, stats, (dim, key) => (dim === 'template' ? templateName.get(key) ?? undefined : dim === 'assignee' ? alias(key) : undefined), templateName);
}

/**
 * The counts as JSON, TSV or a table with bars. `nameOf` gives a person-readable name for a key on
 * a terminal (an alias, a template's or an Outreach user's name); scripts get the keys.
 */
/** `heading`: the first column's title, when the provider has its own word for the dimension. */
export async function renderStats(rt: Runtime, options: { json?: boolean; heading?: string }, stats: StatsResult, nameOf: (dim: Dimension, key: string) => string | undefined, templateName = new Map<string, string | null | undefined>()): Promise<void> {
  if (options.json) {
    const rowRank = new Map(order(stats.by, [...new Set(stats.cells.map((cell) => cell.key))], new Map(stats.cells.map((cell) => [cell.key, stats.cells.filter((other) => other.key === cell.key).reduce((sum, other) => sum + other.count, 0)]))).map((key, index) => [key, index]));
    const cells = [...stats.cells].sort((a, b) => rowRank.get(a.key)! - rowRank.get(b.key)!).map((cell) => ({
      [stats.by]: cell.key, ...(stats.by === 'template' ? { template_name: templateName.get(cell.key ?? '') ?? null } : {}),
      ...(stats.then ? { [stats.then]: cell.then_key, ...(stats.then === 'template' ? { template_name: templateName.get(cell.then_key ?? '') ?? null } : {}) } : {}),
      count: cell.count,
    }));
    await write(rt.io.stdout, `${safeJson({ by: stats.by, then: stats.then, groups: cells, total: stats.total, source: stats.source }, 2)}\n`);
    return;
  }
  const tty = rt.stdoutIsTty;
  const label = (dim: Dimension, key: string | null | undefined) => {
    if (key === null || key === undefined) return dim === 'assignee' ? 'unassigned' : '—';
    const text = sanitizeInline(key);
    return tty ? sanitizeInline(nameOf(dim, key) || key) : text;
  };
  const count = (row: string | null, col?: string | null) => stats.cells.filter((cell) => cell.key === row && (col === undefined || cell.then_key === col)).reduce((sum, cell) => sum + cell.count, 0);
  const rowTotals = new Map([...new Set(stats.cells.map((cell) => cell.key))].map((key) => [key, count(key)]));
  const rowKeys = order(stats.by, [...rowTotals.keys()], rowTotals);
  const colTotals = new Map(stats.then ? [...new Set(stats.cells.map((cell) => cell.then_key ?? null))].map((key) => [key, stats.cells.filter((cell) => cell.then_key === key).reduce((sum, cell) => sum + cell.count, 0)]) : []);
  const colKeys = stats.then ? order(stats.then, [...colTotals.keys()], colTotals) : [];
  const rows = rowKeys.map((row) => ({ row, counts: colKeys.map((col) => count(row, col)), total: rowTotals.get(row) ?? 0 }));
  const head = [(options.heading ?? stats.by).toUpperCase(), ...colKeys.map((col) => label(stats.then!, col)), 'TOTAL'];
  if (!tty) {
    // Data only: a header naming the columns, one line per group, no totals row.
    const lines = [head.join('\t'), ...rows.map((r) => [label(stats.by, r.row), ...r.counts, r.total].join('\t'))];
    await write(rt.io.stdout, lines.join('\n') + '\n');
    return;
  }
  const p = rt.out;
  const max = Math.max(0, ...rows.map((r) => r.total));
  await write(rt.io.stdout, await renderTable({
    head: [...head, ''],
    rows: [
      ...rows.map((r) => [label(stats.by, r.row), ...r.counts.map(String), r.total === max && rows.length > 1 ? p.bold(p.red(String(r.total))) : String(r.total), p.cyan(bar(r.total, max))]),
      [p.bold('TOTAL'), ...colKeys.map((col) => p.bold(String(colTotals.get(col) ?? 0))), p.bold(String(stats.total)), ''],
    ],
    alignRight: head.map((_, index) => index).slice(1),
    columns: [{ min: 12 }, ...colKeys.map(() => ({})), {}, { min: 6, drop: 0 }],
    width: rt.io.stdout.columns,
  }, p.bold));
}
