// topo tasks show <id>: every field of one task.
import { isUuid } from '../../../providers/topo/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';
import { renderTaskDetail } from '../../../providers/topo/view.ts';
import { taskView } from '../shared/view.ts';

export interface ShowOptions {
  json?: boolean;
  withContact?: boolean;
}


export async function runShow(rt: Runtime, id: string, options: ShowOptions): Promise<void> {
  if (!isUuid(id)) throw new UsageError(`'${shown(id)}' is not a task UUID (expected 8-4-4-4-12 hex digits); an integer id is Outreach's`);
  const api = await rt.api();
  const task = await api.getTask(id);
  const person = options.withContact || (!options.json && rt.stdoutIsTty);
  const contact = person ? await (await rt.contacts()).forTask(task) : undefined;
  if (options.json) await write(rt.io.stdout, `${safeJson(options.withContact ? { ...task, contact } : task, 2)}\n`);
  else await renderTaskDetail(task, rt.io.stdout, { ...taskView(rt), tty: rt.stdoutIsTty, contactOf: person ? () => contact : undefined });
}
