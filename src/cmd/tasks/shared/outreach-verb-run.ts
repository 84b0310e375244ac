// topo tasks complete|snooze|reschedule on Outreach: read for a dry run, ask once, act with the
// bulk runner, report per task.
import type { OutreachTask } from '../../../providers/outreach/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { createProgress } from '../../../render/progress.ts';
import { runBulk, type ItemResult } from './bulk.ts';
import { collectIds } from './ids.ts';
import { prepareChange, reportResults, terminalForConsent, type MutationOptions } from './mutation.ts';
import { OUTREACH_IDS, outreachSession, type OutreachSession } from './outreach.ts';
import { applyOutreachVerb, OUTREACH_VERBS, type OutreachVerb } from '../../../providers/outreach/changes.ts';

export interface OutreachVerbOptions extends MutationOptions {
  note?: string;
  due?: string;
}

/** Reads tasks (GET, concurrently); a task that cannot be read is its failed result. */
export async function readOutreachTasks(rt: Runtime, session: OutreachSession, ids: string[], concurrency: number): Promise<Map<string, OutreachTask | ItemResult>> {
  const found = new Map<string, OutreachTask | ItemResult>();
  const results = await runBulk(ids.map((id) => ({ id })), async ({ id }) => {
    found.set(id, (await session.api.getTask(id)).task);
    return { id, outcome: 'unchanged', status: null };
  }, { concurrency, signal: rt.interrupt.signal });
  for (const result of results) if (result.outcome === 'failed' || result.outcome === 'not-attempted') found.set(result.id, result);
  return found;
}

export function isItemResult(value: OutreachTask | ItemResult): value is ItemResult {
  return typeof value.outcome === 'string';
}

/** What a snooze would make of a due time: a day after now or after it, whichever is later. */
function snoozed(due: unknown, now: number): string {
  const at = typeof due === 'string' ? Date.parse(due) : NaN;
  return new Date(Math.max(now, Number.isNaN(at) ? 0 : at) + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export async function runOutreachVerb(rt: Runtime, verb: OutreachVerb, args: string[], options: OutreachVerbOptions): Promise<number> {
  const { ids } = await collectIds(args, rt.io.stdin, OUTREACH_IDS);
  terminalForConsent(rt, options, ids.length, `${verb} ${ids.length} tasks`)?.close();
  const session = await outreachSession(rt);
  const { action } = OUTREACH_VERBS[verb];
  const value = verb === 'complete' ? options.note : verb === 'reschedule' ? options.due : undefined;
  if (options.dryRun) {
    const tasks = await readOutreachTasks(rt, session, ids, options.concurrency);
    const now = Date.now();
    const results = ids.map((id): ItemResult => {
      const task = tasks.get(id)!;
      if (isItemResult(task)) return task;
      const complete = task.state === 'complete';
      const note = complete
        ? verb === 'complete' ? 'already complete' : `would be refused: a complete task cannot be ${OUTREACH_VERBS[verb].past}`
        : verb === 'complete' ? `${task.state} → complete` : `due ${task.dueAt ?? '—'} → ${verb === 'snooze' ? snoozed(task.dueAt, now) : value}`;
      return { id, outcome: 'skipped-by-dry-run', status: task.state ?? null, error: null, would_send: complete ? null : session.api.plannedAction(id, action, value), note };
    });
    if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
    return reportResults(rt, `${verb} (dry run)`, results, options);
  }
  await prepareChange(rt, options, ids.length, `${verb} ${ids.length} tasks`);
  const progress = ids.length > 1 ? createProgress(rt.io.stderr, verb, ids.length) : undefined;
  const uncertain = new Set<string>();
  const results = await runBulk(ids.map((id) => ({ id })), ({ id }, round) => applyOutreachVerb(session.api, id, verb, value, round > 0 && uncertain.has(id)).catch((error) => {
    uncertain.add(id);
    throw error;
  }), { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
  return reportResults(rt, verb, results, options);
}
