// topo tasks reassign --undo <journal>...: puts each journaled task back with its owner before the
// first journaled move, if it is still open and still with the last journaled target. Several
// journals (a run and its re-runs) merge. Whichever provider; changes journaled on another workspace
// (provider, API, profile: journal.ts) are left alone, and a journal holding only those is refused
// by name before anything is sent.
import { UsageError } from '../../../core/errors.ts';
import type { PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { NormalTask, Workforce } from '../../../providers/types.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { confirm } from '../../../cmdutil/prompt.ts';
import { DeclinedError, reportResults, type MutationOptions } from '../shared/mutation.ts';
import { describeWorkspace, journaledMoves, workspaceFlags, workspaceOf } from '../shared/redistribution/journal.ts';
import { readCurrent } from '../shared/redistribution/execute.ts';

export async function runUndo(rt: Runtime, work: Workforce, options: MutationOptions & { undo?: string[] }, streams: PromptStreams | undefined): Promise<number> {
  const workspace = workspaceOf(rt);
  const { moves: latest, elsewhere } = journaledMoves(options.undo!, workspace, (line) => rt.io.stderr.write(rt.err.yellow(`warning: ${line}\n`)));
  const where = elsewhere.map(({ record }) => describeWorkspace(record)).join(' and ');
  if (elsewhere.length && latest.size === 0) {
    throw new UsageError(`--undo: the journal's changes were made on ${where}, not on this one (${describeWorkspace(workspace)}); nothing was sent`, `undo them there: add ${workspaceFlags(elsewhere[0]!.record)}`);
  }
  if (elsewhere.length) rt.io.stderr.write(rt.err.yellow(`warning: ${elsewhere.reduce((sum, other) => sum + other.tasks, 0)} journaled tasks of ${where} are left for an --undo there\n`));
  const { current, failed: results } = await readCurrent<NormalTask>(rt, [...latest.keys()], (id) => work.read(id), options.concurrency);
  const todo = [...latest.values()].filter((record) => {
    const task = current.get(record.task_id);
    if (!task) return false;
    const note = !task.open ? `stale: no longer open (${task.status ?? 'closed'})`
      : record.intent && task.owner === record.from ? 'never moved: the run stopped before this change'
        : task.owner !== record.to ? `stale: now assigned to ${work.name(task.owner)}`
          : !record.from ? `had no owner: ${rt.spec.title} cannot unassign` : undefined;
    if (note) results.push({ id: record.task_id, outcome: 'unchanged', status: task.status, error: null, note });
    return !note;
  });
  rt.io.stderr.write(`undo: ${todo.length} of ${latest.size} journaled tasks go back to their previous assignee; ${latest.size - todo.length} are left as they are\n`);
  if (options.dryRun) {
    return reportResults(rt, 'undo (dry run)', [...results, ...todo.map((record): ItemResult => ({ id: record.task_id, outcome: 'skipped-by-dry-run', status: null, error: null, to: record.from }))], options);
  }
  if (todo.length) await rt.requireWrite();
  if (todo.length > 1 && !options.yes && !(await confirm(streams!, `Put ${todo.length} tasks back?`))) throw new DeclinedError('not confirmed; nothing was changed');
  const undone = await runBulk(todo.map((record) => ({ id: record.task_id, record })), ({ id, record }) => work.move(id, record.from!, 'TASK', current.get(id)),
    { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress: todo.length > 1 ? rt.progress('undo', todo.length) : undefined });
  return reportResults(rt, 'undo', [...results, ...undone], options);
}
