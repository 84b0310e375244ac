// topo tasks reassign --from <user> on Outreach: the departing rep's incomplete tasks, grouped by
// prospect (one prospect keeps one rep), shared out with the same strategies, moved task by task
// with reassignOwner, journaled ahead of each call, then verified and converged. Outreach allows
// 10,000 calls an hour: the run says up front what it will cost at the budget the API reports,
// paces itself by x-ratelimit-* (the HTTP core's throttle), and a re-run after an interruption
// continues from today's journal: prospects already begun stay with the target they were given.
import fs from 'node:fs';
import path from 'node:path';
import type { OutreachApi } from '../../../providers/outreach/api.ts';
import { isOutreachId, OPEN_STATE, OUTREACH_PAGE_SIZE_MAX, RATE_LIMIT_PER_HOUR, type OutreachTask, type OutreachUser, type TaskPriority } from '../../../providers/outreach/contract.ts';
import { UsageError } from '../../../core/errors.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import { PAGE_CONCURRENCY } from '../../../providers/topo/queries.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { confirm, withPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { createProgress } from '../../../render/progress.ts';
import { runBulk, type ItemResult } from '../shared/bulk.ts';
import { DeclinedError, reportResults } from '../shared/mutation.ts';
import { emptyIncluded, outreachSession, type OutreachSession } from '../shared/outreach.ts';
import { applyOutreachReassign } from '../shared/outreach-actions.ts';
import { defaultJournalPath, Journal, journaledMoves, readJournal, type JournalRecord } from './journal.ts';
import { finish, missingFlags, printJournals, printPreview, readCurrent, readPlanFile, withTerminalUnlessYes, type OffboardOptions } from './offboard.ts';
import { assignRuns, summarizeTargets, type Strategy, type TargetLoad } from './plan.ts';

export interface ProspectGroup {
  /** null: tasks about no prospect move one by one, each its own group. */
  prospect_id: string | null;
  task_ids: string[];
  hot: number;
  scope: 'TASK';
}

export interface OutreachPlan {
  version: 1;
  provider: 'outreach';
  created_at: string;
  from: string;
  strategy: Strategy;
  filters: Record<string, never>;
  targets: TargetLoad[];
  entries: Array<ProspectGroup & { to: string }>;
}

const PROSPECT_WORDS = {
  column: 'PROSPECTS',
  footer: (plan: { strategy: Strategy; entries: Array<{ task_ids: string[] }> }, calls: number) =>
    `${plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0)} tasks of ${plan.entries.length} prospects (${plan.strategy}), ${calls} reassignOwner calls, one per task: Outreach moves tasks one by one`,
};

/** The most urgent priority present (the highest weight, else a name saying high) counts as hot. */
export function hotPriorities(priorities: Map<string, TaskPriority>): Set<string> {
  const all = [...priorities.values()];
  const weights = all.map((priority) => priority.weight).filter((weight): weight is number => typeof weight === 'number');
  const top = weights.length ? Math.max(...weights) : undefined;
  return new Set(all.filter((priority) => (top !== undefined ? priority.weight === top : /high|hot|urgent/i.test(String(priority.name ?? '')))).map((priority) => String(priority.id)));
}

/** One group per prospect; tasks about no prospect each alone. Groups keep the listing's order of first appearance. */
export function groupByProspect(tasks: OutreachTask[], hot: Set<string>): ProspectGroup[] {
  const groups = new Map<string, ProspectGroup>();
  for (const task of tasks) {
    const prospect = task.prospectId === null || task.prospectId === undefined ? null : String(task.prospectId);
    const key = prospect ?? `task:${String(task.id)}`;
    const group = groups.get(key) ?? { prospect_id: prospect, task_ids: [], hot: 0, scope: 'TASK' as const };
    group.task_ids.push(String(task.id));
    if (hot.has(String(task.taskPriorityId))) group.hot++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Where each prospect went in earlier runs of today's journal (the last move wins). */
export function pinsFrom(records: JournalRecord[]): Map<string, string> {
  const pins = new Map<string, string>();
  for (const record of records) if (record.prospect_id) pins.set(record.prospect_id, record.to);
  return pins;
}

export function buildOutreachPlan(input: { from: string; strategy: Strategy; targets: string[]; loads: Map<string, number>; groups: ProspectGroup[]; pins: Map<string, string>; now?: Date }): OutreachPlan {
  const entries = assignRuns(input.groups, input.targets, input.loads, input.strategy,
    (group) => group.prospect_id ?? `~${group.task_ids[0]}`, (group) => (group.prospect_id ? input.pins.get(group.prospect_id) : undefined));
  return {
    version: 1, provider: 'outreach', created_at: (input.now ?? new Date()).toISOString(), from: input.from, strategy: input.strategy, filters: {},
    targets: summarizeTargets(entries, input.targets, input.loads), entries,
  };
}

/** "5,000 calls ≈ 31 min at your remaining 9,412/h": from the budget the last answer reported. */
export function estimate(calls: number, budget: { limit: number; remaining: number; resetAt: number } | undefined, now = Date.now()): string {
  if (!budget) return `${calls.toLocaleString('en-US')} calls (Outreach allows ${RATE_LIMIT_PER_HOUR.toLocaleString('en-US')} an hour)`;
  // ASSUMPTION: a window resetting within a second is a per-second limit (a scaled-down sandbox); otherwise the documented hour.
  const perSecond = budget.resetAt - now <= 1000;
  const rate = perSecond ? budget.limit : Math.max(1, budget.remaining);
  const seconds = perSecond ? calls / rate : (calls / rate) * 3600;
  const duration = seconds < 90 ? `${Math.ceil(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
  return `${calls.toLocaleString('en-US')} calls ≈ ${duration} at your ${perSecond ? '' : 'remaining '}${rate.toLocaleString('en-US')}/${perSecond ? 's' : 'h'}`;
}

async function incompleteOf(api: OutreachApi, owner: string, include?: string[], included = emptyIncluded()): Promise<OutreachTask[]> {
  const tasks: OutreachTask[] = [];
  for await (const batch of api.tasks({ state: OPEN_STATE, owner }, { pageSize: OUTREACH_PAGE_SIZE_MAX, include, included })) tasks.push(...batch);
  return tasks;
}

/** Each target's incomplete tasks now: one size-1 listing each, read from meta.count. */
async function loadsOf(api: OutreachApi, targets: string[]): Promise<Map<string, number>> {
  const counts = await mapLimit(targets, PAGE_CONCURRENCY, (user) => api.countTasks({ state: OPEN_STATE, owner: user }));
  return new Map(targets.map((user, index) => [user, counts[index]!]));
}

function isOutreachPlan(plan: OutreachPlan): boolean {
  return plan.version === 1 && plan.provider === 'outreach' && isOutreachId(plan.from ?? '') && Array.isArray(plan.entries) && plan.entries.every((entry) =>
    isOutreachId(entry?.to ?? '') && Array.isArray(entry.task_ids) && entry.task_ids.every((id) => isOutreachId(id)));
}

export function runOutreachOffboard(rt: Runtime, options: OffboardOptions): Promise<number> {
  return withTerminalUnlessYes(rt, options, (streams) => offboardOutreach(rt, options, streams));
}

async function offboardOutreach(rt: Runtime, options: OffboardOptions, streams: PromptStreams | undefined): Promise<number> {
  const missing = missingFlags(options, Boolean(streams));
  if (missing.length) throw new UsageError(`reassign without a terminal needs ${missing.join(' and ')}`, 'e.g. topo tasks reassign --from bram@example.com --to ana@example.com --yes, or --dry-run to preview');
  if (options.types || options.priorities) throw new UsageError(`${options.types ? '--types' : '--priorities'} does not exist on Outreach: offboarding moves every incomplete task of the rep; nothing was sent`);
  if (options.journals) return printJournals(rt, options);
  const session = await outreachSession(rt);
  if (options.undo) return undoOutreach(rt, session, options, streams);
  const { api, people } = session;
  const name = (id: string | null | undefined) => people.name(id);
  let plan: OutreachPlan;
  let stale: ItemResult[] = [];
  let inventory: Record<string, unknown> | undefined;
  if (options.plan) {
    const saved = readPlanFile(options.plan, isOutreachPlan, 'a topo plan for Outreach (expected the JSON written by --plan-out on an Outreach profile)');
    await people.all();
    const open = new Map((await incompleteOf(api, saved.from)).map((task) => [String(task.id), task]));
    const entries = saved.entries.map((entry) => ({ ...entry, task_ids: entry.task_ids.filter((id) => {
      if (open.has(id)) return true;
      stale.push({ id, outcome: 'unchanged', status: null, error: null, note: `stale: no longer an incomplete task of ${name(saved.from)}`, prospect_id: entry.prospect_id });
      return false;
    }) })).filter((entry) => entry.task_ids.length > 0);
    for (const target of saved.targets) if (people.user(target.user)?.locked) throw new UsageError(`--plan: target ${name(target.user)} is locked in Outreach now; nothing was sent`, 'make a new plan with --from/--to');
    const targets = saved.targets.map((target) => target.user);
    plan = { ...saved, entries, targets: summarizeTargets(entries, targets, await loadsOf(api, targets)) };
    if (stale.length) rt.io.stderr.write(rt.err.yellow(`${stale.length} task${stale.length === 1 ? ' is' : 's are'} stale since the plan was made (completed or moved): reported, not forced\n`));
  } else {
    const from = options.from ? await people.resolve(options.from, '--from') : await pickFrom(session, streams!);
    const fromId = String(from.id);
    let targetUsers: OutreachUser[] = [];
    for (const text of options.to) targetUsers.push(await people.resolve(text, '--to', { target: true }));
    targetUsers = [...new Map(targetUsers.map((user) => [String(user.id), user])).values()];
    if (targetUsers.some((user) => String(user.id) === fromId)) throw new UsageError(`--to: ${name(fromId)} is the departing rep (--from): pick other targets`);
    const included = emptyIncluded();
    const selected = await incompleteOf(api, fromId, ['taskPriority'], included);
    const groups = groupByProspect(selected, hotPriorities(included.priorities.size ? included.priorities : new Map((await api.priorities()).map((priority) => [String(priority.id), priority]))));
    inventory = { from: fromId, from_name: name(fromId), locked: Boolean(from.locked), incomplete_tasks: selected.length, prospects: groups.filter((group) => group.prospect_id).length };
    rt.io.stderr.write(`${name(fromId)} owns ${selected.length} incomplete task${selected.length === 1 ? '' : 's'} about ${inventory.prospects} prospect${inventory.prospects === 1 ? '' : 's'}\n`);
    if (selected.length === 0) {
      if (options.json) await rt.io.stdout.write(`${JSON.stringify({ inventory, plan: null, results: [] }, null, 2)}\n`);
      return 0;
    }
    let strategy: Strategy = options.strategy ?? 'balance';
    if (targetUsers.length === 0) ({ targets: targetUsers, strategy } = await pickTargets(session, streams!, fromId));
    const targets = targetUsers.map((user) => String(user.id));
    const journalFile = options.journal ?? defaultJournalPath(rt.configDir, fromId, new Date(), rt.spec.filePrefix);
    const earlier = fs.existsSync(journalFile) ? readJournalQuietly(journalFile) : [];
    const pins = pinsFrom(earlier);
    if (earlier.length) {
      // Said whenever today's journal has moves, so a re-run is never silent about what it builds on.
      const movedEarlier = new Set(earlier.map((record) => record.task_id)).size;
      const resumed = groups.filter((group) => group.prospect_id && pins.has(group.prospect_id) && targets.includes(pins.get(group.prospect_id)!)).length;
      rt.io.stderr.write(`continuing from ${shown(journalFile, 200)}: ${movedEarlier} task${movedEarlier === 1 ? '' : 's'} journaled earlier today; ${resumed} prospect${resumed === 1 ? '' : 's'} begun then and not finished stay${resumed === 1 ? 's' : ''} with the target given\n`);
    }
    plan = buildOutreachPlan({ from: fromId, strategy, targets, loads: await loadsOf(api, targets), groups, pins });
  }

  await printPreview(rt, plan, name, PROSPECT_WORDS);
  const planned = plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0);
  // The run's cost in calls: one per task, plus the verifying listing(s).
  rt.io.stderr.write(`budget: ${estimate(planned + Math.ceil(planned / OUTREACH_PAGE_SIZE_MAX) + 1, api.http.budget)}\n`);
  if (options.planOut) {
    fs.mkdirSync(path.dirname(path.resolve(options.planOut)), { recursive: true });
    fs.writeFileSync(options.planOut, `${JSON.stringify(plan, null, 2)}\n`);
    rt.io.stderr.write(`plan written to ${shown(options.planOut, 200)}; nothing was sent. Apply it with: topo tasks reassign --plan ${shown(options.planOut, 200)} --yes\n`);
    if (options.json) await rt.io.stdout.write(`${JSON.stringify({ inventory: inventory ?? null, plan, results: [] }, null, 2)}\n`);
    return 0;
  }
  if (options.dryRun) {
    const results = [...stale, ...plan.entries.flatMap((entry) => entry.task_ids.map((id): ItemResult => ({ id, outcome: 'skipped-by-dry-run', status: null, error: null, prospect_id: entry.prospect_id, to: entry.to })))];
    return finish(rt, options, inventory, plan, results, 'reassign (dry run)');
  }
  if (planned === 0) return finish(rt, options, inventory, plan, stale, 'reassign');
  await rt.requireWrite();
  if (!options.yes && !(await confirm(streams!, `Move ${planned} tasks of ${name(plan.from)} with ${planned} calls?`))) throw new DeclinedError('not confirmed; nothing was changed');

  const journal = new Journal(options.journal ?? defaultJournalPath(rt.configDir, plan.from, new Date(), rt.spec.filePrefix));
  rt.io.stderr.write(`journal: ${journal.file}\n`);
  const execute = (entries: OutreachPlan['entries'], progressed: boolean) => {
    const steps = entries.flatMap((entry) => entry.task_ids.map((id) => ({ id, entry })));
    return runBulk(steps, async ({ id, entry }) => {
      const record = (intent: boolean): JournalRecord => ({ task_id: id, sequence_id: null, prospect_id: entry.prospect_id, provider: 'outreach', from: plan.from, to: entry.to, scope: 'TASK', at: new Date().toISOString(), ...(intent ? { intent: true as const } : {}) });
      journal.append([record(true)]);
      const result = await applyOutreachReassign(api, id, entry.to);
      journal.append([record(false)]);
      return { ...result, prospect_id: entry.prospect_id, to: entry.to };
    }, { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress: progressed ? createProgress(rt.io.stderr, 'reassign', steps.length) : undefined });
  };
  let results = await execute(plan.entries, true);

  // Verify and converge: what the rep still owns (failures, tasks created meanwhile) gets one more pass.
  if (!rt.interrupt.signal.aborted) {
    const leftover = await incompleteOf(api, plan.from);
    if (leftover.length) {
      rt.io.stderr.write(`${leftover.length} task${leftover.length === 1 ? '' : 's'} still with ${name(plan.from)}: one more pass\n`);
      const targets = plan.targets.map((target) => target.user);
      const again = buildOutreachPlan({ from: plan.from, strategy: plan.strategy, targets, loads: await loadsOf(api, targets), groups: groupByProspect(leftover, new Set()), pins: pinsFrom(readJournalQuietly(journal.file)) });
      const retried = await execute(again.entries, false);
      const byId = new Map(retried.map((result) => [result.id, result]));
      results = [...results.filter((result) => !byId.has(result.id)), ...retried];
      for (const task of await incompleteOf(api, plan.from)) {
        const index = results.findIndex((result) => result.id === String(task.id));
        const failure: ItemResult = { id: String(task.id), outcome: 'failed', status: task.state ?? null, error: 'still owned by the departing rep after a retry', code: 1 };
        if (index >= 0) results[index] = failure;
        else results.push(failure);
      }
    }
  }
  const code = await finish(rt, options, inventory, plan, [...stale, ...results], 'reassign');
  if (results.some((result) => result.outcome === 'changed')) rt.io.stderr.write(`${rt.err.dim(`to put these tasks back: topo tasks reassign --undo ${journal.file} --yes`)}\n`);
  if (rt.interrupt.signal.aborted) rt.io.stderr.write(rt.err.yellow('re-run the same command to continue: prospects already begun keep their target\n'));
  return code;
}

function readJournalQuietly(file: string): JournalRecord[] {
  try {
    return readJournal(file);
  } catch {
    return [];
  }
}

async function pickFrom(session: OutreachSession, streams: PromptStreams): Promise<OutreachUser> {
  const users = await session.people.all();
  const loads = await loadsOf(session.api, users.map((user) => String(user.id)));
  const choices = users.filter((user) => (loads.get(String(user.id)) ?? 0) > 0)
    .map((user) => ({ name: `${session.people.name(user.id)} (${loads.get(String(user.id))} incomplete)`, value: user }));
  return withPrompt(streams, (prompts, context) => prompts.select({ message: 'Whose incomplete work is to be moved?', choices, pageSize: 12 }, context));
}

async function pickTargets(session: OutreachSession, streams: PromptStreams, from: string): Promise<{ targets: OutreachUser[]; strategy: Strategy }> {
  const users = (await session.people.all()).filter((user) => String(user.id) !== from);
  const loads = await loadsOf(session.api, users.map((user) => String(user.id)));
  // Locked users are shown, marked and disabled: they left, nothing can be given to them.
  const choices = users.map((user) => ({ name: `${session.people.name(user.id)} (${loads.get(String(user.id)) ?? 0} incomplete)`, value: user, disabled: user.locked ? 'locked' : false }));
  const targets = await withPrompt(streams, (prompts, context) => prompts.checkbox({ message: 'Move it to whom? (space to pick, enter when done)', choices, pageSize: 12, required: true }, context));
  const strategy = targets.length > 1
    ? await withPrompt(streams, (prompts, context) => prompts.select<Strategy>({ message: 'How should the prospects be shared out?', choices: [
      { name: 'balance: least-loaded first', value: 'balance' }, { name: 'round-robin', value: 'round-robin' }] }, context))
    : 'balance';
  return { targets, strategy };
}

/**
 * Puts each journaled task back with its previous owner if it is still incomplete and still with the
 * journaled target. A previous owner who is locked cannot take it back: Outreach refuses, and the
 * report says so per task.
 */
async function undoOutreach(rt: Runtime, session: OutreachSession, options: OffboardOptions, streams: PromptStreams | undefined): Promise<number> {
  const latest = journaledMoves(options.undo!);
  if ([...latest.values()].some((record) => record.provider !== 'outreach')) throw new UsageError('--undo: this journal is from a Topo profile; undo it with a Topo profile');
  const { current, failed: results } = await readCurrent(rt, [...latest.keys()], async (id) => (await session.api.getTask(id)).task, options.concurrency);
  const todo = [...latest.values()].filter((record) => {
    const task = current.get(record.task_id);
    if (!task) return false;
    const owner = task.ownerId === null || task.ownerId === undefined ? null : String(task.ownerId);
    const note = task.state === 'complete' ? 'stale: complete now' : record.intent && owner === record.from ? 'never moved: the run stopped before this change'
      : owner !== record.to ? `stale: now owned by ${session.people.name(owner)}` : !record.from ? 'had no owner: Outreach cannot unassign' : undefined;
    if (note) results.push({ id: record.task_id, outcome: 'unchanged', status: task.state ?? null, error: null, note });
    return !note;
  });
  rt.io.stderr.write(`undo: ${todo.length} of ${latest.size} journaled tasks go back to their previous owner; ${latest.size - todo.length} are left as they are\n`);
  if (options.dryRun) {
    return reportResults(rt, 'undo (dry run)', [...results, ...todo.map((record): ItemResult => ({ id: record.task_id, outcome: 'skipped-by-dry-run', status: null, error: null, to: record.from }))], options);
  }
  if (todo.length) await rt.requireWrite();
  if (todo.length > 1 && !options.yes && !(await confirm(streams!, `Put ${todo.length} tasks back?`))) throw new DeclinedError('not confirmed; nothing was changed');
  const undone = await runBulk(todo.map((record) => ({ id: record.task_id, record })), ({ id, record }) => applyOutreachReassign(session.api, id, record.from!),
    { concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, progress: todo.length > 1 ? createProgress(rt.io.stderr, 'undo', todo.length) : undefined });
  return reportResults(rt, 'undo', [...results, ...undone], options);
}
