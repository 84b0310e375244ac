// topo tasks reassign --from <user>: move everything a departing rep owns to one or several
// colleagues. Inventory -> plan -> preview -> confirm -> execute (journaled) -> verify and converge.
// Also --plan (apply a reviewed plan file) and --undo (put a journal's tasks back).
import fs from 'node:fs';
import path from 'node:path';
import type { TopoApi } from '../../../providers/topo/api.ts';
import { isOpenStatus, isUuid, PRIORITIES, type Task } from '../../../providers/topo/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { describeFileError } from '../../../cmdutil/files.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { confirm, withPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { resolveUser } from '../../../config/settings.ts';
import { knownUsers, openLoads, openTasks, openTasksOfRuns } from '../../../providers/topo/queries.ts';
import { write } from '../../../render/output.ts';
import { createProgress } from '../../../render/progress.ts';
import { bar, barChart } from '../../../render/chart.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { applyReassign } from '../shared/actions.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { DeclinedError, reportResults, type MutationOptions } from '../shared/mutation.ts';
import { userNamer } from '../shared/view.ts';
import { executePlan, recheckPlan } from './execute.ts';
import { defaultJournalPath, Journal, journaledMoves, journalDir, listJournals } from './journal.ts';
import { buildPlan, callCount, summarizeTargets, type Plan, type Strategy } from './plan.ts';

export interface OffboardOptions extends MutationOptions {
  from?: string;
  to: string[];
  strategy?: Strategy;
  types?: string[];
  priorities?: string[];
  planOut?: string;
  plan?: string;
  undo?: string[];
  journal?: string;
  journals?: boolean;
}

interface Inventory {
  from: string;
  open_tasks: number;
  runs: number;
  sequence_safe_runs: number;
  by_type: Record<string, number>;
  by_priority: Record<string, number>;
}

function countBy(tasks: Task[], field: 'type' | 'priority'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const task of tasks) {
    const key = String(task[field] ?? 'unknown');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Flags a non-interactive run lacks, checked before anything is sent. Writing a plan for review needs no --yes. */
export function missingFlags(options: OffboardOptions, interactive: boolean): string[] {
  const reviewOnly = options.dryRun || (options.planOut !== undefined && !options.plan);
  if (options.journals) return [];
  if (options.plan || options.undo) return options.yes || options.dryRun || interactive ? [] : ['--yes'];
  const missing: string[] = [];
  if (!options.from && !interactive) missing.push('--from <user>');
  if (options.to.length === 0 && !interactive) missing.push('--to <user>');
  if (!options.yes && !reviewOnly && !interactive) missing.push('--yes');
  return missing;
}

/** --from and --to resolved before any request: duplicates merged, the rep never among the targets. */
function resolveRoles(rt: Runtime, options: OffboardOptions): { from?: string; targets: string[] } {
  const from = options.from ? resolveUser(options.from, rt.aliases, '--from') : undefined;
  const targets = [...new Set(options.to.map((user) => resolveUser(user, rt.aliases, '--to')))];
  if (from && targets.includes(from)) throw new UsageError(`--to: ${shown(options.to.find((user) => resolveUser(user, rt.aliases, '--to') === from)!)} is the departing rep (--from): pick other targets`);
  return { from, targets };
}

/** A --plan file, read and parsed, then checked by `valid`: either failure is exit 2 naming the file. */
export function readPlanFile<T>(file: string, valid: (plan: T) => boolean, expected: string): T {
  let plan: T;
  try {
    plan = JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new UsageError(`--plan: cannot read ${shown(file, 200)}: ${describeFileError(error)}`);
  }
  if (!plan || !valid(plan)) throw new UsageError(`--plan: ${shown(file, 200)} is not ${expected}`);
  return plan;
}

function isPlan(plan: Plan): boolean {
  return plan.version === 1 && isUuid(plan.from ?? '') && Array.isArray(plan.entries) && plan.entries.every((entry) =>
    isUuid(entry?.to ?? '') && Array.isArray(entry.task_ids) && entry.task_ids.every((id) => isUuid(id)) && (entry.scope === 'TASK' || entry.scope === 'SEQUENCE'));
}

export function runOffboard(rt: Runtime, options: OffboardOptions): Promise<number> {
  return withTerminalUnlessYes(rt, options, (streams) => offboard(rt, options, streams));
}

/** Offboarding asks at a terminal unless --yes: the streams while `body` runs, closed after. */
export async function withTerminalUnlessYes<T>(rt: Runtime, options: { yes?: boolean }, body: (streams: PromptStreams | undefined) => Promise<T>): Promise<T> {
  const streams = options.yes ? undefined : rt.io.terminal();
  try {
    return await body(streams);
  } finally {
    streams?.close();
  }
}

async function offboard(rt: Runtime, options: OffboardOptions, streams: PromptStreams | undefined): Promise<number> {
  const interactive = Boolean(streams);
  const missing = missingFlags(options, interactive);
  if (missing.length) {
    throw new UsageError(`reassign without a terminal needs ${missing.join(' and ')}`, 'e.g. topo tasks reassign --from bram --to ana --to chen --yes, or --dry-run to preview');
  }
  if (options.journals) return printJournals(rt, options);
  if (options.undo) return runUndo(rt, options, streams);
  const roles = resolveRoles(rt, options);
  const name = userNamer(rt.aliases);
  const api = await rt.api();
  let plan: Plan;
  let stale: ItemResult[] = [];
  let inventory: Inventory | undefined;
  if (options.plan) {
    const saved = readPlanFile(options.plan, isPlan, 'a topo redistribution plan (expected the JSON written by --plan-out)');
    const runOpen = await openTasksOfRuns(api, [...new Set(saved.entries.map((entry) => entry.sequence_id))]);
    const rechecked = recheckPlan(saved.entries, saved.from, runOpen);
    stale = rechecked.stale;
    const targets = saved.targets.map((target) => target.user);
    const loads = await openLoads(api, targets);
    plan = { ...saved, entries: rechecked.entries, targets: summarizeTargets(rechecked.entries, targets, loads) };
    if (stale.length) rt.io.stderr.write(rt.err.yellow(`${stale.length} task${stale.length === 1 ? ' is' : 's are'} stale since the plan was made (closed, moved or reassigned): reported, not forced\n`));
  } else {
    const from = roles.from ?? await pickFrom(rt, api, streams!);
    let filters: Plan['filters'] = { types: options.types, priorities: options.priorities };
    let selected = await openTasks(api, { assignee: from, ...filters });
    const runs = [...new Set(selected.map((task) => task.sequence_id ?? ''))];
    const runOpen = await openTasksOfRuns(api, runs);
    let targets = roles.targets;
    inventory = { from, open_tasks: selected.length, runs: runs.length, sequence_safe_runs: 0, by_type: countBy(selected, 'type'), by_priority: countBy(selected, 'priority') };
    rt.io.stderr.write(`${name(from)} holds ${selected.length} open task${selected.length === 1 ? '' : 's'} in ${runs.length} sequence run${runs.length === 1 ? '' : 's'}` +
      `${selected.length ? ` — by type: ${Object.entries(inventory.by_type).map(([k, v]) => `${k} ${v}`).join(', ')}; by priority: ${Object.entries(inventory.by_priority).map(([k, v]) => `${k} ${v}`).join(', ')}` : ''}\n`);
    if (selected.length && rt.io.stderr.isTTY) {
      // The book as a picture: by type and by priority (HOT, TODAY, EXTRA).
      const chart = (counts: Record<string, number>, order?: readonly string[]) => barChart(Object.entries(counts).map(([key, value]) => [sanitizeInline(key), value]), { width: 20, color: rt.err.cyan, order }).map((line) => `  ${line}`);
      rt.io.stderr.write([...chart(inventory.by_type), '', ...chart(inventory.by_priority, PRIORITIES)].join('\n') + '\n\n');
    }
    if (selected.length === 0) {
      if (options.json) await write(rt.io.stdout, `${safeJson({ inventory, plan: null, results: [] }, 2)}\n`);
      return 0;
    }
    let strategy: Strategy = options.strategy ?? 'balance';
    if (targets.length === 0) {
      ({ targets, strategy } = await pickTargets(rt, api, streams!, from, name));
      // Optionally leave some types or priorities with the rep; what is left out keeps its runs' tasks moving task by task.
      const kept = await pickExclusions(streams!, inventory);
      filters = { types: kept.types ?? filters.types, priorities: kept.priorities ?? filters.priorities };
      selected = selected.filter((task) => (!filters.types || filters.types.includes(task.type ?? '')) && (!filters.priorities || filters.priorities.includes(task.priority ?? '')));
      if (selected.length === 0) throw new UsageError('every task was left out; nothing to move');
    }
    if (targets.includes(from)) throw new UsageError('--to: the departing rep cannot also be a target');
    if (targets.length === 0) throw new UsageError('no target to move the work to');
    const loads = await openLoads(api, targets);
    plan = buildPlan({ from, strategy, targets, loads, selected, runOpenTasks: runOpen, filters });
    inventory.sequence_safe_runs = plan.entries.filter((entry) => entry.scope === 'SEQUENCE').length;
    if (streams && (!roles.from || roles.targets.length === 0)) {
      // What was chosen at the prompts, as a command a script (or the next offboarding) can run.
      const short = (uuid: string) => Object.entries(rt.aliases).find(([, id]) => id === uuid)?.[0] ?? uuid;
      const words = ['topo tasks reassign', `--from ${short(from)}`, ...targets.map((target) => `--to ${short(target)}`), `--strategy ${strategy}`,
        ...(filters.types ? [`--types ${filters.types.join(',')}`] : []), ...(filters.priorities ? [`--priorities ${filters.priorities.join(',')}`] : []), '--yes'];
      rt.io.stderr.write(`${rt.err.dim(`the same without prompts: ${words.join(' ')}`)}\n`);
    }
  }

  await printPreview(rt, plan, name);
  const planned = plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0);
  if (options.planOut) {
    fs.mkdirSync(path.dirname(path.resolve(options.planOut)), { recursive: true });
    fs.writeFileSync(options.planOut, `${JSON.stringify(plan, null, 2)}\n`);
    // Like `terraform plan -out`: writing a plan for review stops there; --plan <file> --yes applies it.
    rt.io.stderr.write(`plan written to ${shown(options.planOut, 200)}; nothing was sent. Apply it with: topo tasks reassign --plan ${shown(options.planOut, 200)} --yes\n`);
    if (options.json) await write(rt.io.stdout, `${safeJson({ inventory: inventory ?? null, plan, results: [] }, 2)}\n`);
    return 0;
  }
  if (options.dryRun) {
    const results = [...stale, ...plan.entries.flatMap((entry) => entry.task_ids.map((id): ItemResult => ({ id, outcome: 'skipped-by-dry-run', status: null, error: null, sequence_id: entry.sequence_id, to: entry.to, scope: entry.scope })))];
    return finish(rt, options, inventory, plan, results, 'reassign (dry run)');
  }
  if (planned === 0) return finish(rt, options, inventory, plan, stale, 'reassign');
  await rt.requireWrite();
  if (!options.yes && !(await confirm(streams!, `Move ${planned} tasks of ${name(plan.from)} with ${callCount(plan.entries)} calls?`))) {
    throw new DeclinedError('not confirmed; nothing was changed');
  }

  const journal = new Journal(options.journal ?? defaultJournalPath(rt.configDir, plan.from));
  rt.io.stderr.write(`journal: ${journal.file}\n`);
  const progress = createProgress(rt.io.stderr, 'reassign', plan.entries.reduce((sum, entry) => sum + (entry.scope === 'SEQUENCE' ? 1 : entry.task_ids.length), 0));
  let results = await executePlan(api, plan.from, plan.entries, { journal, concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress });

  // Verify and converge: whatever the rep still holds (failures, tasks created meanwhile) gets one more pass.
  if (!rt.interrupt.signal.aborted) {
    const leftover = await openTasks(api, { assignee: plan.from, ...plan.filters });
    if (leftover.length) {
      rt.io.stderr.write(`${leftover.length} task${leftover.length === 1 ? '' : 's'} still with ${name(plan.from)}: one more pass\n`);
      const targets = plan.targets.map((target) => target.user);
      const again = buildPlan({ from: plan.from, strategy: plan.strategy, targets, loads: await openLoads(api, targets), selected: leftover,
        runOpenTasks: await openTasksOfRuns(api, [...new Set(leftover.map((task) => task.sequence_id ?? ''))]), filters: plan.filters });
      const retried = await executePlan(api, plan.from, again.entries, { journal, concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal });
      const byId = new Map(retried.map((result) => [result.id, result]));
      results = [...results.filter((result) => !byId.has(result.id)), ...retried];
      const still = await openTasks(api, { assignee: plan.from, ...plan.filters });
      for (const task of still) {
        const index = results.findIndex((result) => result.id === task.id);
        const failure: ItemResult = { id: task.id, outcome: 'failed', status: task.status ?? null, error: 'still assigned to the departing rep after a retry', code: 1 };
        if (index >= 0) results[index] = failure;
        else results.push(failure);
      }
    }
  }
  const code = await finish(rt, options, inventory, plan, [...stale, ...results], 'reassign');
  if (results.some((result) => result.outcome === 'changed')) {
    rt.io.stderr.write(`${rt.err.dim(`to put these tasks back: topo tasks reassign --undo ${journal.file} --yes`)}\n`);
  }
  return code;
}

export async function finish(rt: Runtime, options: OffboardOptions, inventory: object | undefined, plan: object, results: ItemResult[], verb: string): Promise<number> {
  if (!options.json) return reportResults(rt, verb, results, options);
  await write(rt.io.stdout, `${safeJson({ inventory: inventory ?? null, plan, results: results.map(({ code: _code, ...rest }) => rest) }, 2)}\n`);
  return reportResults(rt, verb, results, { json: false, quiet: true });
}

/** How a plan's groups are called: Topo's sequence runs (SEQUENCE-safe or not) or Outreach's prospects. */
export interface GroupWords {
  column: string;
  footer(plan: Pick<Plan, 'strategy'> & { entries: Array<{ task_ids: string[]; scope: string }> }, calls: number): string;
}
const RUN_WORDS: GroupWords = {
  column: 'RUNS',
  footer: (plan, calls) => `${plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0)} tasks in ${plan.entries.length} runs (${plan.strategy}), ${calls} calls: ${plan.entries.filter((e) => e.scope === 'SEQUENCE').length} whole runs by SEQUENCE scope, the rest task by task`,
};

export async function printPreview(rt: Runtime, plan: Pick<Plan, 'strategy' | 'targets'> & { entries: Array<{ task_ids: string[]; scope: 'TASK' | 'SEQUENCE' }> }, name: (uuid: string | null | undefined) => string, words: GroupWords = RUN_WORDS): Promise<void> {
  const p = rt.err;
  const calls = callCount(plan.entries);
  // On a terminal each target's load before and after as a pair of bars on one scale.
  const max = Math.max(0, ...plan.targets.map((target) => target.load_after));
  const bars = (before: number, after: number) => `${p.dim(bar(before, max, 16).padEnd(16))} ${p.cyan(bar(after, max, 16))}`;
  const tty = Boolean(rt.io.stderr.isTTY);
  const table = await renderTable({
    head: ['TARGET', words.column, 'TASKS', 'HOT', 'LOAD BEFORE → AFTER', ...(tty ? [''] : [])],
    rows: plan.targets.map((target) => [name(target.user), String(target.runs), String(target.tasks), String(target.hot), `${target.load_before} → ${target.load_after}`,
      ...(tty ? [bars(target.load_before, target.load_after)] : [])]),
    alignRight: [1, 2, 3],
    columns: [{ min: 8 }, {}, {}, {}, {}, { drop: 0 }],
    width: rt.io.stderr.columns,
  }, p.bold);
  rt.io.stderr.write(`${table}${words.footer(plan, calls)}\n`);
}

async function pickFrom(rt: Runtime, api: TopoApi, streams: PromptStreams): Promise<string> {
  const { users } = await knownUsers(api, rt.aliases);
  const choices = users.filter((user) => user.open_tasks > 0).map((user) => ({ name: `${user.alias ?? user.id} (${user.open_tasks} open)`, value: user.id }));
  return withPrompt(streams, (prompts, context) => prompts.select({ message: 'Whose open work is to be moved?', choices, pageSize: 12 }, context));
}

async function pickTargets(rt: Runtime, api: TopoApi, streams: PromptStreams, from: string, name: (uuid: string) => string): Promise<{ targets: string[]; strategy: Strategy }> {
  const { users } = await knownUsers(api, rt.aliases);
  const choices = users.filter((user) => user.id !== from).sort((a, b) => name(a.id).localeCompare(name(b.id)))
    .map((user) => ({ name: `${name(user.id)} (${user.open_tasks} open)`, value: user.id }));
  const targets = await withPrompt(streams, (prompts, context) => prompts.checkbox({
    message: 'Move it to whom? (space to pick, enter when done)', choices, pageSize: 12, required: true,
  }, context));
  const strategy = targets.length > 1
    ? await withPrompt(streams, (prompts, context) => prompts.select<Strategy>({ message: 'How should the runs be shared out?', choices: [
      { name: 'balance: least-loaded first', value: 'balance' }, { name: 'round-robin', value: 'round-robin' }] }, context))
    : 'balance';
  return { targets, strategy };
}

/** Checkboxes of the types and priorities present, to leave out (none by default); returns what to keep. */
async function pickExclusions(streams: PromptStreams, inventory: Inventory): Promise<Plan['filters']> {
  const kept: Plan['filters'] = {};
  for (const [dimension, counts] of [['types', inventory.by_type], ['priorities', inventory.by_priority]] as const) {
    const values = Object.keys(counts);
    if (values.length < 2) continue;
    const excluded = await withPrompt(streams, (prompts, context) => prompts.checkbox({
      message: `Leave any ${dimension === 'types' ? 'task types' : 'priorities'} with the rep? (enter for none)`,
      choices: values.map((value) => ({ name: `${value} (${counts[value]})`, value })),
    }, context));
    if (excluded.length) kept[dimension] = values.filter((value) => !excluded.includes(value));
  }
  return kept;
}

/** Lists the journals in the config folder: what `--undo` can take back. */
export async function printJournals(rt: Runtime, options: OffboardOptions): Promise<number> {
  const journals = listJournals(rt.configDir);
  if (options.json) {
    await write(rt.io.stdout, `${safeJson(journals, 2)}\n`);
    return 0;
  }
  const name = userNamer(rt.aliases);
  if (!rt.stdoutIsTty) {
    await write(rt.io.stdout, journals.map((journal) => [journal.file, journal.from ?? '', journal.tasks, journal.first_at ?? '', journal.last_at ?? ''].join('\t')).join('\n') + (journals.length ? '\n' : ''));
    return 0;
  }
  if (journals.length === 0) {
    rt.io.stderr.write(`no journals in ${journalDir(rt.configDir)}\n`);
    return 0;
  }
  const p = rt.out;
  await write(rt.io.stdout, await renderTable({
    head: ['FROM', 'TASKS', 'LAST CHANGE', 'JOURNAL'],
    rows: journals.map((journal) => [name(journal.from), String(journal.tasks), journal.last_at ?? '—', journal.file]),
    alignRight: [1],
    width: rt.io.stdout.columns,
  }, p.bold));
  return 0;
}

/**
 * Puts each journaled task back to where it was before the first journaled move, if it is still open
 * and still with the last journaled assignee. Several journals (a run and its re-runs) merge.
 */
/** The journaled tasks as they are now, read like a bulk run; a task that cannot be read is reported failed, not undone. */
export async function readCurrent<T>(rt: Runtime, ids: string[], read: (id: string) => Promise<T>, concurrency: number): Promise<{ current: Map<string, T>; failed: ItemResult[] }> {
  const current = new Map<string, T>();
  const reads = await runBulk(ids.map((id) => ({ id })), async ({ id }) => {
    current.set(id, await read(id));
    return { id, outcome: 'unchanged', status: null };
  }, { concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal });
  return { current, failed: reads.filter((result) => result.outcome === 'failed') };
}

async function runUndo(rt: Runtime, options: OffboardOptions, streams: PromptStreams | undefined): Promise<number> {
  const latest = journaledMoves(options.undo!);
  if ([...latest.values()].some((record) => record.provider === 'outreach')) throw new UsageError('--undo: this journal is from an Outreach profile; undo it with --provider outreach');
  const api = await rt.api();
  const { current, failed: results } = await readCurrent(rt, [...latest.keys()], (id) => api.getTask(id), options.concurrency);
  const todo = [...latest.values()].filter((record) => {
    const task = current.get(record.task_id);
    if (!task) return false;
    if (!isOpenStatus(task.status)) results.push({ id: record.task_id, outcome: 'unchanged', status: task.status ?? null, error: null, note: 'stale: no longer open' });
    else if (record.intent && task.assignee_user_id === record.from) results.push({ id: record.task_id, outcome: 'unchanged', status: task.status ?? null, error: null, note: 'never moved: the run stopped before this change' });
    else if (task.assignee_user_id !== record.to) results.push({ id: record.task_id, outcome: 'unchanged', status: task.status ?? null, error: null, note: `stale: now assigned to ${task.assignee_user_id ?? 'nobody'}` });
    else if (!record.from) results.push({ id: record.task_id, outcome: 'unchanged', status: task.status ?? null, error: null, note: 'was unassigned: the API cannot unassign' });
    else return true;
    return false;
  });
  rt.io.stderr.write(`undo: ${todo.length} of ${latest.size} journaled tasks go back to their previous assignee; ${latest.size - todo.length} are left as they are\n`);
  if (options.dryRun) {
    return reportResults(rt, 'undo (dry run)', [...results, ...todo.map((record): ItemResult => ({ id: record.task_id, outcome: 'skipped-by-dry-run', status: null, error: null, to: record.from }))], options);
  }
  if (todo.length) await rt.requireWrite();
  if (todo.length > 1 && !options.yes && !(await confirm(streams!, `Put ${todo.length} tasks back?`))) throw new DeclinedError('not confirmed; nothing was changed');
  const undone = await runBulk(todo.map((record) => ({ id: record.task_id, record })), ({ id, record }) => applyReassign(api, id, record.from!, 'TASK'),
    { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress: todo.length > 1 ? createProgress(rt.io.stderr, 'undo', todo.length) : undefined });
  return reportResults(rt, 'undo', [...results, ...undone], options);
}
