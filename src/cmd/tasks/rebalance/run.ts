// topo tasks rebalance: even out a team that stays, on any provider. inventory (each member's
// open tasks, which groups only they hold) -> plan (rebalance-plan.ts) -> preview -> consent ->
// journaled moves -> verify, as offboarding does (carry-out.ts). --plan applies a reviewed plan.
import { UsageError } from '../../../core/errors.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import { plural } from '../../../core/words.ts';
import { shown } from '../../../cmdutil/flags.ts';
import type { PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { DEFAULT_PROVIDER } from '../../../providers/registry.ts';
import type { Workforce } from '../../../providers/types.ts';
import type { ItemResult } from '../shared/bulk.ts';
import { carryOut, readPlanFile, refuseUnusablePlan, withTerminalUnlessYes, type CarryOutOptions } from '../shared/redistribution/carry-out.ts';
import { recheckPlan } from '../shared/redistribution/execute.ts';
import { checkJournalFlag, defaultJournalPath, readJournalQuietly, teamKey, workspaceOf } from '../shared/redistribution/journal.ts';
import { entriesFromWire, sharesOf, summarizeTargets, type PlanEntry, type TargetLoad } from '../shared/redistribution/plan.ts';
import { printPreview } from '../shared/redistribution/preview.ts';
import { planRebalance, type Shortfall } from '../shared/redistribution/rebalance-plan.ts';
import { resolveShares } from '../shared/redistribution/shares.ts';
import { verifyMoves } from '../shared/redistribution/verify.ts';
import { refuseOtherProviderFlags } from '../shared/filters.ts';
import { inventoryOf, parseSkew } from './team.ts';

export interface RebalanceOptions extends CarryOutOptions {
  team?: string[];
  maxSkew?: string;
  cap?: string[];
  types?: string[];
  priorities?: string[];
  /** Outreach's kinds of task: the filter its `types` are. */
  action?: string[];
  journal?: string;
}

interface RebalancePlan {
  version: 1;
  kind: 'rebalance';
  provider: string;
  base_url?: string;
  profile?: string;
  created_at: string;
  team: string[];
  max_skew: number;
  filters: { types?: string[]; priorities?: string[] };
  skew_before: number;
  skew_after: number;
  reached: boolean;
  shortfall?: Shortfall;
  targets: TargetLoad[];
  entries: PlanEntry[];
}

export function runRebalance(rt: Runtime, options: RebalanceOptions): Promise<number> {
  return withTerminalUnlessYes(rt, options, (streams) => rebalance(rt, options, streams));
}

const round = (value: number) => Math.round(value * 10) / 10;

async function rebalance(rt: Runtime, options: RebalanceOptions, streams: PromptStreams | undefined): Promise<number> {
  const spec = rt.spec;
  const reviewOnly = options.dryRun || (options.planOut !== undefined && !options.plan);
  if (!options.yes && !reviewOnly && !streams) throw new UsageError('rebalance without a terminal needs --yes', 'e.g. topo tasks rebalance --team ana,chen,dana --yes, or --dry-run to preview');
  if (options.plan !== undefined) {
    const given = (['team', 'cap', 'maxSkew', 'types', 'priorities', 'action', 'planOut'] as const).filter((key) => options[key] !== undefined);
    if (given.length) throw new UsageError(`--plan applies a saved plan: ${given.map((key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} cannot be given with it (the plan holds them)`);
  }
  refuseOtherProviderFlags(rt, options);
  if (options.journal !== undefined) checkJournalFlag(options.journal);
  const skew = parseSkew(options.maxSkew);
  const texts = options.team ?? rt.profile.team?.split(',').filter(Boolean);
  if (!options.plan && !texts?.length) throw new UsageError('rebalance needs --team <members> (ids or aliases, comma-separated)', 'or save one for this profile: topo config set team ana,chen,dana');
  const work = await rt.tasks();
  if (options.plan) return applySaved(rt, work, options, streams, options.plan);
  const { users, shares } = await resolveShares(texts!, options.cap, (who) => work.resolveUser(who, '--team', { target: true }), '--team');
  if (users.length < 2) throw new UsageError('--team: a rebalance needs at least two members');
  const workspace = workspaceOf(rt);
  const field = spec.groups.field;
  const filters = { types: options.types ?? options.action, priorities: options.priorities };
  const journalFile = options.journal ?? defaultJournalPath(rt.configDir, teamKey(users), workspace, spec.filePrefix, new Date(), 'rebalance');
  const earlier = readJournalQuietly(journalFile, workspace);
  const team = await inventoryOf(work, users, shares.weights!, shares.caps!, filters, earlier, field, spec.capabilities.groupMove);
  const total = team.members.reduce((sum, member) => sum + member.load, 0);
  const mean = total / users.length;
  const maxSkew = skew.percent ? (mean * skew.value) / 100 : skew.value;
  const outcome = planRebalance(team.members, maxSkew, team.pinned);
  const name = (id: string | null | undefined) => work.name(id);
  if (earlier.length) rt.io.stderr.write(`continuing from ${shown(journalFile, 200)}: ${plural(new Set(earlier.map((record) => record.task_id)).size, 'task')} journaled earlier today stay where they went; ${plural(team.pinned.length, spec.groups.noun)} begun then ${team.pinned.length === 1 ? 'is' : 'are'} finished first\n`);
  rt.io.stderr.write(`${plural(total, `${spec.groups.openWord} task`)} over ${users.length} members (mean ${round(mean)}); skew ${round(outcome.skewBefore)} → ${round(outcome.skewAfter)} (limit ${round(maxSkew)}${skew.percent ? `, ${skew.value}% of the mean` : ''})\n`);
  for (const [user, count] of team.fixed) rt.io.stderr.write(rt.err.dim(`${name(user)}: ${plural(count, 'task')} cannot move (in ${spec.groups.noun}s another rep also holds, not wholly selected, or moved earlier today)\n`));
  if (!outcome.reached) rt.io.stderr.write(rt.err.yellow(`${shortfallWords(outcome.shortfall!, name, spec.groups.noun)}; this is as close as it gets\n`));
  const targets = summarizeTargets(outcome.moves, users, outcome.before, shares);
  const plan: RebalancePlan = {
    version: 1, kind: 'rebalance', provider: spec.name, base_url: workspace.base_url, profile: workspace.profile, created_at: new Date().toISOString(), team: users, max_skew: round(maxSkew), filters,
    skew_before: round(outcome.skewBefore), skew_after: round(outcome.skewAfter), reached: outcome.reached, ...(outcome.shortfall ? { shortfall: outcome.shortfall } : {}), targets, entries: outcome.moves,
  };
  const inventory = {
    team: team.members.map((member) => ({ user: member.user, name: name(member.user), open_tasks: member.load, share: round(outcome.shares.get(member.user)!), fixed: team.fixed.get(member.user) ?? 0 })),
    open_tasks: total, mean_load: round(mean),
  };
  return carryOutRebalance(rt, work, options, streams, plan, [], inventory, journalFile, team.loads);
}

function shortfallWords(shortfall: Shortfall, name: (id: string) => string, noun: string): string {
  if (shortfall.reason === 'shared') return `the limit cannot be reached: ${name(shortfall.donor)} has no ${noun} left that only they hold to give`;
  return `the limit cannot be reached: ${name(shortfall.donor)}'s smallest ${noun} left (${plural(shortfall.smallest ?? 0, 'task')}) is larger than the gap to ${name(shortfall.recipient)} or the room under a cap`;
}

function carryOutRebalance(rt: Runtime, work: Workforce, options: RebalanceOptions, streams: PromptStreams | undefined, plan: RebalancePlan, stale: ItemResult[], inventory: object | null, journalFile: string,
  loadsBefore?: Map<string, number>): Promise<number> {
  const field = rt.spec.groups.field;
  const name = (id: string | null | undefined) => work.name(id);
  return carryOut(rt, work, options, streams, {
    verb: 'rebalance',
    entries: plan.entries,
    wire: { ...plan, entries: plan.entries.map(({ group, ...entry }) => ({ [field]: group, ...entry })) },
    inventory: inventory as Record<string, unknown> | null,
    before: stale,
    journalFile,
    preview: () => printPreview(rt, plan, name, { who: 'MEMBER' }),
    applyWith: (file) => `topo tasks rebalance --plan ${file} --yes`,
    question: (tasks, calls) => `Move ${tasks} tasks between ${plan.team.length} members with ${calls} calls?`,
    undoWith: (journal) => `to put these tasks back: topo tasks reassign --undo ${journal} --yes`,
    converge: (results, run) => verifyMoves(rt, work, plan.entries, plan.filters, results, run, loadsBefore),
  });
}

/** --plan: a reviewed rebalance plan, re-checked entry by entry (stale ones reported, not forced). */
async function applySaved(rt: Runtime, work: Workforce, options: RebalanceOptions, streams: PromptStreams | undefined, file: string): Promise<number> {
  const spec = rt.spec;
  const field = spec.groups.field;
  const check = { provider: spec.name, defaultProvider: DEFAULT_PROVIDER.name, field, userIds: spec.userIds, taskIds: spec.taskIds.valid };
  const saved = readPlanFile(file, (raw) => {
    const plan = raw as Partial<RebalancePlan>;
    if (plan?.kind !== 'rebalance' || plan.version !== 1 || plan.provider !== spec.name || !Array.isArray(plan.team) || !plan.team.every((user) => spec.userIds(String(user))) || !Array.isArray(plan.targets)) return undefined;
    const entries = entriesFromWire(plan.entries, check, 'each');
    return entries && { ...(plan as RebalancePlan), filters: plan.filters ?? {}, entries };
  }, `a topo rebalance plan for ${spec.title} (expected the JSON written by tasks rebalance --plan-out on a ${spec.name} profile)`);
  const workspace = workspaceOf(rt);
  await refuseUnusablePlan(work, file, saved, workspace, [...new Set(saved.entries.map((entry) => entry.to))], 'make a new plan with --team --plan-out');
  const held = await mapLimit(saved.team, 4, (user) => work.openTasksOf(user, saved.filters));
  const now = new Map(saved.team.map((user, index) => [user, held[index]!]));
  const stale: ItemResult[] = [];
  const entries: PlanEntry[] = [];
  for (const from of saved.team) {
    const mine = saved.entries.filter((entry) => entry.from === from);
    if (!mine.length) continue;
    const rechecked = await recheckPlan(work, mine, from, now.get(from)!, field, options.concurrency);
    stale.push(...rechecked.stale);
    entries.push(...rechecked.entries.map((entry) => ({ ...entry, from })));
  }
  if (stale.length) rt.io.stderr.write(rt.err.yellow(`${plural(stale.length, 'task')} ${stale.length === 1 ? 'is' : 'are'} stale since the plan was made (closed, moved or reassigned): reported, not forced\n`));
  const loads = new Map(saved.team.map((user) => [user, now.get(user)!.length]));
  const plan = { ...saved, entries, targets: summarizeTargets(entries, saved.team, loads, sharesOf(saved.targets)) };
  const journalFile = options.journal ?? defaultJournalPath(rt.configDir, teamKey(saved.team), workspace, spec.filePrefix, new Date(), 'rebalance');
  return carryOutRebalance(rt, work, options, streams, plan, stale, null, journalFile);
}
