// topo tasks reassign <ids...> --to <user> [--scope task|sequence], on any provider: the given
// tasks, or (where one call moves a whole group: capabilities.groupMove) every open task of their
// groups. A task already with the target is reported unchanged; nothing is sent for it.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { NormalTask, TaskProvider } from '../../../providers/types.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { isItemResult, readTasks } from '../shared/change-run.ts';
import { collectIds } from '../shared/ids.ts';
import { nothingToDo, prepareChange, reportResults, terminalForConsent, type MutationOptions } from '../shared/mutation.ts';
import { refuseOtherProviderFlags } from '../shared/filters.ts';

export interface ReassignIdsOptions extends MutationOptions {
  to: string;
  scope: 'TASK' | 'SEQUENCE';
  /** --scope was given. */
  scopeGiven?: boolean;
}

interface GroupPlan {
  group: string;
  /** The id the whole-group call is sent for. */
  anchor: string;
  inputIds: string[];
  /** Open tasks of the group not yet with the target. */
  moving: NormalTask[];
}

export async function runReassignIds(rt: Runtime, args: string[], options: ReassignIdsOptions): Promise<number> {
  refuseOtherProviderFlags(rt, { scopeSequence: options.scope === 'SEQUENCE' ? true : undefined });
  const { ids, known } = await collectIds(args, rt.io.stdin, rt.spec.taskIds);
  if (ids.length === 0) return nothingToDo(rt, 'reassign', options);
  // Nobody to say yes to several tasks: refused before anything is read or sent.
  terminalForConsent(rt, options, ids.length, `reassign ${ids.length} tasks`)?.close();
  const provider = await rt.tasks();
  const to = await provider.resolveUser(options.to, '--to', { target: true });
  const name = (id: string | null | undefined) => provider.name(id);
  if (options.scope === 'TASK') {
    // Read first: a task already with the target is not sent; the preview says who gives what.
    const current = await readTasks(rt, provider, ids, options.concurrency);
    const failures = ids.map((id) => current.get(id)!).filter(isItemResult);
    const tasks = ids.map((id) => current.get(id)!).filter((task): task is NormalTask => !isItemResult(task));
    if (options.dryRun) {
      const results = [...failures, ...tasks.map((task): ItemResult => ({ id: task.id, outcome: 'skipped-by-dry-run', status: task.status, error: null, ...provider.previewChange(task, 'reassign', to) }))];
      if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? r.id}  ${r.note ?? r.error ?? ''}\n`);
      return reportResults(rt, 'reassign (dry run)', results, options);
    }
    const moving = tasks.filter((task) => task.owner !== to).length;
    if (moving > 0) await prepareChange(rt, options, moving, `reassign ${moving} tasks to ${name(to)}`);
    const progress = tasks.length > 1 ? rt.progress('reassign', tasks.length) : undefined;
    const results = await runBulk(tasks, (task) => provider.move(task.id, to, 'TASK', task), { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
    return reportResults(rt, 'reassign', [...failures, ...results], options);
  }
  return reassignGroups(rt, provider, ids, known, to, options);
}

/** Whole groups: one call per group, after showing whose tasks will move. */
async function reassignGroups(rt: Runtime, provider: TaskProvider, ids: string[], known: Map<string, Record<string, unknown>>, to: string, options: ReassignIdsOptions): Promise<number> {
  const field = rt.spec.groups.field;
  const name = (id: string | null | undefined) => provider.name(id);
  const groupKnown = (id: string) => (typeof known.get(id)?.[field] === 'string' ? String(known.get(id)![field]) : undefined);
  const looked = await readTasks(rt, provider, ids.filter((id) => groupKnown(id) === undefined), options.concurrency);
  const failures: ItemResult[] = [];
  const byGroup = new Map<string, GroupPlan>();
  for (const id of ids) {
    const read = looked.get(id);
    if (read && isItemResult(read)) {
      failures.push(read);
      continue;
    }
    const group = groupKnown(id) ?? read?.group;
    if (!group) {
      failures.push({ id, outcome: 'failed', status: read?.status ?? null, error: `no ${rt.spec.groups.noun} to move with it`, code: 2 });
      continue;
    }
    const plan = byGroup.get(group) ?? { group, anchor: id, inputIds: [], moving: [] };
    plan.inputIds.push(id);
    byGroup.set(group, plan);
  }
  for (const plan of byGroup.values()) plan.moving = (await provider.groupOpenTasks(plan.group)).filter((task) => task.owner !== to);
  const plans = [...byGroup.values()];
  const moving = plans.reduce((sum, plan) => sum + plan.moving.length, 0);
  const preview = plans.map((plan) => {
    const owners = new Map<string, number>();
    for (const task of plan.moving) owners.set(name(task.owner), (owners.get(name(task.owner)) ?? 0) + 1);
    const from = [...owners].map(([owner, n]) => `${n} from ${owner}`).join(', ');
    return `sequence ${plan.group}: ${plan.moving.length ? `${plan.moving.length} open task${plan.moving.length === 1 ? '' : 's'} → ${name(to)} (${from})` : `nothing to move: every open task is already with ${name(to)}`}`;
  });
  rt.io.stderr.write(`${preview.join('\n')}\n`);
  const others = plans.some((plan) => plan.moving.some((task) => !plan.inputIds.includes(task.id)));
  if (others) rt.io.stderr.write(rt.err.yellow(`note: SEQUENCE scope also moves open tasks of these ${rt.spec.groups.noun}s that you did not list, including other reps' tasks\n`));
  const unchanged = (plan: GroupPlan) => plan.inputIds.map((id): ItemResult => ({ id, outcome: 'unchanged', status: null, error: null, note: 'nothing to move in its run', [field]: plan.group }));
  const idle = plans.filter((plan) => plan.moving.length === 0).flatMap(unchanged);
  const active = plans.filter((plan) => plan.moving.length > 0);
  if (options.dryRun) {
    const results = active.flatMap((plan) => plan.inputIds.map((id): ItemResult => ({
      id, outcome: 'skipped-by-dry-run', status: null, error: null, [field]: plan.group,
      would_send: id === plan.anchor ? provider.previewChange({ ...plan.moving[0]!, id, owner: null }, 'reassign', to, 'SEQUENCE').would_send : null,
      would_move: plan.moving.map((task) => task.id),
    })));
    return reportResults(rt, 'reassign (dry run)', [...failures, ...idle, ...results], options);
  }
  if (active.length) await prepareChange(rt, options, moving, `move ${moving} open tasks of ${active.length} ${rt.spec.groups.noun}${active.length === 1 ? '' : 's'} to ${name(to)}`);
  const progress = active.length > 1 ? rt.progress('reassign', active.length) : undefined;
  const stepResults = await runBulk(active.map((plan) => ({ ...plan, id: plan.anchor })), async (plan) => ({ ...(await provider.move(plan.anchor, to, 'SEQUENCE')), [field]: plan.group, moved: plan.moving.length }),
    { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });
  const results = active.flatMap((plan, index) => plan.inputIds.map((id) => ({ ...stepResults[index]!, id })));
  return reportResults(rt, 'reassign', [...failures, ...idle, ...results], options);
}
