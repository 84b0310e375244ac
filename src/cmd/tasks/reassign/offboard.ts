// topo tasks reassign --from <user>: move everything a departing rep owns to one or several
// colleagues, on any provider: inventory -> plan -> preview -> confirm -> execute (journaled) ->
// verify and converge. Also --plan (apply a reviewed plan file) and --undo (undo.ts). What differs
// between providers (who the users are, what a group is, whether one call moves a group, what a
// change costs) is the provider's workforce and capability data.
import { UsageError } from '../../../core/errors.ts';
import { plural, shellWord } from '../../../core/words.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { DEFAULT_PROVIDER } from '../../../providers/registry.ts';
import type { NormalTask, Workforce } from '../../../providers/types.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import type { ItemResult } from '../shared/bulk.ts';
import type { MutationOptions } from '../shared/mutation.ts';
import { commandName, userNamer } from '../shared/view.ts';
import { carryOut, keptBack, readPlanFile, refuseUnusablePlan, withTerminalUnlessYes } from '../shared/redistribution/carry-out.ts';
import { executePlan, recheckPlan, type ExecuteOptions } from '../shared/redistribution/execute.ts';
import { checkJournalFlag, defaultJournalPath, type Journal, pinsFrom, readJournalQuietly, workspaceOf, type Workspace } from '../shared/redistribution/journal.ts';
import { printPreview } from '../shared/redistribution/preview.ts';
import { buildPlan, groupTasks, planForWire, planFromWire, sharesOf, summarizeTargets, type Plan, type Strategy } from '../shared/redistribution/plan.ts';
import { resolveShares } from '../shared/redistribution/shares.ts';
import { pickExclusions, pickFrom, pickTargets, printInventoryCharts, printJournals } from './offboard-view.ts';
import { runUndo } from './undo.ts';

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
  cap?: string[];
}

function countBy(tasks: NormalTask[], field: 'type' | 'priority'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const task of tasks) {
    const key = task[field];
    if (key === undefined) continue;
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

export function runOffboard(rt: Runtime, options: OffboardOptions): Promise<number> {
  return withTerminalUnlessYes(rt, options, (streams) => offboard(rt, options, streams));
}

async function offboard(rt: Runtime, options: OffboardOptions, streams: PromptStreams | undefined): Promise<number> {
  const spec = rt.spec;
  const missing = missingFlags(options, Boolean(streams));
  if (missing.length) throw new UsageError(`reassign without a terminal needs ${missing.join(' and ')}`, 'e.g. topo tasks reassign --from bram --to ana --to chen --yes, or --dry-run to preview');
  if (!spec.capabilities.offboardFilters && (options.types || options.priorities)) {
    throw new UsageError(`${options.types ? '--types' : '--priorities'} does not exist on ${spec.title}: offboarding moves every ${spec.groups.openWord} task of the rep; nothing was sent`);
  }
  if (options.journal !== undefined) checkJournalFlag(options.journal);
  if (options.journals) return printJournals(rt, options, userNamer(rt.aliases));
  const work = await rt.tasks();
  if (options.undo) return runUndo(rt, work, options, streams);
  const field = spec.groups.field;
  const workspace = workspaceOf(rt);
  const name = (id: string | null | undefined) => work.name(id);
  let plan: Plan;
  let stale: ItemResult[] = [];
  let inventory: Record<string, unknown> | undefined;
  if (options.plan) {
    const saved = readPlanFile(options.plan, (raw) => planFromWire(raw, { provider: spec.name, defaultProvider: DEFAULT_PROVIDER.name, field, userIds: spec.userIds, taskIds: spec.taskIds.valid }),
      `a topo redistribution plan for ${spec.title} (expected the JSON written by --plan-out on a ${spec.name} profile)`);
    const targets = saved.targets.map((target) => target.user);
    await refuseUnusablePlan(work, options.plan, saved, workspace, targets, 'make a new plan with --from/--to --plan-out');
    const rechecked = await recheckPlan(work, saved.entries, saved.from, await work.openTasksOf(saved.from, saved.filters), field, options.concurrency);
    stale = rechecked.stale;
    plan = { ...saved, entries: rechecked.entries, targets: summarizeTargets(rechecked.entries, targets, await work.loads(targets), sharesOf(saved.targets)) };
    if (stale.length) rt.io.stderr.write(rt.err.yellow(`${stale.length} task${stale.length === 1 ? ' is' : 's are'} stale since the plan was made (closed, moved or reassigned): reported, not forced\n`));
  } else {
    const from = options.from ? await work.resolveUser(options.from, '--from') : await pickFrom(rt, work, streams!);
    const named = await resolveShares(options.to, options.cap, async (text) => {
      const id = await work.resolveUser(text, '--to', { target: true });
      if (id === from) throw new UsageError(`--to: ${shown(text)} is the departing rep (--from): pick other targets`);
      return id;
    }, '--to');
    let targets = named.users;
    let filters: Plan['filters'] = { types: options.types, priorities: options.priorities };
    let selected = await work.openTasksOf(from, filters);
    const groupCount = new Set(selected.map((task) => task.group ?? `~${task.id}`)).size;
    const byType = countBy(selected, 'type');
    const byPriority = countBy(selected, 'priority');
    inventory = { from, from_name: name(from), open_tasks: selected.length, groups: groupCount, group: spec.groups.noun, by_type: byType, by_priority: byPriority };
    const breakdown = (counts: Record<string, number>) => Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
    rt.io.stderr.write(`${name(from)} holds ${selected.length} ${spec.groups.openWord} task${selected.length === 1 ? '' : 's'} in ${groupCount} ${spec.groups.noun}${groupCount === 1 ? '' : 's'}` +
      `${selected.length && Object.keys(byType).length ? ` — by type: ${breakdown(byType)}${Object.keys(byPriority).length ? `; by priority: ${breakdown(byPriority)}` : ''}` : ''}\n`);
    if (selected.length && rt.io.stderr.isTTY && Object.keys(byType).length) printInventoryCharts(rt, byType, byPriority, ['HOT', 'TODAY', 'EXTRA']);
    if (selected.length === 0) {
      if (options.json) await write(rt.io.stdout, `${safeJson({ inventory, plan: null, results: [] }, 2)}\n`);
      return 0;
    }
    let strategy: Strategy = options.strategy ?? 'balance';
    if (targets.length === 0) {
      ({ targets, strategy } = await pickTargets(rt, work, streams!, from));
      if (spec.capabilities.offboardFilters) {
        // Optionally leave some types or priorities with the rep; what is left out keeps its groups' tasks moving task by task.
        const kept = await pickExclusions(streams!, byType, byPriority);
        filters = { types: kept.types ?? filters.types, priorities: kept.priorities ?? filters.priorities };
        selected = selected.filter((task) => (!filters.types || filters.types.includes(task.type ?? '')) && (!filters.priorities || filters.priorities.includes(task.priority ?? '')));
        if (selected.length === 0) throw new UsageError('every task was left out; nothing to move');
      }
    }
    if (targets.includes(from)) throw new UsageError('--to: the departing rep cannot also be a target');
    if (targets.length === 0) throw new UsageError('no target to move the work to');
    const pins = await resumedPins(rt, work, options.journal ?? defaultJournalPath(rt.configDir, from, workspace, spec.filePrefix), workspace, selected, targets);
    const whole = spec.capabilities.groupMove ? await work.wholeGroups(selected) : new Set<string>();
    const groups = groupTasks(selected, whole);
    inventory.whole_groups = groups.filter((group) => group.scope === 'SEQUENCE').length;
    const everyone = [...new Set([...targets, ...pins.values()])];
    plan = buildPlan({ ...workspace, from, strategy, targets, loads: await work.loads(everyone), groups, pins, filters, shares: named.shares });
    if (streams && (!options.from || options.to.length === 0)) {
      // What was chosen at the prompts, as a command a script (or the next offboarding) can run.
      const short = (id: string) => commandName(rt.aliases, id);
      const words = ['topo tasks reassign', `--from ${short(from)}`, ...targets.map((target) => `--to ${short(target)}${(named.shares.weights?.get(target) ?? 1) !== 1 ? `:${named.shares.weights!.get(target)}` : ''}`), `--strategy ${strategy}`,
        ...(filters.types ? [`--types ${filters.types.join(',')}`] : []), ...(filters.priorities ? [`--priorities ${filters.priorities.join(',')}`] : []),
        // What this run will do, and no more: a dry run or a plan-out stays one when copied.
        ...(options.dryRun ? ['--dry-run'] : options.planOut ? [`--plan-out ${shellWord(sanitizeInline(options.planOut))}`] : ['--yes'])];
      rt.io.stderr.write(`${rt.err.dim(`the same without prompts: ${words.join(' ')}`)}\n`);
    }
  }
  return carryOutOffboarding(rt, work, options, streams, plan, stale, inventory);
}

/**
 * Groups begun in today's journal (an interrupted run) stay with the target they were given, even
 * one this run does not name: otherwise the group would end with two reps. Said whenever the
 * journal has moves, so a re-run is never silent about what it builds on.
 */
async function resumedPins(rt: Runtime, work: Workforce, journalFile: string, workspace: Workspace, selected: NormalTask[], targets: string[]): Promise<Map<string, string>> {
  const earlier = readJournalQuietly(journalFile, workspace);
  const all = pinsFrom(earlier, rt.spec.groups.field);
  const present = new Set(selected.map((task) => task.group));
  const pins = new Map([...all].filter(([group]) => present.has(group)));
  for (const [group, to] of pins) {
    const why = targets.includes(to) ? undefined : await work.cannotTake(to);
    if (why) {
      rt.io.stderr.write(rt.err.yellow(`warning: a ${rt.spec.groups.noun} begun earlier went to ${work.name(to)}, who is ${why} now: its other tasks go to this run's targets\n`));
      pins.delete(group);
    }
  }
  if (earlier.length) {
    const movedEarlier = new Set(earlier.map((record) => record.task_id)).size;
    const elsewhere = new Set([...pins.values()].filter((to) => !targets.includes(to)));
    const noun = rt.spec.groups.noun;
    rt.io.stderr.write(`continuing from ${shown(journalFile, 200)}: ${movedEarlier} task${movedEarlier === 1 ? '' : 's'} journaled earlier today; ${pins.size} ${noun}${pins.size === 1 ? '' : 's'} begun then and not finished stay${pins.size === 1 ? 's' : ''} with the target given` +
      `${elsewhere.size ? ` (also ${[...elsewhere].map((user) => work.name(user)).join(', ')}, not named this time)` : ''}\n`);
  }
  return pins;
}

function carryOutOffboarding(rt: Runtime, work: Workforce, options: OffboardOptions, streams: PromptStreams | undefined, plan: Plan, stale: ItemResult[], inventory: Record<string, unknown> | undefined): Promise<number> {
  const spec = rt.spec;
  const name = (id: string | null | undefined) => work.name(id);
  return carryOut(rt, work, options, streams, {
    verb: 'reassign',
    from: plan.from,
    entries: plan.entries,
    wire: planForWire(plan, spec.groups.field),
    inventory,
    before: [...stale, ...keptBack(rt, plan)],
    journalFile: options.journal ?? defaultJournalPath(rt.configDir, plan.from, workspaceOf(rt), spec.filePrefix),
    preview: () => printPreview(rt, plan, name),
    applyWith: (file) => `topo tasks reassign --plan ${file} --yes`,
    question: (tasks, calls) => `Move ${tasks} tasks of ${name(plan.from)} with ${calls} calls?`,
    undoWith: (journal) => `to put these tasks back: topo tasks reassign --undo ${journal} --yes`,
    converge: (results, run) => converge(rt, work, plan, results, run.journal, run, Boolean(options.plan)),
  });
}

/** The second pass: what the rep still holds, moved once more (a plan's run only reports it). */
async function converge(rt: Runtime, work: Workforce, plan: Plan, results: ItemResult[], journal: Journal, run: Omit<ExecuteOptions, 'progress'>, fromPlan: boolean): Promise<ItemResult[]> {
  const field = rt.spec.groups.field;
  const planned = new Set(plan.entries.flatMap((entry) => entry.task_ids));
  const leftover = await work.openTasksOf(plan.from, plan.filters);
  const unplanned = fromPlan ? leftover.filter((task) => !planned.has(task.id)) : [];
  if (unplanned.length) {
    rt.io.stderr.write(rt.err.yellow(`${plural(unplanned.length, 'task')} reached ${work.name(plan.from)} after the plan was made and ${unplanned.length === 1 ? 'was' : 'were'} left alone; to move ${unplanned.length === 1 ? 'it' : 'them'}: topo tasks reassign --from ${plan.from}${plan.targets.map((target) => ` --to ${target.user}`).join('')}\n`));
  }
  // What went to a target who refused it stays, reported with the server's words: giving it to the
  // others would change the balance that was previewed.
  const toRefused = new Set(plan.entries.filter((entry) => run.refused?.has(entry.to)).flatMap((entry) => entry.task_ids));
  // What no target had room for stays, as previewed (reported as not sent).
  const kept = new Set((plan.kept ?? []).flatMap((group) => group.task_ids));
  const again = leftover.filter((task) => !unplanned.includes(task) && !toRefused.has(task.id) && !kept.has(task.id));
  const targets = plan.targets.map((target) => target.user).filter((user) => !run.refused?.has(user));
  if (again.length === 0 || targets.length === 0) return results;
  rt.io.stderr.write(`${plural(again.length, 'task')} still with ${work.name(plan.from)}: one more pass\n`);
  const pins = new Map([...pinsFrom(readJournalQuietly(journal.file, run.workspace), field)].filter(([, to]) => !run.refused?.has(to)));
  const whole = rt.spec.capabilities.groupMove ? await work.wholeGroups(again) : new Set<string>();
  const second = buildPlan({ ...run.workspace, from: plan.from, strategy: plan.strategy, targets, loads: await work.loads([...new Set([...targets, ...pins.values()])]), groups: groupTasks(again, whole), pins, filters: plan.filters, shares: sharesOf(plan.targets) });
  const retried = await executePlan(work, plan.from, second.entries, run);
  const byId = new Map(retried.map((result) => [result.id, result]));
  const merged = [...results.filter((result) => !byId.has(result.id)), ...retried];
  for (const task of await work.openTasksOf(plan.from, plan.filters)) {
    if (kept.has(task.id) || unplanned.some((left) => left.id === task.id)) continue;
    const index = merged.findIndex((result) => result.id === task.id);
    // A failure keeps the server's words, and an unsent change its reason; only a task that no call failed on is "still there".
    if (index >= 0 && (merged[index]!.outcome === 'failed' || merged[index]!.outcome === 'not-attempted')) continue;
    const failure: ItemResult = { id: task.id, outcome: 'failed', status: task.status, error: `still with the departing rep after ${index >= 0 ? 'a retry' : 'both passes (it appeared during the run)'}`, code: 1 };
    if (index >= 0) merged[index] = failure;
    else merged.push(failure);
  }
  return merged;
}
