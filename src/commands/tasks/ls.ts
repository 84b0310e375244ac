// topo tasks ls: one page, or every page (--all / --limit) fetched concurrently and printed in order.
import { PAGE_SIZE_MAX, TASK_FIELDS } from '../../contract.ts';
import { InterruptedError, UsageError } from '../../http/errors.ts';
import { outputFormat, write } from '../../render/output.ts';
import { TaskListWriter } from '../../render/tasks.ts';
import type { Runtime } from '../../runtime.ts';
import { taskView } from '../view.ts';
import { filtersFrom, type FilterFlags } from './filters.ts';

export interface LsOptions extends FilterFlags {
  page?: number;
  size?: number;
  limit?: number;
  all?: boolean;
  json?: boolean;
  ndjson?: boolean;
  fields?: string[];
}

/** Pages fetched at once by --all: enough to hide 50 ms of latency, few enough to stay polite. */
export const PAGE_CONCURRENCY = 10;

export function checkLsOptions(options: LsOptions): void {
  if (options.all && options.limit !== undefined) throw new UsageError('--all and --limit cannot be combined: --all fetches every task, --limit <n> the first n');
  if ((options.all || options.limit !== undefined) && options.page !== undefined) throw new UsageError('--page selects one page: it cannot be combined with --all or --limit');
  if (options.json && options.ndjson) throw new UsageError('--json and --ndjson cannot be combined: pick one output format');
}

export async function runLs(rt: Runtime, options: LsOptions): Promise<void> {
  checkLsOptions(options);
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
  }
  await writer.end();
  if (format === 'table') {
    const palette = rt.out;
    if (shown === 0) await write(rt.io.stdout, palette.dim('no tasks match these filters\n'));
    else if (shown < total) {
      rt.io.stderr.write(palette.dim(`showing ${shown} of ${total} — use --all or --page${more ? ` ${page + 1}` : ''}`) + '\n');
    }
  }
}
