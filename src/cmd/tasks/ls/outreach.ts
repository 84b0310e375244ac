// topo tasks ls on an Outreach profile: one page, or every page (--all / --limit) by following the
// cursor in links.next, printed as pages arrive. For people each page side-loads prospects, owners
// and priorities (include=); scripts get the flattened resources (id, type, attributes, <rel>Id).
import { OUTREACH_PAGE_SIZE_DEFAULT, OUTREACH_PAGE_SIZE_MAX, OUTREACH_TASK_FIELDS } from '../../../providers/outreach/contract.ts';
import type { Task } from '../../../providers/topo/contract.ts';
import { InterruptedError, UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { OUTREACH_LAYOUT, type OutreachView } from '../../../providers/outreach/view.ts';
import { outputFormat, write } from '../../../render/output.ts';
import { TaskListWriter } from '../../../render/tasks.ts';
import { emptyIncluded, INCLUDE_FOR_PEOPLE, outreachFilters, outreachSession, outreachView } from '../shared/outreach.ts';
import type { LsOptions } from './run.ts';

export async function runOutreachLs(rt: Runtime, options: LsOptions): Promise<void> {
  if (options.size !== undefined && options.size > OUTREACH_PAGE_SIZE_MAX) throw new UsageError(`--size: '${options.size}' must be a whole number from 1 to ${OUTREACH_PAGE_SIZE_MAX}`);
  const session = await outreachSession(rt);
  const filters = await outreachFilters(rt, session, options);
  const unknown = options.fields?.filter((field) => !(OUTREACH_TASK_FIELDS as readonly string[]).includes(field)) ?? [];
  if (unknown.length) rt.io.stderr.write(rt.err.yellow(`warning: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not documented task fields' : 'is not a documented task field'}; shown empty where the server sends none\n`));
  const format = outputFormat(options, rt.stdoutIsTty);
  const { api } = session;
  if (rt.stdoutIsTty && format !== 'table' && format !== 'json') api.progress = undefined;
  const included = emptyIncluded();
  const people = format === 'table';
  const view = outreachView(rt, session, included, rt.io.stdout.columns);
  const writer = new TaskListWriter<OutreachView>(format, rt.io.stdout, view, options.fields, OUTREACH_LAYOUT);
  const everything = options.all || options.limit !== undefined;
  const limit = everything ? options.limit : options.size ?? rt.profile.pageSize ?? OUTREACH_PAGE_SIZE_DEFAULT;
  const pageSize = Math.min(OUTREACH_PAGE_SIZE_MAX, options.size ?? (everything ? OUTREACH_PAGE_SIZE_MAX : limit!));
  if (everything) await rt.io.boundMemory?.();
  let shown = 0;
  let total: number | undefined;
  let more = false;
  const pages = api.tasks(filters, { pageSize, limit, include: people ? INCLUDE_FOR_PEOPLE : undefined, included, onTotal: (count) => { total = count; } });
  for await (const batch of pages) {
    if (rt.interrupt.signal.aborted) throw new InterruptedError(`interrupted after ${shown} tasks`);
    await writer.add(batch as unknown as Task[]);
    shown += batch.length;
  }
  if (total !== undefined) more = shown < total;
  await writer.end();
  const p = rt.err;
  if (shown === 0 && format === 'table') await write(rt.io.stdout, rt.out.dim('no tasks match these filters\n'));
  else if (more && (options.limit === undefined || shown < options.limit)) {
    rt.io.stderr.write(p.dim(`showing ${shown} of ${total} tasks — use --all or --limit <n> for more`) + '\n');
  }
}
