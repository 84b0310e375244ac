// topo tasks ls: one page, or every page (--all / --limit) fetched concurrently and printed in order.
import { PAGE_SIZE_MAX, TASK_FIELDS, type Task } from '../../../providers/topo/contract.ts';
import type { ContactSummary } from '../../../core/model.ts';
import { InterruptedError, UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { openTasksInOrder, PAGE_CONCURRENCY } from '../../../providers/topo/queries.ts';
import { outputFormat, write } from '../../../render/output.ts';
import { TaskListWriter } from '../../../render/tasks.ts';
import { CONTACT_FIELDS, DEFAULT_LIST_FIELDS, TOPO_LAYOUT } from '../../../providers/topo/view.ts';
import { OPEN, resolveFilters, type FilterFlags } from '../shared/filters.ts';
import { taskView } from '../shared/view.ts';

export interface LsOptions extends FilterFlags {
  page?: number;
  size?: number;
  limit?: number;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
  fields?: string[];
  withContact?: boolean;
}


export async function runLs(rt: Runtime, options: LsOptions): Promise<void> {
  if (options.size !== undefined && options.size > PAGE_SIZE_MAX) throw new UsageError(`--size: '${options.size}' must be a whole number from 1 to ${PAGE_SIZE_MAX}`);
  const unknown = options.fields?.filter((field) => !(TASK_FIELDS as readonly string[]).includes(field) && !field.startsWith('contact.')) ?? [];
  if (unknown.length) rt.io.stderr.write(rt.err.yellow(`warning: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not documented task fields' : 'is not a documented task field'}; shown empty where the server sends none\n`));
  const api = await rt.api();
  const filters = await resolveFilters(rt, api, options);
  const format = outputFormat(options, rt.stdoutIsTty);
  // Rows streaming onto the same terminal show their own progress; a meter line would mix into them.
  if (rt.stdoutIsTty && format !== 'table' && format !== 'json') api.progress = undefined;
  // People see who each task is about; scripts get it only when they ask (--with-contact).
  const contacts = new Map<string, ContactSummary | null>();
  const lookUp = format === 'table' || options.withContact;
  const directory = lookUp ? await rt.contacts() : undefined;
  const view = { ...taskView(rt), width: rt.io.stdout.columns, contactOf: format === 'table' ? (task: Task) => contacts.get(task.id) : undefined };
  const fields = options.withContact && format === 'tsv' && !options.fields ? [...DEFAULT_LIST_FIELDS, ...CONTACT_FIELDS] : options.fields;
  const writer = new TaskListWriter(format, rt.io.stdout, view, fields, TOPO_LAYOUT);
  const add = async (batch: Task[]) => {
    if (!directory || batch.length === 0) return writer.add(batch);
    const found = await directory.forTasks(batch);
    if (format === 'table') {
      for (const [id, contact] of found) contacts.set(id, contact);
      return writer.add(batch);
    }
    return writer.add(batch.map((task) => ({ ...task, contact: found.get(task.id) ?? null })));
  };
  let shown = 0;
  let total = 0;
  const page = options.page ?? 1;
  let more = false;
  let totalPages = 0;
  if (options.status === OPEN && !options.all && options.limit === undefined) {
    // One page of the merged open listing: the first page × size tasks of each status, merged.
    const size = options.size ?? rt.pageSize;
    const merged: Task[] = [];
    for await (const batch of openTasksInOrder(api, filters, { pageSize: Math.min(PAGE_SIZE_MAX, page * size), limit: page * size, onTotal: (count) => { total = count; } })) merged.push(...batch);
    const items = merged.slice((page - 1) * size, page * size);
    await add(items);
    shown = items.length;
    totalPages = Math.ceil(total / size);
    more = page < totalPages;
  } else if (options.all || options.limit !== undefined) {
    await rt.io.boundMemory?.();
    const pageSize = Math.min(PAGE_SIZE_MAX, options.limit ?? PAGE_SIZE_MAX, options.size ?? PAGE_SIZE_MAX);
    const listing = options.status === OPEN
      ? openTasksInOrder(api, filters, { pageSize, limit: options.limit, onTotal: (count) => { total = count; } })
      : api.paginate(filters, { pageSize, limit: options.limit, concurrency: PAGE_CONCURRENCY, onTotal: (count) => { total = count; } });
    for await (const batch of listing) {
      if (rt.interrupt.signal.aborted) throw new InterruptedError(`interrupted after ${shown} tasks`);
      await add(batch);
      shown += batch.length;
    }
  } else {
    const result = await api.listTasks(filters, page, options.size ?? rt.pageSize);
    await add(result.items);
    shown = result.items.length;
    total = result.total_count;
    more = result.has_more;
    totalPages = result.total_pages;
  }
  await writer.end();
  const p = rt.err;
  if (shown === 0 && page > 1 && total > 0) {
    rt.io.stderr.write(p.yellow(`page ${page} is past the last page (${totalPages} page${totalPages === 1 ? '' : 's'} of ${total} tasks at this --size)\n`));
  } else if (shown === 0 && format === 'table') {
    await write(rt.io.stdout, rt.out.dim('no tasks match these filters\n'));
  } else if (shown < total && (more || options.limit === undefined || shown < options.limit)) {
    // Every output mode says when it is not everything: a script piping one page must know it.
    // Past page 1, which tasks these are matters more than how many: the first pages were seen.
    const first = (page - 1) * (options.size ?? rt.pageSize);
    const which = page > 1 ? `tasks ${first + 1}–${first + shown} of ${total} (page ${page} of ${totalPages})` : `${shown} of ${total} tasks`;
    const advice = more ? ` — use --all or --page ${page + 1} for more` : page > 1 ? '' : ' — use --all for more';
    rt.io.stderr.write(p.dim(`showing ${which}${advice}`) + '\n');
  }
}
