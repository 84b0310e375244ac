// What every redistribution (offboarding, rebalance, cover) does once its plan is made, whichever
// provider: preview, --plan-out or --dry-run, consent, then the moves journaled under the journal's
// lock, a verifying pass, and the report with its undo line however the run ends.
import fs from 'node:fs';
import path from 'node:path';
import { ExitCode, reasonOf, UsageError } from '../../../../core/errors.ts';
import { plural } from '../../../../core/words.ts';
import { describeFileError } from '../../../../cmdutil/files.ts';
import { shown } from '../../../../cmdutil/flags.ts';
import { confirm, type PromptStreams } from '../../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../../cmdutil/runtime.ts';
import type { Workforce } from '../../../../providers/types.ts';
import { write } from '../../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../../render/sanitize.ts';
import type { ItemResult } from '../bulk.ts';
import { DeclinedError, reportResults, type MutationOptions } from '../mutation.ts';
import { executePlan, type ExecuteOptions } from './execute.ts';
import { describeWorkspace, Journal, workspaceFlags, workspaceOf, type Workspace } from './journal.ts';
import { callCount, planProblems, type Plan, type PlanEntry, type TargetLoad } from './plan.ts';

export interface CarryOutOptions extends MutationOptions {
  planOut?: string;
  /** A reviewed plan is being applied: the verifying pass reports what is left, it moves nothing more. */
  plan?: string;
}

export interface Redistribution {
  /** The verb in the report: reassign, rebalance, cover. */
  verb: string;
  /** Whose tasks the entries are when an entry does not say (offboarding's departing rep). */
  from?: string;
  entries: PlanEntry[];
  /** The plan as written by --plan-out and in --json. */
  wire: Record<string, unknown>;
  inventory?: Record<string, unknown> | null;
  /** Reported before the moves: entries of a saved plan that no longer hold, work no target had room for. */
  before: ItemResult[];
  journalFile: string;
  preview(): Promise<void>;
  /** The command that applies a written plan (the jobs with --plan-out). */
  applyWith?(file: string): string;
  question(tasks: number, calls: number): string;
  /** The line that puts this run's changes back. */
  undoWith(journal: string): string;
  /** Extra fields on every journal line (a cover's id). */
  mark?: Record<string, unknown>;
  /** The verifying pass: what still is not where it should be gets one more try (or is reported). */
  converge?(results: ItemResult[], run: Omit<ExecuteOptions, 'progress'>): Promise<ItemResult[]>;
  /** Called once consent is given, before the first move (a cover saves itself, so its journal's lines always have one). */
  begin?(): void;
  /** Called after the moves and before the report, with the journal still locked (a give-back marks its cover ended). */
  settle?(results: ItemResult[]): void;
}

/** A --plan file, read and parsed, then checked by `parse`: either failure is exit 2 naming the file. */
export function readPlanFile<T>(file: string, parse: (raw: unknown) => T | undefined, expected: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--plan: cannot read ${shown(file, 200)}: ${describeFileError(error)}`);
  }
  const plan = raw ? parse(raw) : undefined;
  if (!plan) throw new UsageError(`--plan: ${shown(file, 200)} is not ${expected}`);
  return plan;
}

/**
 * A saved plan made elsewhere (another API), unsafe as edited (planProblems), or giving work to
 * someone who cannot take it now (locked): refused before anything is sent.
 */
export async function refuseUnusablePlan(work: Workforce, file: string, saved: Partial<Workspace> & { from?: string; targets: TargetLoad[]; entries: PlanEntry[] }, workspace: Workspace, receivers: string[], remake: string): Promise<void> {
  if (saved.base_url !== undefined && saved.base_url !== workspace.base_url) {
    throw new UsageError(`--plan: ${shown(file, 200)} was made on ${describeWorkspace(saved)}, not on this profile's API (${shown(workspace.base_url, 200)}); nothing was sent`, `apply it there: ${workspaceFlags(saved)}`);
  }
  const problems = planProblems(saved);
  if (problems.length) throw new UsageError(`--plan: ${shown(file, 200)} cannot be applied: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; ...' : ''}; nothing was sent`, remake);
  for (const user of receivers) {
    const why = await work.cannotTake(user);
    if (why) throw new UsageError(`--plan: target ${work.name(user)} is ${why} now; nothing was sent`, remake);
  }
}

/** Redistribution asks at a terminal unless --yes: the streams while `body` runs, closed after. */
export async function withTerminalUnlessYes<T>(rt: Runtime, options: { yes?: boolean }, body: (streams: PromptStreams | undefined) => Promise<T>): Promise<T> {
  const streams = options.yes ? undefined : rt.io.terminal();
  try {
    return await body(streams);
  } finally {
    streams?.close();
  }
}

/** One JSON report (inventory, plan, results) with --json; the per-task report on stderr either way. */
export async function finish(rt: Runtime, options: { json?: boolean; csv?: boolean }, inventory: object | null | undefined, plan: object | null, results: ItemResult[], verb: string): Promise<number> {
  if (!options.json) return reportResults(rt, verb, results, options);
  await write(rt.io.stdout, `${safeJson({ inventory: inventory ?? null, plan, results: results.map(({ code: _code, ...rest }) => rest) }, 2)}\n`);
  return reportResults(rt, verb, results, { json: false, printed: true });
}

/** Groups no target had room for under its cap: they stay with the rep, each task reported as not sent. */
export function keptBack(rt: Runtime, plan: Pick<Plan, 'kept'>): ItemResult[] {
  return (plan.kept ?? []).flatMap((group) => group.task_ids.map((id): ItemResult => ({ id, outcome: 'not-attempted', status: null, [rt.spec.groups.field]: group.group,
    error: `not sent: no target has room for its ${rt.spec.groups.noun} (${plural(group.task_ids.length, 'task')}) under its --cap`, code: ExitCode.failure })));
}

export async function carryOut(rt: Runtime, work: Workforce, options: CarryOutOptions, streams: PromptStreams | undefined, job: Redistribution): Promise<number> {
  await job.preview();
  const planned = job.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0);
  const calls = callCount(job.entries);
  const cost = work.estimate(calls);
  if (cost) rt.io.stderr.write(`${cost}\n`);
  const field = rt.spec.groups.field;
  const report = (results: ItemResult[], verb: string) => finish(rt, options, job.inventory, job.wire, results, verb);
  if (options.planOut && job.applyWith) {
    fs.mkdirSync(path.dirname(path.resolve(options.planOut)), { recursive: true });
    fs.writeFileSync(options.planOut, `${JSON.stringify(job.wire, null, 2)}\n`);
    // Like `terraform plan -out`: writing a plan for review stops there; --plan <file> --yes applies it.
    rt.io.stderr.write(`plan written to ${shown(options.planOut, 200)}; nothing was sent. Apply it with: ${job.applyWith(shown(options.planOut, 200))}\n`);
    if (options.json) await write(rt.io.stdout, `${safeJson({ inventory: job.inventory ?? null, plan: job.wire, results: [] }, 2)}\n`);
    return 0;
  }
  if (options.dryRun) {
    const results = [...job.before, ...job.entries.flatMap((entry) => entry.task_ids.map((id): ItemResult => ({ id, outcome: 'skipped-by-dry-run', status: null, error: null, [field]: entry.group,
      ...(entry.from ? { from: entry.from } : {}), to: entry.to, scope: entry.scope })))];
    return report(results, `${job.verb} (dry run)`);
  }
  if (planned === 0) {
    job.begin?.();
    job.settle?.(job.before);
    return report(job.before, job.verb);
  }
  await rt.requireWrite();
  if (!options.yes && !(await confirm(streams!, job.question(planned, calls)))) throw new DeclinedError('not confirmed; nothing was changed');
  job.begin?.();
  const journal = new Journal(job.journalFile);
  // One run per journal at a time: two runs over the same work would move tasks twice.
  const unlock = journal.lock();
  try {
    return await moveAndVerify(rt, work, options, job, journal, calls, report);
  } finally {
    unlock();
  }
}

/** The moves, journaled, then the verifying pass and the report (with the journal locked). */
async function moveAndVerify(rt: Runtime, work: Workforce, options: CarryOutOptions, job: Redistribution, journal: Journal, calls: number, report: (results: ItemResult[], verb: string) => Promise<number>): Promise<number> {
  rt.io.stderr.write(`journal: ${journal.file}\n`);
  const run = { journal, workspace: workspaceOf(rt), field: rt.spec.groups.field, concurrency: options.concurrency, signal: rt.interrupt.signal, quit: rt.quit.signal, refused: new Set<string>(), mark: job.mark };
  let results = await executePlan(work, job.from, job.entries, { ...run, progress: rt.progress(job.verb, calls) });
  // Whatever stops the verifying pass (the API going down), the run still ends with its report and undo line.
  let unverified: string | undefined;
  if (!rt.interrupt.signal.aborted && job.converge) {
    try {
      results = await job.converge(results, run);
    } catch (error) {
      unverified = reasonOf(error);
    }
  }
  job.settle?.([...job.before, ...results]);
  if (unverified) rt.io.stderr.write(rt.err.yellow(`warning: the run could not be verified (${sanitizeInline(unverified)}): re-run the same command to verify and finish\n`));
  const reported = await report([...job.before, ...results], job.verb);
  // Changed but not verified (the API went away): the run says so in its exit code too.
  const code = unverified && reported === 0 ? ExitCode.network : reported;
  if (results.some((result) => result.outcome === 'changed')) rt.io.stderr.write(`${rt.err.dim(job.undoWith(journal.file))}\n`);
  if (rt.interrupt.signal.aborted) rt.io.stderr.write(rt.err.yellow(`re-run the same command to continue: ${rt.spec.groups.noun}s already begun keep their target\n`));
  return code;
}
