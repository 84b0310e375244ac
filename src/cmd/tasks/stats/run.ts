// topo tasks stats: task counts grouped by one or two dimensions, with totals, on any provider. How
// the counting is done cheaply is the provider's (its `count`); the table, TSV and JSON are here.
import { UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { Counted, CountDimension, Dimension } from '../../../providers/types.ts';
import { AGE_ORDER, ageWords } from '../shared/age.ts';
import { cellKey, countByAge, percentilesOf, type AgesByCell } from './age.ts';
import { bar } from '../../../render/chart.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { refuseOtherProviderFlags, type FilterFlags } from '../shared/filters.ts';
import { watch, type Counts } from '../../../cmdutil/watch.ts';

export interface StatsOptions extends FilterFlags {
  by?: Dimension;
  then?: Dimension;
  json?: boolean;
  csv?: boolean;
  watch?: number | true;
}

/** The options once defaults are applied. */
export type StatsQuery = StatsOptions & { by: Dimension };

/** Rows in the values' own order (HOT, TODAY, EXTRA…) where the provider knows it; the largest first otherwise. */
function order(keys: Array<string | null>, totals: Map<string | null, number>, values: readonly string[] | undefined): Array<string | null> {
  if (!values) return [...keys].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const known = values as readonly (string | null)[];
  const rank = (key: string | null) => (known.includes(key) ? known.indexOf(key) : known.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

export async function runStats(rt: Runtime, options: StatsQuery): Promise<number | void> {
  if (options.watch === undefined) return void (await countOnce(rt, options));
  if (options.json || options.csv) throw new UsageError('--watch redraws a table: it cannot be combined with --json, --csv or --jq');
  return watch(rt, options.watch, `tasks stats --by ${options.by}${options.then ? ` --then ${options.then}` : ''}`, (frame) => countOnce(frame, options));
}

/** One count, drawn: the groups' totals and the total (--watch tells changes by them). */
async function countOnce(rt: Runtime, options: StatsQuery): Promise<Counts> {
  refuseOtherProviderFlags(rt, options);
  for (const [flag, dim] of [['--by', options.by], ['--then', options.then]] as const) {
    const lacking = dim && rt.spec.capabilities.lacksDimensions[dim];
    if (lacking) throw new UsageError(`${flag} ${dim} does not exist on ${rt.spec.title}: ${lacking.why}; nothing was sent`, lacking.instead);
  }
  if ((options.by === 'age' || options.then === 'age') && (options.by === 'template' || options.then === 'template')) {
    throw new UsageError('--by/--then: age cannot be combined with template (tasks do not carry their template); nothing was sent', 'e.g. --by age --then assignee, or --template <name> --by age');
  }
  const provider = await rt.tasks();
  const query = await provider.query(options);
  if (options.by === 'age' || options.then === 'age') {
    const aged = await countByAge(provider, query, options.by, options.then, rt.spec.capabilities.ageBasis);
    return renderStats(rt, options, aged.counted, aged.ages);
  }
  return renderStats(rt, options, await provider.count(query, options.by, options.then as CountDimension | undefined));
}

/** The cells with a 0 for each known key no task was counted under (a rep with no open task). */
function withKnownKeys(stats: Counted['result'], known: Counted['known']): Counted['result']['cells'] {
  const cells = [...stats.cells];
  const rows = new Set(cells.map((cell) => cell.key));
  const cols = [...new Set(cells.map((cell) => cell.then_key ?? null))];
  for (const key of known[stats.by] ?? []) {
    if (rows.has(key)) continue;
    if (stats.then && cols.length) for (const col of cols) cells.push({ key, then_key: col, count: 0 });
    else cells.push({ key, ...(stats.then ? { then_key: null } : {}), count: 0 });
  }
  if (stats.then) {
    const allRows = [...new Set(cells.map((cell) => cell.key))];
    for (const col of known[stats.then] ?? []) if (!cols.includes(col)) for (const key of allRows) cells.push({ key, then_key: col, count: 0 });
  }
  return cells;
}

/**
 * The counts as JSON, TSV or a table with bars. `nameOf` gives a person-readable name for a key on
 * a terminal (an alias, a template's or an Outreach user's name); scripts get the keys.
 */
async function renderStats(rt: Runtime, options: { json?: boolean; csv?: boolean }, counted: Counted, ages?: AgesByCell): Promise<Counts> {
  const stats = { ...counted.result, cells: withKnownKeys(counted.result, counted.known) };
  const basis = rt.spec.capabilities.ageBasis;
  const dimensionOrder = { ...rt.spec.capabilities.dimensionOrder, age: AGE_ORDER };
  const dimensionWords = { ...rt.spec.capabilities.dimensionWords, age: ageWords(basis).heading };
  const nameOf = counted.nameOf;
  const named = (dim: Dimension | null) => dim !== null && counted.named.includes(dim);
  const extra = (dim: Dimension, key: string | null): Record<string, unknown> => (named(dim) ? { [`${dim}_name`]: key === null ? null : nameOf(dim, key) ?? null } : {});
  if (options.json || options.csv) {
    const rowRank = new Map(order([...new Set(stats.cells.map((cell) => cell.key))], new Map(stats.cells.map((cell) => [cell.key, stats.cells.filter((other) => other.key === cell.key).reduce((sum, other) => sum + other.count, 0)])), dimensionOrder[stats.by]).map((key, index) => [key, index]));
    const cells = [...stats.cells].sort((a, b) => rowRank.get(a.key)! - rowRank.get(b.key)!).map((cell) => ({
      [stats.by]: cell.key, ...extra(stats.by, cell.key),
      ...(stats.then ? { [stats.then]: cell.then_key, ...extra(stats.then, cell.then_key ?? null) } : {}),
      count: cell.count,
      ...(ages ? percentilesOf(ages.get(cellKey(cell.key, cell.then_key)) ?? []) : {}),
    }));
    // CSV: one line per group, the columns of --json's groups.
    if (options.csv) {
      await write(rt.io.stdout, csvRecords(cells));
      return new Map();
    }
    const age = ages ? { age: { basis: ageWords(basis).basis, ...percentilesOf([...ages.values()].flat()) } } : {};
    await write(rt.io.stdout, `${safeJson({ by: stats.by, then: stats.then, groups: cells, total: stats.total, source: stats.source, ...age }, 2)}\n`);
    return new Map();
  }
  const tty = rt.stdoutIsTty;
  const label = (dim: Dimension, key: string | null | undefined) => {
    if (key === null || key === undefined) return dim === 'assignee' ? 'unassigned' : '—';
    const text = sanitizeInline(key);
    return tty ? sanitizeInline(nameOf(dim, key) || key) : text;
  };
  const count = (row: string | null, col?: string | null) => stats.cells.filter((cell) => cell.key === row && (col === undefined || cell.then_key === col)).reduce((sum, cell) => sum + cell.count, 0);
  const rowTotals = new Map([...new Set(stats.cells.map((cell) => cell.key))].map((key) => [key, count(key)]));
  const rowKeys = order([...rowTotals.keys()], rowTotals, dimensionOrder[stats.by]);
  const colTotals = new Map(stats.then ? [...new Set(stats.cells.map((cell) => cell.then_key ?? null))].map((key) => [key, stats.cells.filter((cell) => cell.then_key === key).reduce((sum, cell) => sum + cell.count, 0)]) : []);
  const colKeys = stats.then ? order([...colTotals.keys()], colTotals, dimensionOrder[stats.then]) : [];
  const rows = rowKeys.map((row) => ({ row, counts: colKeys.map((col) => count(row, col)), total: rowTotals.get(row) ?? 0 }));
  const head = [(dimensionWords[stats.by] ?? stats.by).toUpperCase(), ...colKeys.map((col) => label(stats.then!, col)), 'TOTAL'];
  if (!tty) {
    // Data only: a header naming the columns, one line per group, no totals row.
    // A named key (a rep, a template) carries its name beside it: the alias, the template's or user's name.
    const name = (key: string | null) => (named(stats.by) ? [key === null ? '' : sanitizeInline(nameOf(stats.by, key) ?? '')] : []);
    const tsvHead = named(stats.by) ? [head[0]!, 'NAME', ...head.slice(1)] : head;
    const lines = [tsvHead.join('\t'), ...rows.map((r) => [label(stats.by, r.row), ...name(r.row), ...r.counts, r.total].join('\t'))];
    await write(rt.io.stdout, lines.join('\n') + '\n');
    return new Map();
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
  return new Map([...rows.map((r) => [label(stats.by, r.row), r.total] as const), ['total', stats.total]]);
}
