// topo tasks cover --end <user> / --due: give back. Each task the cover moved out that is still
// open with the rep it went to returns to the absent rep, task by task; tasks the cover completed,
// skipped or moved elsewhere stay, and are listed. An interrupted give-back leaves the cover
// "ending": running it again (or --due) finishes it, never moving a task twice.
import { UsageError } from '../../../core/errors.ts';
import { mapLimit } from '../../../core/map-limit.ts';
import { plural } from '../../../core/words.ts';
import type { PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { NormalTask, Workforce } from '../../../providers/types.ts';
import type { ItemResult } from '../shared/bulk.ts';
import { carryOut } from '../shared/redistribution/carry-out.ts';
import { readCurrent } from '../shared/redistribution/execute.ts';
import { Journal, workspaceOf, type JournalRecord } from '../shared/redistribution/journal.ts';
import { summarizeTargets, type PlanEntry } from '../shared/redistribution/plan.ts';
import { printPreview } from '../shared/redistribution/preview.ts';
import { verifyMoves } from '../shared/redistribution/verify.ts';
import { coverRecords, coversOf, ledgerOf, lockRep, openCover, saveCover, type Cover, type CoverOptions } from './covers.ts';
import { commandName } from '../shared/view.ts';

export async function giveBack(rt: Runtime, work: Workforce, options: CoverOptions, streams: PromptStreams | undefined, from: string, why: 'end' | 'due'): Promise<number> {
  const workspace = workspaceOf(rt);
  const unlock = lockRep(rt.configDir, from, workspace, work.name(from));
  try {
    const cover = openCover(rt.configDir, from, workspace);
    if (!cover) {
      const last = coversOf(rt.configDir, workspace).filter((known) => known.from === from).at(-1);
      if (!last) throw new UsageError(`${work.name(from)} has no cover on this profile; nothing was sent`, 'topo tasks cover --list shows the covers');
      rt.note(`${work.name(from)}'s cover ended ${last.ended_at ?? ''}: nothing to give back`);
      return 0;
    }
    return await giveBackCover(rt, work, options, streams, cover, why);
  } finally {
    unlock();
  }
}

async function giveBackCover(rt: Runtime, work: Workforce, options: CoverOptions, streams: PromptStreams | undefined, cover: Cover, why: 'end' | 'due'): Promise<number> {
  const spec = rt.spec;
  const field = spec.groups.field;
  const name = (id: string | null | undefined) => work.name(id);
  const ledger = ledgerOf(coverRecords(cover));
  const pending = [...ledger.out.values()].filter((record) => !ledger.back.has(record.task_id));
  // Where each covered task is now: the covering reps' open tasks in a few listings, the rest read one by one.
  const holders = [...new Set(pending.map((record) => record.to))];
  const lists = await mapLimit(holders, 4, (user) => work.openTasksOf(user, {}));
  const now = new Map<string, NormalTask>(lists.flat().map((task) => [task.id, task]));
  const unseen = pending.filter((record) => !now.has(record.task_id)).map((record) => record.task_id);
  const { current, failed } = await readCurrent<NormalTask>(rt, unseen, (id) => work.read(id), options.concurrency);
  for (const [id, task] of current) now.set(id, task);
  const returning: NormalTask[] = [];
  /** Given back by a run cut off before it heard the answer: confirmed now in the journal. */
  const confirmed: JournalRecord[] = [];
  const stays: ItemResult[] = [...failed];
  for (const record of pending) {
    const task = now.get(record.task_id);
    if (!task) continue;
    const base = { id: task.id, outcome: 'unchanged' as const, status: task.status, error: null, [field]: task.group };
    if (task.open && task.owner === record.to) returning.push(task);
    else if (task.open && task.owner === cover.from && ledger.backSent.has(task.id)) confirmed.push(record);
    else if (task.open && task.owner === cover.from) { if (!record.intent) stays.push({ ...base, note: `already back with ${name(cover.from)}` }); }
    else stays.push({ ...base, note: !task.open ? `stays: ${task.status ?? 'closed'} during the cover` : `stays: moved to ${name(task.owner)} during the cover` });
  }
  const entries = backEntries(returning, cover.from, spec.capabilities.groupMove ? await work.wholeGroups(returning) : new Set());
  if (confirmed.length && !options.dryRun) {
    new Journal(cover.journal).append(confirmed.map((record) => ({ ...record, ...workspaceOf(rt), cover: cover.id, phase: 'back', from: record.to, to: cover.from, scope: 'TASK' as const, intent: undefined, at: new Date().toISOString() })));
    for (const record of confirmed) stays.push({ id: record.task_id, outcome: 'changed', status: now.get(record.task_id)!.status, error: null, note: 'given back by the run that was cut off (confirmed now)' });
    ledger.back = new Set([...ledger.back, ...confirmed.map((record) => record.task_id)]);
  }
  const until = cover.until.slice(0, 10);
  rt.io.stderr.write(`${why === 'due' ? `${name(cover.from)} is back (${until}): ` : ''}giving back ${plural(returning.length, 'task')} to ${name(cover.from)}; ${plural(stays.length, 'task')} of the cover stay${stays.length === 1 ? 's' : ''} as they are${ledger.back.size ? `; ${ledger.back.size} given back earlier` : ''}\n`);
  const loads = await work.loads([cover.from]);
  const targets = summarizeTargets(entries, [cover.from], loads);
  const again = `topo tasks cover --from ${commandName(rt.aliases, cover.from)}${cover.to.map((share) => ` --to ${commandName(rt.aliases, share.user)}${share.weight !== 1 ? `:${share.weight}` : ''}`).join('')} --until ${until}`;
  return carryOut(rt, work, options, streams, {
    verb: 'give back',
    entries,
    wire: { cover, entries: entries.map(({ group, ...entry }) => ({ [field]: group, ...entry })) },
    inventory: { cover, covered: ledger.out.size, given_back_earlier: ledger.back.size },
    before: stays,
    journalFile: cover.journal,
    mark: { cover: cover.id, phase: 'back' },
    preview: () => printPreview(rt, { targets, entries }, name),
    question: (count, calls) => `Give ${count} tasks back to ${name(cover.from)} with ${calls} calls?`,
    undoWith: () => `to cover again: ${again} --yes`,
    begin: () => {
      if (cover.state !== 'ending') saveCover(rt.configDir, { ...cover, state: 'ending' });
    },
    settle: (results) => {
      // Ended once nothing is left to give back: every covered task is back or stays for a reason.
      const done = !rt.interrupt.signal.aborted && results.every((result) => result.outcome === 'changed' || result.outcome === 'unchanged');
      saveCover(rt.configDir, done ? { ...cover, state: 'ended', ended_at: new Date().toISOString() } : { ...cover, state: 'ending' });
      if (!done) rt.io.stderr.write(rt.err.yellow(`the give-back did not finish: run it again to finish (topo tasks cover --end ${commandName(rt.aliases, cover.from)} --yes)\n`));
    },
    converge: (results, run) => verifyMoves(rt, work, entries, {}, results, run),
  });
}

/**
 * The moves back: a group goes in one call (SEQUENCE scope) where every open task of it is a
 * covered task with one covering rep; otherwise task by task, so nothing but the cover's tasks moves.
 */
function backEntries(tasks: NormalTask[], to: string, whole: Set<string>): PlanEntry[] {
  const holders = new Map<string, Set<string | null>>();
  for (const task of tasks) if (task.group !== null) holders.set(task.group, (holders.get(task.group) ?? new Set()).add(task.owner));
  const entries = new Map<string, PlanEntry>();
  for (const task of tasks) {
    const together = task.group !== null && whole.has(task.group) && holders.get(task.group)!.size === 1;
    const key = together ? `g${task.group}` : `t${task.id}`;
    const entry = entries.get(key) ?? { group: task.group, task_ids: [], hot: 0, scope: together ? 'SEQUENCE' as const : 'TASK' as const, from: task.owner!, to };
    entry.task_ids.push(task.id);
    if (task.hot) entry.hot++;
    entries.set(key, entry);
  }
  return [...entries.values()];
}
