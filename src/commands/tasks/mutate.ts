// topo tasks skip | reopen | reassign: one task or thousands, from arguments or stdin.
import type { TopoApi } from '../../api.ts';
import { applyReassign, applyTransition } from '../../actions.ts';
import { bulkExitCode, runBulk, type ItemResult } from '../../bulk.ts';
import { isOpenStatus, paths, transitions, type Scope, type Task, type Transition } from '../../contract.ts';
import { resolveUser } from '../../config.ts';
import { UsageError } from '../../http/errors.ts';
import { collectIds } from '../../lib/ids.ts';
import { confirm, promptStreams } from '../../lib/prompt.ts';
import { write } from '../../render/output.ts';
import { createProgress } from '../../render/progress.ts';
import { safeJson } from '../../render/sanitize.ts';
import type { Runtime } from '../../runtime.ts';
import { aliasLookup } from '../view.ts';

export interface MutationOptions {
  yes?: boolean;
  dryRun?: boolean;
  concurrency: number;
  json?: boolean;
}

/** More than one task needs a yes: from --yes, or from a person at a prompt. Never waits on a closed stdin. */
export async function requireConsent(rt: Runtime, options: MutationOptions, count: number, summary: string): Promise<void> {
  if (options.yes || options.dryRun || count <= 1) return;
  const streams = promptStreams(rt.io);
  if (!streams) throw new UsageError(`refusing to ${summary} without confirmation: no terminal to ask on`, 'add --yes to confirm, or --dry-run to preview');
  try {
    if (!(await confirm(streams, `${summary[0]!.toUpperCase()}${summary.slice(1)}?`))) throw new UsageError('not confirmed; nothing was changed');
  } finally {
    streams.close();
  }
}

/** Per-task results: a JSON array with --json, TSV when piped; on a terminal only failures; the summary on stderr. */
export async function reportResults(rt: Runtime, verb: string, results: ItemResult[], options: { json?: boolean; quiet?: boolean }): Promise<number> {
  const clean = results.map(({ code: _code, ...rest }) => rest);
  if (options.quiet) { /* the caller printed its own report */ } else if (options.json) await write(rt.io.stdout, `${safeJson(clean, 2)}\n`);
  else if (!rt.stdoutIsTty) {
    await write(rt.io.stdout, results.map((r) => [r.id, r.outcome, r.status ?? '', r.error ?? r.note ?? ''].join('\t')).join('\n') + (results.length ? '\n' : ''));
  }
  const count = (outcome: ItemResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const p = rt.err;
  const parts = [
    `${count('changed')} changed`,
    `${count('unchanged')} unchanged`,
    `${count('failed')} failed`,
  ];
  if (count('skipped-by-dry-run')) parts.push(`${count('skipped-by-dry-run')} previewed (dry run, nothing sent)`);
  if (count('not-attempted')) parts.push(`${count('not-attempted')} not attempted`);
  const failures = results.filter((r) => r.outcome === 'failed' || r.outcome === 'not-attempted');
  const lines = [`${verb}: ${parts.join(', ')}`];
  for (const failure of failures.filter((f) => f.outcome === 'failed').slice(0, 50)) lines.push(`  ${p.red('✗')} ${failure.id}: ${failure.error}`);
  if (failures.length > 50) lines.push(`  ... and ${failures.length - 50} more (use --json for all)`);
  if (failures.some((f) => f.code === 3)) lines.push(p.dim('hint: nothing more was sent after the API refused the key; writing needs a key with the tasks:write scope'));
  if (rt.stdoutIsTty && !options.json && results.length === 1 && results[0]!.outcome !== 'failed') {
    const r = results[0]!;
    lines[0] = `${p.green('✓')} ${r.id}: ${r.outcome}${r.note ? ` (${r.note})` : ''}${r.status ? `, now ${r.status}` : ''}`;
  }
  rt.io.stderr.write(lines.join('\n') + '\n');
  const code = bulkExitCode(results, rt.interrupt.signal.aborted);
  if (code === 130) rt.io.stderr.write(p.yellow('interrupted: the tasks above marked "not attempted" were not sent; re-run the same command to finish\n'));
  return code;
}

function isFailure(value: Task | ItemResult): value is ItemResult {
  return typeof value.outcome === 'string';
}

/** Reads the tasks (GET, concurrently) for a preview: no mutation is sent. */
async function fetchTasks(rt: Runtime, api: TopoApi, ids: string[], concurrency: number): Promise<Map<string, Task | ItemResult>> {
  const found = new Map<string, Task | ItemResult>();
  const results = await runBulk(ids.map((id) => ({ id })), async ({ id }) => {
    const task = await api.getTask(id);
    found.set(id, task);
    return { id, outcome: 'unchanged', status: task.status ?? null };
  }, { concurrency, signal: rt.interrupt.signal });
  for (const result of results) if (result.outcome === 'failed' || result.outcome === 'not-attempted') found.set(result.id, result);
  return found;
}

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
        would_send: `POST ${transition === 'skip' ? paths.skip(id) : paths.reopen(id)}`,
        would_become: legal || already ? rule.to : null,
        note: already ? `already ${rule.to}` : legal ? `${task.status} → ${rule.to}` : `would be refused: ${task.status} cannot be ${transition === 'skip' ? 'skipped' : 'reopened'}`,
      };
    });
    if (!options.json) {
      for (const r of results) rt.io.stderr.write(`${r.would_send ?? ''}  ${r.note ?? r.error ?? ''}\n`);
    }
    return reportResults(rt, `${transition} (dry run)`, results, options);
  }
  await requireConsent(rt, options, ids.length, `${transition} ${ids.length} tasks`);
  const progress = ids.length > 1 ? createProgress(rt.io.stderr, transition, ids.length) : undefined;
  const uncertain = new Set<string>();
  const results = await runBulk(ids.map((id) => ({ id })), async ({ id }, round) => {
    const result = await applyTransition(api, id, transition, round > 0 && uncertain.has(id)).catch((error) => {
      uncertain.add(id);
      throw error;
    });
    return result;
  }, { concurrency: options.concurrency, signal: rt.interrupt.signal, progress });
  return reportResults(rt, transition, results, options);
}

export interface ReassignOptions extends MutationOptions {
  to?: string;
  scope: Scope;
}

interface SequencePlan {
  sequenceId: string;
  /** The id the SEQUENCE call is sent for. */
  anchor: string;
  inputIds: string[];
  openTasks: Task[];
}

export async function runReassign(rt: Runtime, args: string[], options: ReassignOptions): Promise<number> {
  if (!options.to) throw new UsageError('tasks reassign needs --to <user> (a UUID or an alias)', 'or --from <user> to redistribute a rep\'s open work');
  const to = resolveUser(options.to, rt.aliases, '--to');
  const { ids, known } = await collectIds(args, rt.io.stdin);
  const api = await rt.api();
  const aliasOf = aliasLookup(rt.aliases);
  const name = (uuid: string | null | undefined) => (uuid ? aliasOf(uuid) ?? uuid : 'unassigned');

  if (options.scope === 'TASK') {
    if (options.dryRun) {
      const tasks = await fetchTasks(rt, api, ids, options.concurrency);
      const results = ids.map((id): ItemResult => {
        const task = tasks.get(id)!;
        if (isFailure(task)) return task;
        return { id, outcome: 'skipped-by-dry-run', status: task.status ?? null, error: null, would_send: `PATCH ${paths.assignee(id)} {"assignee_user_id":"${to}","scope":"TASK"}`,
          note: task.assignee_user_id === to ? 'already assigned to them' : `${name(task.assignee_user_id)} → ${name(to)}` };
      });
      if (!options.json) for (const r of results) rt.io.stderr.write(`${r.would_send ?? ''}  ${r.note ?? r.error ?? ''}\n`);
      return reportResults(rt, 'reassign (dry run)', results, options);
    }
    await requireConsent(rt, options, ids.length, `reassign ${ids.length} tasks to ${name(to)}`);
    const progress = ids.length > 1 ? createProgress(rt.io.stderr, 'reassign', ids.length) : undefined;
    const results = await runBulk(ids.map((id) => ({ id })), ({ id }) => applyReassign(api, id, to, 'TASK'),
      { concurrency: options.concurrency, signal: rt.interrupt.signal, progress });
    return reportResults(rt, 'reassign', results, options);
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
    const plan = bySequence.get(sequenceId) ?? { sequenceId, anchor: id, inputIds: [], openTasks: [] };
    plan.inputIds.push(id);
    bySequence.set(sequenceId, plan);
  }
  for (const plan of bySequence.values()) {
    for await (const batch of api.paginate({ sequence: plan.sequenceId }, { pageSize: 100, concurrency: 4 })) {
      plan.openTasks.push(...batch.filter((task) => isOpenStatus(task.status)));
    }
  }
  const moving = [...bySequence.values()].reduce((sum, plan) => sum + plan.openTasks.filter((t) => t.assignee_user_id !== to).length, 0);
  const preview: string[] = [];
  for (const plan of bySequence.values()) {
    const owners = new Map<string, number>();
    for (const task of plan.openTasks) if (task.assignee_user_id !== to) owners.set(name(task.assignee_user_id), (owners.get(name(task.assignee_user_id)) ?? 0) + 1);
    const from = [...owners].map(([owner, n]) => `${n} from ${owner}`).join(', ') || 'nothing to move';
    preview.push(`sequence ${plan.sequenceId}: ${plan.openTasks.length} open task${plan.openTasks.length === 1 ? '' : 's'} → ${name(to)} (${from})`);
  }
  rt.io.stderr.write(`${preview.join('\n')}\n`);
  const others = [...bySequence.values()].some((plan) => plan.openTasks.some((t) => !plan.inputIds.includes(t.id) && t.assignee_user_id !== to));
  if (others) rt.io.stderr.write(rt.err.yellow('note: SEQUENCE scope also moves open tasks of these runs that you did not list, including other reps\' tasks\n'));
  if (options.dryRun) {
    const results = [...bySequence.values()].flatMap((plan) => plan.inputIds.map((id): ItemResult => ({
      id, outcome: 'skipped-by-dry-run', status: null, error: null, sequence_id: plan.sequenceId,
      would_send: id === plan.anchor ? `PATCH ${paths.assignee(id)} {"assignee_user_id":"${to}","scope":"SEQUENCE"}` : null,
      would_move: plan.openTasks.filter((t) => t.assignee_user_id !== to).map((t) => t.id),
    })));
    return reportResults(rt, 'reassign (dry run)', [...failures, ...results], options);
  }
  await requireConsent(rt, options, moving, `move ${moving} open tasks of ${bySequence.size} sequence run${bySequence.size === 1 ? '' : 's'} to ${name(to)}`);
  const plans = [...bySequence.values()].map((plan) => ({ ...plan, id: plan.anchor }));
  const progress = plans.length > 1 ? createProgress(rt.io.stderr, 'reassign', plans.length) : undefined;
  const planResults = await runBulk(plans, async (plan) => {
    const result = await applyReassign(api, plan.anchor, to, 'SEQUENCE');
    return { ...result, sequence_id: plan.sequenceId, moved: plan.openTasks.filter((t) => t.assignee_user_id !== to).length };
  }, { concurrency: options.concurrency, signal: rt.interrupt.signal, progress });
  const results = plans.flatMap((plan, index) => plan.inputIds.map((id) => ({ ...planResults[index]!, id })));
  return reportResults(rt, 'reassign', [...failures, ...results], options);
}
