// The order of the triage queue, pure; and the terminal triage needs: refused without one, then
// one key at a time.
import { PRIORITIES, type Task } from '../../../providers/topo/contract.ts';
import { compareIds, compareTimes } from '../../../core/time.ts';
import type { OutreachTask } from '../../../providers/outreach/contract.ts';
import { InterruptedError, UsageError } from '../../../core/errors.ts';
import { withKeyPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';

/** HOT → TODAY → EXTRA (unknown priorities last), then oldest first. */
export function queueOrder(a: Task, b: Task): number {
  const rank = (task: Task) => {
    const index = (PRIORITIES as readonly string[]).indexOf(task.priority ?? '');
    return index === -1 ? PRIORITIES.length : index;
  };
  return rank(a) - rank(b) || compareTimes(a.created_at, b.created_at) || compareIds(a.id, b.id);
}

/**
 * Outreach's queue: overdue first, then the more urgent priority (higher weight), then the earlier
 * due time (no due time last), then id.
 */
export function outreachQueueOrder(now: number, weightOf: (task: OutreachTask) => number | undefined) {
  const due = (task: OutreachTask) => (typeof task.dueAt === 'string' ? Date.parse(task.dueAt) : NaN);
  return (a: OutreachTask, b: OutreachTask): number => {
    const overdue = (task: OutreachTask) => (due(task) < now ? 0 : 1);
    const weight = (task: OutreachTask) => weightOf(task) ?? -Infinity;
    const at = (task: OutreachTask) => (Number.isNaN(due(task)) ? Infinity : due(task));
    return overdue(a) - overdue(b) || weight(b) - weight(a) || at(a) - at(b) || compareIds(String(a.id).padStart(20, '0'), String(b.id).padStart(20, '0'));
  };
}

/** Triage asks one key at a time: without a terminal it is refused (exit 2) before anything is sent. */
export async function withTriageTerminal(rt: Runtime, body: (streams: PromptStreams) => Promise<number>): Promise<number> {
  const streams = rt.io.terminal();
  if (!streams) {
    throw new UsageError('triage needs a terminal: it asks one key at a time', rt.spec.scriptsInsteadOfTriage);
  }
  try {
    return await body(streams);
  } finally {
    streams.close();
  }
}

export interface TriageKey {
  key: string;
  name: string;
  value: string;
}

/**
 * The action for this card, from the keys `offered` now; a known key not offered says why not
 * (`whyNot`), an unknown one points to `?`, and both ask again. Ctrl-C: undefined.
 */
export async function askAction<K extends TriageKey>(rt: Runtime, streams: PromptStreams, keys: readonly K[], offered: (key: K) => boolean, whyNot: (key: K) => string): Promise<K['value'] | undefined> {
  for (;;) {
    let answer;
    try {
      answer = await withKeyPrompt(streams, 'Action', keys.filter(offered));
    } catch (error) {
      if (error instanceof InterruptedError) return undefined;
      throw error;
    }
    if ('value' in answer) return answer.value as K['value'];
    const known = keys.find((key) => key.key === answer.unknown);
    rt.io.stderr.write(rt.err.yellow(known
      ? `${known.name}: not for this card (${whyNot(known)})\n`
      : `unknown key ${sanitizeInline(answer.unknown.length === 1 ? `'${answer.unknown}'` : `<${answer.unknown}>`)}: press ? for the keys\n`));
  }
}
