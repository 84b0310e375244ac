// Topo's task counts, grouped by one or two dimensions, with totals. Cheapest source first: when
// every dimension has a known, short list of values, each cell is the total_count of a size=1
// listing (fetched concurrently); when a dimension is open-ended (assignee) or cells would outnumber
// the pages of a full listing, one concurrent full listing is counted.
import { mapLimit } from '../../core/map-limit.ts';
import { OTHERS, type Counted, type CountDimension as Dimension, type StatsCell, type StatsResult } from '../types.ts';
import type { TaskFilters, TopoApi } from './api.ts';
import { isUuid, OPEN_STATUSES, PAGE_SIZE_MAX, PRIORITIES, STATUSES, TASK_TYPES, type Task } from './contract.ts';
import type { TopoQuery } from './filters.ts';
import { PAGE_CONCURRENCY } from './queries.ts';
import { allTemplates } from './templates.ts';

/** What is counted: the query (its status or `open`) and the dimensions. */
type StatsQuery = TopoQuery & { by: Dimension; then?: Dimension };

const FIELD: Record<ListedDimension, keyof Task> = { assignee: 'assignee_user_id', type: 'type', priority: 'priority', status: 'status' };
const FILTER: Record<EnumDimension, keyof TaskFilters> = { type: 'types', priority: 'priorities', status: 'status' };
const VALUES: Record<EnumDimension, readonly string[]> = { type: TASK_TYPES, priority: PRIORITIES, status: STATUSES };

/** Dimensions a task carries (a listing can group by them). Tasks do not carry their template. */
type ListedDimension = Exclude<Dimension, 'template'>;
/** Dimensions with a short, known list of values (one count query per value). */
type EnumDimension = Exclude<Dimension, 'assignee' | 'template'>;

/** Statuses counted: the --status filter, all four when grouping by status, else the open ones. */
function statusesFor(options: StatsQuery): string[] {
  if (options.open) return [...OPEN_STATUSES];
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
async function countListed(api: TopoApi, counter: Counter, filters: TaskFilters, dims: ListedDimension[], statuses: string[], forceCounts: boolean, reps: string[]): Promise<{ cells: Array<{ keys: Array<string | null>; count: number }>; method: StatsResult['source']['method'] }> {
  // By assignee, the reps topo knows (aliases) can be counted one query each; everyone else (the
  // unassigned, reps with no alias here) is one row, OTHERS: the total less the reps' counts.
  const byReps = dims.includes('assignee') && reps.length > 0 && !filters.assignee;
  if (dims.every((dim) => dim !== 'assignee') || byReps) {
    const product = (lists: string[][]) => lists.reduce<string[][]>((acc, values) => acc.flatMap((prefix) => values.map((value) => [...prefix, value])), [[]]);
    const valueLists = dims.map((dim) => (dim === 'assignee' ? reps : valuesOf(dim, filters, statuses)));
    const cellKeys = product(valueLists);
    const at = dims.indexOf('assignee');
    const otherKeys = byReps ? product(valueLists.map((values, index) => (index === at ? [OTHERS] : values))) : [];
    const queries = (cellKeys.length + otherKeys.length) * (dims.includes('status') ? 1 : statuses.length);
    let cheaper = forceCounts;
    if (!cheaper) {
      // One size=1 call per status tells the totals, and so how many pages a full listing would take.
      const totals = await Promise.all(statuses.map((status) => counter.list({ ...filters, status }, 1, 1).then((page) => page.total_count)));
      cheaper = queries <= totals.reduce((sum, total) => sum + Math.ceil(total / PAGE_SIZE_MAX), 0);
    }
    if (cheaper) {
      const counts = await mapLimit([...cellKeys, ...otherKeys], PAGE_CONCURRENCY, async (keys) => {
        const extra: TaskFilters = {};
        dims.forEach((dim, index) => {
          const value = keys[index]!;
          if (dim === 'status') extra.status = value;
          else if (dim === 'assignee') extra.assignee = value === OTHERS ? undefined : value;
          else (extra as Record<string, string[]>)[FILTER[dim]] = [value];
        });
        const perStatus = extra.status ? [extra.status] : statuses;
        const totals = await Promise.all(perStatus.map((status) => counter.list({ ...filters, ...extra, status }, 1, 1).then((page) => page.total_count)));
        return totals.reduce((sum, total) => sum + total, 0);
      });
      const cells = cellKeys.map((keys, index) => ({ keys: keys as Array<string | null>, count: counts[index]! }));
      // OTHERS: each total (no assignee filter) less what the reps hold of it.
      otherKeys.forEach((keys, index) => {
        const same = (cell: { keys: Array<string | null> }) => cell.keys.every((key, position) => position === at || key === keys[position]);
        const count = counts[cellKeys.length + index]! - cells.filter(same).reduce((sum, cell) => sum + cell.count, 0);
        if (count > 0) cells.push({ keys, count });
      });
      return { cells, method: 'count-queries' };
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
export async function computeStats(api: TopoApi, filters: TaskFilters, options: StatsQuery, templates: string[] = [], reps: string[] = []): Promise<StatsResult> {
  const statuses = statusesFor(options);
  const dims: Dimension[] = [options.by, ...(options.then ? [options.then] : [])];
  // Count queries show as progress too: each is one more read.
  const progress = api.progress;
  progress?.begin();
  try {
    return await count(api, filters, options, templates, statuses, dims, reps, {
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

async function count(api: TopoApi, filters: TaskFilters, options: StatsQuery, templates: string[], statuses: string[], dims: Dimension[], reps: string[], counter: Counter): Promise<StatsResult> {
  const listed = dims.filter((dim): dim is ListedDimension => dim !== 'template');
  const templateAt = dims.indexOf('template');
  let method: StatsResult['source']['method'] = 'count-queries';
  const cells: StatsCell[] = [];
  const groups = templateAt < 0 ? [undefined] : filters.templates?.length ? filters.templates : templates;
  await mapLimit(groups, templateAt < 0 ? 1 : PAGE_CONCURRENCY, async (template) => {
    const scoped = template === undefined ? filters : { ...filters, templates: [template] };
    const result = await countListed(api, counter, scoped, listed, statuses, template !== undefined && listed.length === 0, reps);
    if (result.method === 'full-listing') method = 'full-listing';
    for (const cell of result.cells) {
      const keys = [...cell.keys];
      if (template !== undefined) keys.splice(templateAt, 0, template);
      cells.push({ key: keys[0] ?? null, ...(options.then ? { then_key: keys[1] ?? null } : {}), count: cell.count });
    }
  });
  const perRep = method === 'count-queries' && dims.includes('assignee');
  return {
    by: options.by, then: options.then ?? null,
    source: { method, calls: counter.calls, ...(perRep ? { detail: `one count per known rep (${reps.length} aliases) and status; "${OTHERS}" is the total less theirs` } : {}) },
    cells, total: cells.reduce((sum, cell) => sum + cell.count, 0),
  };
}

/** Counts for `tasks stats`, with aliases and template names for people. */
export async function topoCount(api: TopoApi, query: TopoQuery, by: Dimension, then: Dimension | undefined, aliases: Record<string, string>, team: string[],
  remember: (entries: Array<{ id: string; name: string }>) => void, debug: (line: string) => void): Promise<Counted> {
  const usesTemplates = by === 'template' || then === 'template';
  const templateList = usesTemplates ? await allTemplates(api) : [];
  if (usesTemplates) remember(templateList);
  const templateName = new Map(templateList.map((template) => [template.id, template.name]));
  const aliasOf = new Map(Object.entries(aliases).map(([alias, uuid]) => [uuid.toLowerCase(), alias]));
  // The reps topo knows of: the aliases' and the saved team's (a member by UUID may have no alias).
  const reps = [...new Set([...aliasOf.keys(), ...team.map((member) => (aliases[member.toLowerCase()] ?? member).toLowerCase()).filter(isUuid)])];
  const result = await computeStats(api, query, { ...query, by, then }, templateList.map((template) => template.id), reps);
  debug(`stats: ${result.source.method}, ${result.source.calls} list calls`);
  return {
    result,
    nameOf: (dim, key) => (dim === 'template' ? templateName.get(key) ?? undefined
      : dim === 'assignee' ? (key === OTHERS ? 'unassigned, or no alias here' : aliasOf.get(key.toLowerCase())) : undefined),
    named: ['assignee', 'template'],
    // The reps topo knows of (the profile's aliases and saved team): Topo lists no members, so those are all it has.
    known: query.assignee ? {} : { assignee: reps },
  };
}
