// topo tasks show <id> on Outreach: the task with its prospect, owner and priority side-loaded
// (one GET with include=), the due time and the note.
import { isOutreachId } from '../../../providers/outreach/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { renderOutreachDetail } from '../../../providers/outreach/view.ts';
import { write } from '../../../render/output.ts';
import { safeJson } from '../../../render/sanitize.ts';
import { INCLUDE_FOR_PEOPLE, outreachSession, outreachView } from '../shared/outreach.ts';
import type { ShowOptions } from './run.ts';

export async function runOutreachShow(rt: Runtime, id: string, options: ShowOptions): Promise<void> {
  if (!isOutreachId(id)) throw new UsageError(`'${shown(id)}' is not an Outreach task id (a positive integer)`);
  if (options.withContact) throw new UsageError('--with-contact does not exist on Outreach: the task carries its prospect; nothing was sent', '--json includes `prospect` (name, title, company)');
  const session = await outreachSession(rt);
  const { task, included } = await session.api.getTask(id, INCLUDE_FOR_PEOPLE);
  const view = outreachView(rt, session, included);
  if (options.json) {
    const prospect = view.prospect(task.prospectId);
    await write(rt.io.stdout, `${safeJson({ ...task, owner: view.ownerName(task.ownerId) ?? null, prospect: prospect ?? null, taskPriority: view.priorityName(task.taskPriorityId) ?? null }, 2)}\n`);
  } else await renderOutreachDetail(task, rt.io.stdout, { ...view, tty: rt.stdoutIsTty });
}
