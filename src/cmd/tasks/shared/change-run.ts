// topo tasks skip|reopen|complete|snooze|reschedule: read for a dry run, ask once, act with the
// bulk runner, report per task; on any provider (its applyChange reads a refused task back).
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { NormalTask, StateChange, TaskProvider } from '../../../providers/types.ts';
import { runBulk, type ItemResult } from './bulk.ts';
import { collectIds } from './ids.ts';
import { nothingToDo, prepareChange, reportResults, terminalForConsent, type MutationOptions } from './mutation.ts';

export interface ChangeOptions extends MutationOptions {
  /** complete: the completion note. */
  note?: string;
  /** reschedule: the new due time. */
  due?: string;
}

/** Reads tasks (GET, concurrently); a task that cannot be read is its failed result. */
export async function readTasks(rt: Runtime, provider: TaskProvider, ids: string[], concurrency: number): Promise<Map<string, NormalTask | ItemResult>> {
  const found = new Map<string, NormalTask | ItemResult>();
  const results = await runBulk(ids.map((id) => ({ id })), async ({ id }) => {
    const task = await provider.read(id);
    found.set(id, task);
    return { id, outcome: 'unchanged', status: task.status };
  }, { concurrency, signal: rt.interrupt.signal });
  for (const result of results) if (result.outcome === 'failed' || result.outcome === 'not-attempted') found.set(result.id, result);
  return found;
}

export function isItemResult(value: NormalTask | ItemResult): value is ItemResult {
  return typeof (value as ItemResult).outcome === 'string';
}

export async function runChange(rt: Runtime, verb: StateChange, args: string[], options: ChangeOptions): Promise<number> {
  const { ids } = await collectIds(args, rt.io.stdin, rt.spec.taskIds);
  if (ids.length === 0) return nothingToDo(rt, verb, options);
  // Nobody to say yes to several tasks: refused before anything is read or sent.
  terminalForConsent(rt, options, ids.length, `${verb} ${ids.length} tasks`)?.close();
  const provider = await rt.tasks();
  const value = verb === 'complete' ? options.note : verb === 'reschedule' ? options.due : undefined;
  if (options.dryRun) {
    const tasks = await readTasks(rt, provider, ids, options.concurrency);
    const results = ids.map((id): ItemResult => {
      const task = tasks.get(id)!;
      if (isItemResult(task)) return task;
      return { id, outcome: 'skipped-by-dry-run', status: task.status, error: null, ...provider.previewChange(task, verb, value) };
    });
    if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
    return reportResults(rt, `${verb} (dry run)`, results, options);
  }
  await prepareChange(rt, options, ids.length, `${verb} ${ids.length} tasks`);
  const progress = ids.length > 1 ? rt.progress(verb, ids.length) : undefined;
  const uncertain = new Set<string>();
  const results = await runBulk(ids.map((id) => ({ id })), ({ id }, round) => provider.applyChange(id, verb, value, round > 0 && uncertain.has(id)).catch((error) => {
    uncertain.add(id);
    throw error;
  }), { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
  return reportResults(rt, verb, results, options);
}
