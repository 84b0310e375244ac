// topo tasks reassign <ids...> --to <user> [--scope task|sequence]: the given tasks, or every open
// task of their sequence runs. A task already with the target is reported unchanged; nothing is sent for it.
import type { Scope, Task } from '../../../providers/topo/contract.ts';
import { isOpenStatus } from '../../../providers/topo/contract.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { resolveUser } from '../../../config/settings.ts';
import { allTasks } from '../../../providers/topo/queries.ts';
import { createProgress } from '../../../render/progress.ts';
import { applyReassign } from '../../../providers/topo/changes.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { collectIds } from '../shared/ids.ts';
import { fetchTasks, isFailure, prepareChange, reportResults, terminalForConsent, type MutationOptions } from '../shared/mutation.ts';
import { userNamer } from '../shared/view.ts';

export interface ReassignIdsOptions extends MutationOptions {
  to: string;
  scope: Scope;
  /** --scope was given (Outreach refuses SEQUENCE, and says so). */
  scopeGiven?: boolean;
}

interface SequencePlan {
  sequenceId: string;
  /** The id the SEQUENCE call is sent for. */
  anchor: string;
  inputIds: string[];
  /** Open tasks of the run not yet with the target. */
  moving: Task[];
}

export async function runReassignIds(rt: Runtime, args: string[], options: ReassignIdsOptions): Promise<number> {
  const to = resolveUser(options.to, rt.aliases, '--to');
  const { ids, known } = await collectIds(args, rt.io.stdin);
  // Nobody to say yes to several tasks: refused before anything is read or sent.
  terminalForConsent(rt, options, ids.length, `reassign ${ids.length} tasks`)?.close();
  const api = await rt.api();
  const name = userNamer(rt.aliases);
  const bulk = { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal };

  if (options.scope === 'TASK') {
    // Read first: a task already with the target is not sent; the preview says who gives what.
    const current = await fetchTasks(rt, api, ids, options.concurrency);
    const failures = ids.map((id) => current.get(id)!).filter(isFailure);
    const tasks = ids.map((id) => current.get(id)!).filter((task): task is Task => !isFailure(task));
    if (options.dryRun) {
      const results = [...failures, ...tasks.map((task): ItemResult => ({
        id: task.id, outcome: 'skipped-by-dry-run', status: task.status ?? null, error: null,
        would_send: task.assignee_user_id === to ? null : api.plannedReassign(task.id, to, 'TASK'),
        note: task.assignee_user_id === to ? 'already assigned to them' : `${name(task.assignee_user_id)} → ${name(to)}`,
      }))];
      if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
      return reportResults(rt, 'reassign (dry run)', results, options);
    }
    const moving = tasks.filter((task) => task.assignee_user_id !== to).length;
    if (moving > 0) {
      await prepareChange(rt, options, moving, `reassign ${moving} tasks to ${name(to)}`);
    }
    const progress = tasks.length > 1 ? createProgress(rt.io.stderr, 'reassign', tasks.length) : undefined;
    const results = await runBulk(tasks, (task) => applyReassign(api, task.id, to, 'TASK', task), { ...bulk, progress });
    return reportResults(rt, 'reassign', [...failures, ...results], options);
  }

  // SEQUENCE scope: one call per sequence run, after showing whose tasks will move.
  const needLookup = ids.filter((id) => typeof known.get(id)?.sequence_id !== 'string');
  const looked = await fetchTasks(rt, api, needLookup, options.concurrency);
  const failures: ItemResult[] = [];
  const bySequence = new Map<string, SequencePlan>();
  for (const id of ids) {
    const task = known.get(id)?.sequence_id ? known.get(id)! : looked.get(id)!;
    if (isFailure(task)) { failures.push(task); continue; }
    const sequenceId = task.sequence_id!;
    const plan = bySequence.get(sequenceId) ?? { sequenceId, anchor: id, inputIds: [], moving: [] };
    plan.inputIds.push(id);
    bySequence.set(sequenceId, plan);
  }
  for (const plan of bySequence.values()) {
    plan.moving = (await allTasks(api, { sequence: plan.sequenceId })).filter((task) => isOpenStatus(task.status) && task.assignee_user_id !== to);
  }
  const plans = [...bySequence.values()];
  const moving = plans.reduce((sum, plan) => sum + plan.moving.length, 0);
  const preview = plans.map((plan) => {
    const owners = new Map<string, number>();
    for (const task of plan.moving) owners.set(name(task.assignee_user_id), (owners.get(name(task.assignee_user_id)) ?? 0) + 1);
    const from = [...owners].map(([owner, n]) => `${n} from ${owner}`).join(', ');
    return `sequence ${plan.sequenceId}: ${plan.moving.length ? `${plan.moving.length} open task${plan.moving.length === 1 ? '' : 's'} → ${name(to)} (${from})` : `nothing to move: every open task is already with ${name(to)}`}`;
  });
  rt.io.stderr.write(`${preview.join('\n')}\n`);
  const others = plans.some((plan) => plan.moving.some((task) => !plan.inputIds.includes(task.id)));
  if (others) rt.io.stderr.write(rt.err.yellow('note: SEQUENCE scope also moves open tasks of these runs that you did not list, including other reps\' tasks\n'));
  const unchanged = (plan: SequencePlan) => plan.inputIds.map((id): ItemResult => ({ id, outcome: 'unchanged', status: null, error: null, note: 'nothing to move in its run', sequence_id: plan.sequenceId }));
  const idle = plans.filter((plan) => plan.moving.length === 0).flatMap(unchanged);
  const active = plans.filter((plan) => plan.moving.length > 0);
  if (options.dryRun) {
    const results = active.flatMap((plan) => plan.inputIds.map((id): ItemResult => ({
      id, outcome: 'skipped-by-dry-run', status: null, error: null, sequence_id: plan.sequenceId,
      would_send: id === plan.anchor ? api.plannedReassign(id, to, 'SEQUENCE') : null,
      would_move: plan.moving.map((task) => task.id),
    })));
    return reportResults(rt, 'reassign (dry run)', [...failures, ...idle, ...results], options);
  }
  if (active.length) {
    await prepareChange(rt, options, moving, `move ${moving} open tasks of ${active.length} sequence run${active.length === 1 ? '' : 's'} to ${name(to)}`);
  }
  const steps = active.map((plan) => ({ ...plan, id: plan.anchor }));
  const progress = steps.length > 1 ? createProgress(rt.io.stderr, 'reassign', steps.length) : undefined;
  const stepResults = await runBulk(steps, async (plan) => ({ ...(await applyReassign(api, plan.anchor, to, 'SEQUENCE')), sequence_id: plan.sequenceId, moved: plan.moving.length }), { ...bulk, progress });
  const results = steps.flatMap((plan, index) => plan.inputIds.map((id) => ({ ...stepResults[index]!, id })));
  return reportResults(rt, 'reassign', [...failures, ...idle, ...results], options);
}
