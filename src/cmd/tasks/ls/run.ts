// topo tasks ls: one page, or every page (--all / --limit), printed as it arrives, on any provider.
// How pages are fetched and decorated is the provider's listing; formats and footers are here.
import { InterruptedError, UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { watch } from '../../../cmdutil/watch.ts';
import { outputFormat, write } from '../../../render/output.ts';
import { TaskListWriter } from '../../../render/tasks.ts';
import { refuseOtherProviderFlags, type FilterFlags } from '../shared/filters.ts';
import { checkAgainstRows, resolveFields } from './fields.ts';

/** `--assignee none`: the tasks nobody has. */
const NOBODY = 'none';

export interface LsOptions extends FilterFlags {
  page?: number;
  size?: number;
  limit?: number;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
  csv?: boolean;
  watch?: number | true;
  fields?: string[];
  withContact?: boolean;
}

export async function runLs(rt: Runtime, options: LsOptions): Promise<number | void> {
  if (options.watch === undefined) return void (await listOnce(rt, options));
  if (options.json || options.ndjson || options.csv) throw new UsageError('--watch redraws a table: it cannot be combined with --json, --ndjson, --csv or --jq');
  return watch(rt, options.watch, 'tasks ls', async (frame) => new Map([['matching tasks', (await listOnce(frame, options)).total]]));
}

/** What a listing showed: how many tasks, of how many that match (--watch tells changes by it). */
async function listOnce(rt: Runtime, options: LsOptions): Promise<{ shown: number; total: number }> {
  const { spec } = rt;
  if (options.size !== undefined && options.size > spec.pageSize.max) throw new UsageError(`--size: '${options.size}' must be a whole number from ${spec.pageSize.min} to ${spec.pageSize.max}`);
  refuseOtherProviderFlags(rt, options);
  const requested = options.fields ? resolveFields(options.fields, spec.taskFields) : undefined;
  // `--assignee none`: neither API can filter on "nobody", so every page is read and filtered here.
  const unassigned = (options.assignee ?? options.owner)?.trim().toLowerCase() === NOBODY;
  if (unassigned && options.page !== undefined) throw new UsageError(`--assignee ${NOBODY} reads pages until it has enough unassigned tasks: use --limit <n> or --all, not --page`);
  const provider = await rt.tasks();
  const query = await provider.query(unassigned ? { ...options, assignee: undefined, owner: undefined } : options);
  const format = outputFormat(options, rt.stdoutIsTty);
  const page = options.page ?? 1;
  const everything = Boolean(options.all) || options.limit !== undefined || unassigned;
  const wanted = unassigned && !options.all ? options.limit ?? options.size ?? rt.pageSize : undefined;
  if (everything) await rt.io.boundMemory?.();
  const listing = provider.list(query, {
    page, size: options.size, all: Boolean(options.all) || unassigned, limit: unassigned ? undefined : options.limit, people: format === 'table', withContact: Boolean(options.withContact),
    // Rows streaming onto the same terminal show their own progress; a meter line would mix into them.
    progress: !(rt.stdoutIsTty && format !== 'table' && format !== 'json'),
    palette: rt.out, width: rt.io.stdout.columns, profilePageSize: rt.profile.pageSize,
  });
  const fields = options.withContact && (format === 'tsv' || format === 'csv') && !requested ? listing.contactFields : requested?.fields;
  const writer = new TaskListWriter(format, rt.io.stdout, listing.view, fields, listing.layout);
  let shown = 0;
  let enough = false;
  try {
    for await (const all of listing.batches) {
      if (rt.interrupt.signal.aborted) throw new InterruptedError(`interrupted after ${shown} tasks`);
      let batch = unassigned ? all.filter((task) => task[spec.assigneeField] === null || task[spec.assigneeField] === undefined) : all;
      if (wanted !== undefined) batch = batch.slice(0, wanted - shown);
      if (shown === 0 && requested?.undocumented.length) checkAgainstRows(requested.undocumented, batch, spec.taskFields);
      await writer.add(batch);
      shown += batch.length;
      enough = wanted !== undefined && shown >= wanted;
      if (enough) break;
    }
    await writer.end();
  } finally {
    writer.close();
  }
  if (unassigned) {
    if (shown === 0 && format === 'table') await write(rt.io.stdout, rt.out.dim('no unassigned tasks match these filters\n'));
    if (enough) rt.io.stderr.write(rt.err.dim(`showing the first ${shown} unassigned tasks; there may be more — use --all or --limit <n>`) + '\n');
    return { shown, total: shown };
  }
  const counted = listing.total();
  const total = counted ?? shown;
  const more = listing.more() ?? shown < total;
  const totalPages = listing.totalPages() ?? 1;
  const p = rt.err;
  if (shown === 0 && page > 1 && total > 0) {
    rt.io.stderr.write(p.yellow(`page ${page} is past the last page (${totalPages} page${totalPages === 1 ? '' : 's'} of ${total} tasks at this --size)\n`));
  } else if (shown === 0 && format === 'table') {
    await write(rt.io.stdout, rt.out.dim('no tasks match these filters\n'));
  } else if (counted === undefined && more && (options.limit === undefined || shown < options.limit)) {
    // No count from the server, but a next page: say so all the same.
    rt.io.stderr.write(p.dim(`showing ${shown} tasks; there are more — use --all or --limit <n> for more`) + '\n');
  } else if (options.all && options.limit === undefined) {
    // Everything was read: a count that differs is the work of others while it ran, not a rest to fetch.
    if (counted !== undefined && shown !== total) rt.io.stderr.write(p.dim(`${shown} tasks; ${total} matched when the listing began (others changed meanwhile)`) + '\n');
  } else if (shown < total && (more || options.limit === undefined || shown < options.limit)) {
    // Every output mode says when it is not everything: a script piping one page must know it.
    // Past page 1, which tasks these are matters more than how many: the first pages were seen.
    const first = (page - 1) * (options.size ?? rt.pageSize);
    const which = page > 1 ? `tasks ${first + 1}–${first + shown} of ${total} (page ${page} of ${totalPages})` : `${shown} of ${total} tasks`;
    // After --limit the next page of --size would not follow on: a larger limit would.
    const next = options.limit !== undefined ? 'a larger --limit' : spec.capabilities.paging === 'offset' ? `--page ${page + 1}` : '--limit <n>';
    const advice = more ? ` — use --all or ${next} for more` : page > 1 ? '' : ' — use --all for more';
    rt.io.stderr.write(p.dim(`showing ${which}${advice}`) + '\n');
  }
  return { shown, total };
}
