// topo tasks skip | reopen: one task or thousands, from arguments or stdin.
import { transitions, type Transition } from '../../../providers/topo/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { createProgress } from '../../../render/progress.ts';
import { applyTransition } from '../../../providers/topo/changes.ts';
import { runBulk, type ItemResult } from './bulk.ts';
import { collectIds } from './ids.ts';
import { fetchTasks, isFailure, reportResults, prepareChange, type MutationOptions } from './mutation.ts';

export async function runTransition(rt: Runtime, transition: Transition, args: string[], options: MutationOptions): Promise<number> {
  const { ids } = await collectIds(args, rt.io.stdin);
  const rule = transitions[transition];
  const api = await rt.api();
  if (options.dryRun) {
    const tasks = await fetchTasks(rt, api, ids, options.concurrency);
    const results = ids.map((id): ItemResult => {
      const task = tasks.get(id)!;
      if (isFailure(task)) return task;
      const legal = rule.from.includes(task.status ?? '');
      const already = task.status === rule.to;
      return {
        id, outcome: 'skipped-by-dry-run', status: task.status ?? null, error: null,
        would_send: already ? null : api.plannedTransition(id, transition),
        would_become: legal || already ? rule.to : null,
        note: already ? `already ${rule.to}` : legal ? `${task.status} → ${rule.to}` : `would be refused: ${task.status} cannot be ${transition === 'skip' ? 'skipped' : 'reopened'}`,
      };
    });
    if (!options.json) {
      for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
    }
    return reportResults(rt, `${transition} (dry run)`, results, options);
  }
  await prepareChange(rt, options, ids.length, `${transition} ${ids.length} tasks`);
  const progress = ids.length > 1 ? createProgress(rt.io.stderr, transition, ids.length) : undefined;
  const uncertain = new Set<string>();
  const results = await runBulk(ids.map((id) => ({ id })), ({ id }, round) => applyTransition(api, id, transition, round > 0 && uncertain.has(id)).catch((error) => {
    uncertain.add(id);
    throw error;
  }), { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
  return reportResults(rt, transition, results, options);
}
