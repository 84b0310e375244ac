// topo tasks reassign <ids...> --to <user> on Outreach: reassignOwner task by task. The target is an
// Outreach user by id, email or name; a locked (departed) user is refused before anything is sent.
// Outreach has no whole-sequence move: --scope sequence is refused, saying so.
import type { OutreachTask } from '../../../providers/outreach/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { createProgress } from '../../../render/progress.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { collectIds } from '../shared/ids.ts';
import { prepareChange, reportResults, terminalForConsent } from '../shared/mutation.ts';
import { OUTREACH_IDS, outreachSession } from '../shared/outreach.ts';
import { applyOutreachReassign } from '../../../providers/outreach/changes.ts';
import { isItemResult, readOutreachTasks } from '../shared/outreach-verb-run.ts';
import type { ReassignIdsOptions } from './by-ids.ts';

export async function runOutreachReassignIds(rt: Runtime, args: string[], options: ReassignIdsOptions): Promise<number> {
  if (options.scope === 'SEQUENCE') {
    throw new UsageError('--scope sequence does not exist on Outreach: tasks move one by one (reassignOwner); nothing was sent', 'leave out --scope, or list every task: topo tasks ls --sequence <id> --state incomplete --all --json | topo tasks reassign - --to <user> --yes');
  }
  const { ids } = await collectIds(args, rt.io.stdin, OUTREACH_IDS);
  terminalForConsent(rt, options, ids.length, `reassign ${ids.length} tasks`)?.close();
  const session = await outreachSession(rt);
  const target = await session.people.resolve(options.to, '--to', { target: true });
  const to = String(target.id);
  const name = (id: unknown) => session.people.name(id);
  const current = await readOutreachTasks(rt, session, ids, options.concurrency);
  const failures = ids.map((id) => current.get(id)!).filter(isItemResult);
  const tasks = ids.map((id) => current.get(id)!).filter((task): task is OutreachTask => !isItemResult(task));
  if (options.dryRun) {
    const results = [...failures, ...tasks.map((task): ItemResult => {
      const theirs = String(task.ownerId) === to;
      return {
        id: String(task.id), outcome: 'skipped-by-dry-run', status: task.state ?? null, error: null,
        would_send: theirs || task.state === 'complete' ? null : session.api.plannedAction(String(task.id), 'reassignOwner', to),
        note: theirs ? 'already theirs' : task.state === 'complete' ? 'would be refused: the task is complete' : `${name(task.ownerId)} → ${name(to)}`,
      };
    })];
    if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
    return reportResults(rt, 'reassign (dry run)', results, options);
  }
  const moving = tasks.filter((task) => String(task.ownerId) !== to).length;
  if (moving > 0) await prepareChange(rt, options, moving, `reassign ${moving} tasks to ${name(to)}`);
  const progress = tasks.length > 1 ? createProgress(rt.io.stderr, 'reassign', tasks.length) : undefined;
  const results = await runBulk(tasks.map((task) => ({ id: String(task.id), task })), ({ id, task }) => applyOutreachReassign(session.api, id, to, task),
    { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
  return reportResults(rt, 'reassign', [...failures, ...results], options);
}
