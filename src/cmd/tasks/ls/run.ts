// topo tasks ls: one page, or every page (--all / --limit) fetched concurrently and printed in order.
import { PAGE_SIZE_MAX, TASK_FIELDS } from '../../../core/contract.ts';
import { InterruptedError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { PAGE_CONCURRENCY } from '../../../queries/tasks.ts';
import { outputFormat, write } from '../../../render/output.ts';
import { TaskListWriter } from '../../../render/tasks.ts';
import { filtersFrom, type FilterFlags } from '../shared/filters.ts';
import { taskView } from '../shared/view.ts';

export interface LsOptions extends FilterFlags {
  page?: number;
  size?: number;
  limit?: number;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
  fields?: string[];
}


export async function runLs(rt: Runtime, options: LsOptions): Promise<void> {
  const filters = filtersFrom(options, rt.aliases);
  const unknown = options.fields?.filter((field) => !(TASK_FIELDS as readonly string[]).includes(field)) ?? [];
  if (unknown.length) rt.io.stderr.write(rt.err.yellow(`warning: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not documented task fields' : 'is not a documented task field'}; shown empty where the server sends none\n`));
  const api = await rt.api();
  const format = outputFormat(options, rt.stdoutIsTty);
  const writer = new TaskListWriter(format, rt.io.stdout, taskView(rt), options.fields);
  let shown = 0;
  let total = 0;
  const page = options.page ?? 1;
  let more = false;
  let totalPages = 0;
  if (options.all || options.limit !== undefined) {
    const pageSize = Math.min(PAGE_SIZE_MAX, options.limit ?? PAGE_SIZE_MAX, options.size ?? PAGE_SIZE_MAX);
    for await (const batch of api.paginate(filters, { pageSize, limit: options.limit, concurrency: PAGE_CONCURRENCY, onTotal: (count) => { total = count; } })) {
      if (rt.interrupt.signal.aborted) throw new InterruptedError(`interrupted after ${shown} tasks`);
      await writer.add(batch);
      shown += batch.length;
    }
  } else {
    const result = await api.listTasks(filters, page, options.size ?? rt.pageSize);
    await writer.add(result.items);
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
    const next = more ? ` or --page ${page + 1}` : '';
    rt.io.stderr.write(p.dim(`showing ${shown} of ${total} tasks — use --all${next} for more`) + '\n');
  }
}
