// topo tasks cover --from: start a cover (move the absent rep's open work to the covering reps,
// balanced by weight and cap, groups whole) or, run again during it (or --sweep from cron), move
// what landed on the rep since, each group to the rep already covering it. Journaled in the
// cover's own journal (covers.ts); carried out as every redistribution is (carry-out.ts).
import { randomBytes } from 'node:crypto';
import { ExitCode, UsageError } from '../../../core/errors.ts';
import { plural } from '../../../core/words.ts';
import type { PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { Workforce } from '../../../providers/types.ts';
import { commandName } from '../shared/view.ts';
import { carryOut, finish, keptBack, withTerminalUnlessYes } from '../shared/redistribution/carry-out.ts';
import { pinsFrom, workspaceOf } from '../shared/redistribution/journal.ts';
import { buildPlan, groupTasks, planForWire } from '../shared/redistribution/plan.ts';
import { printPreview } from '../shared/redistribution/preview.ts';
import { resolveShares } from '../shared/redistribution/shares.ts';
import { verifyMoves } from '../shared/redistribution/verify.ts';
import { refuseOtherProviderFlags } from '../shared/filters.ts';
import { coverJournalPath, coverRecords, coversOf, lockRep, openCover, saveCover, type Cover, type CoverOptions } from './covers.ts';
import { giveBack } from './give-back.ts';
import { printCovers } from './list.ts';


export function runCover(rt: Runtime, options: CoverOptions): Promise<number> {
  if (options.mode === 'list') return printCovers(rt, options);
  return withTerminalUnlessYes(rt, options, (streams) => cover(rt, options, streams));
}

async function cover(rt: Runtime, options: CoverOptions, streams: PromptStreams | undefined): Promise<number> {
  if (!options.yes && !options.dryRun && !streams) throw new UsageError('cover without a terminal needs --yes', 'e.g. topo tasks cover --sweep --yes, or --dry-run to preview');
  refuseOtherProviderFlags(rt, options);
  const work = await rt.tasks();
  const workspace = workspaceOf(rt);
  if (options.mode === 'end') {
    const from = await work.resolveUser(options.end!, '--end');
    return giveBack(rt, work, options, streams, from, 'end');
  }
  if (options.mode === 'sweep' || options.mode === 'due') {
    const now = Date.now();
    const covers = coversOf(rt.configDir, workspace).filter((known) => (options.mode === 'sweep' ? known.state === 'active' : known.state === 'ending' || (known.state === 'active' && Date.parse(known.until) <= now)));
    if (covers.length === 0) rt.note(options.mode === 'sweep' ? 'no cover is active on this profile' : 'no cover is due on this profile');
    let code = 0;
    for (const known of covers) {
      if (rt.interrupt.signal.aborted) break;
      const ran = options.mode === 'sweep' ? await withRepLock(rt, known.from, work, () => sweep(rt, work, options, streams, known, false)) : await giveBack(rt, work, options, streams, known.from, 'due');
      code = worse(code, ran);
    }
    return code;
  }
  const from = await work.resolveUser(options.from!, '--from');
  return withRepLock(rt, from, work, async () => {
    const existing = openCover(rt.configDir, from, workspace);
    if (existing?.state === 'ending') throw new UsageError(`${work.name(from)}'s cover is being given back (an --end did not finish); nothing was sent`, `finish it: topo tasks cover --end ${commandName(rt.aliases, from)} --yes`);
    if (options.cap && !options.to?.length) throw new UsageError('--cap goes with --to: give the covering reps again with their caps', 'e.g. topo tasks cover --from ana --to chen --to dana --cap chen=40');
    if (!existing && (!options.to?.length || options.until === undefined)) throw new UsageError(`a new cover of ${work.name(from)} needs --to <user> and --until <date>`, 'e.g. topo tasks cover --from ana --to chen --to dana --until 2026-12-08');
    if (options.until !== undefined && Date.parse(options.until) <= Date.now()) throw new UsageError(`--until: ${options.until} has passed: the cover would be due at once`, 'give the day the rep is back');
    const to = options.to?.length ? await resolveShares(options.to, options.cap, async (who) => {
      const id = await work.resolveUser(who, '--to', { target: true });
      if (id === from) throw new UsageError(`--to: ${who} is the absent rep (--from): pick who covers`);
      return id;
    }, '--to') : undefined;
    const now = new Date().toISOString();
    const next: Cover = existing ? { ...existing } : {
      version: 1, id: `${now.slice(0, 10)}-${randomBytes(3).toString('hex')}`, ...workspace, from, to: [], caps: {}, until: options.until!, filters: {},
      started_at: now, state: 'active', ended_at: null, journal: coverJournalPath(rt.configDir, from, workspace),
    };
    if (to) {
      next.to = to.users.map((user) => ({ user, weight: to.shares.weights?.get(user) ?? 1 }));
      next.caps = Object.fromEntries(to.shares.caps ?? []);
    }
    if (options.until !== undefined) next.until = options.until;
    if (options.types || options.priorities || options.action) next.filters = { types: options.types ?? options.action, priorities: options.priorities };
    return sweep(rt, work, options, streams, next, !existing);
  });
}

async function withRepLock<T>(rt: Runtime, from: string, work: Workforce, body: () => Promise<T>): Promise<T> {
  const unlock = lockRep(rt.configDir, from, workspaceOf(rt), work.name(from));
  try {
    return await body();
  } finally {
    unlock();
  }
}

/** The exit code of several runs: the first failure's, an interruption over all. */
function worse(a: number, b: number): number {
  if (a === ExitCode.interrupted || b === ExitCode.interrupted) return ExitCode.interrupted;
  return a || b;
}

/** Moves the absent rep's open work (what is there now) to the covering reps; groups already covered stay with their rep. */
async function sweep(rt: Runtime, work: Workforce, options: CoverOptions, streams: PromptStreams | undefined, cover: Cover, isNew: boolean): Promise<number> {
  const spec = rt.spec;
  const field = spec.groups.field;
  const name = (id: string | null | undefined) => work.name(id);
  const tasks = await work.openTasksOf(cover.from, cover.filters);
  const targets = cover.to.map((share) => share.user);
  const shares = { weights: new Map(cover.to.map((share) => [share.user, share.weight])), caps: new Map(Object.entries(cover.caps)) };
  // A group covered earlier goes on to the rep covering it, if that rep still covers.
  const pins = new Map([...pinsFrom(coverRecords(cover).filter((record) => record.phase === 'out'), field)].filter(([, to]) => targets.includes(to)));
  const whole = spec.capabilities.groupMove && tasks.length ? await work.wholeGroups(tasks) : new Set<string>();
  const groups = groupTasks(tasks, whole);
  const plan = buildPlan({ ...workspaceOf(rt), from: cover.from, strategy: 'balance', targets, loads: await work.loads(targets), groups, pins, filters: cover.filters, shares });
  const until = cover.until.slice(0, 10);
  rt.io.stderr.write(isNew
    ? `covering ${name(cover.from)} until ${until}: ${plural(tasks.length, `${spec.groups.openWord} task`)} in ${plural(groups.length, spec.groups.noun)}\n`
    : `${name(cover.from)} is covered until ${until} by ${targets.map((user) => name(user)).join(', ')}: ${plural(tasks.length, `${spec.groups.openWord} task`)} with ${name(cover.from)} now\n`);
  const wire = { cover, plan: planForWire(plan, field) };
  if (tasks.length === 0) {
    if (!options.dryRun) saveCover(rt.configDir, cover);
    return finish(rt, options, { cover }, wire, [], options.dryRun ? 'cover (dry run)' : 'cover');
  }
  return carryOut(rt, work, options, streams, {
    verb: 'cover',
    from: cover.from,
    entries: plan.entries,
    wire,
    inventory: { cover, open_tasks: tasks.length, groups: groups.length },
    before: keptBack(rt, plan),
    journalFile: cover.journal,
    mark: { cover: cover.id, phase: 'out' },
    preview: () => printPreview(rt, plan, name),
    question: (count, calls) => `Cover ${name(cover.from)} until ${until}: move ${count} tasks with ${calls} calls?`,
    undoWith: () => `to give them back: topo tasks cover --end ${commandName(rt.aliases, cover.from)} --yes`,
    begin: () => saveCover(rt.configDir, cover),
    converge: (results, run) => verifyMoves(rt, work, plan.entries.map((entry) => ({ ...entry, from: cover.from })), cover.filters, results, run),
  });
}
