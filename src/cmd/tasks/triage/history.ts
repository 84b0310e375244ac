// What a triage session changed, for both providers: every change (undos included) for the summary,
// and the changes `u` can still take back, newest last. Pure: the run makes the calls.
import { compareTimes } from '../../../core/time.ts';
import type { NormalTask } from '../../../providers/types.ts';

/** One change to one task: the task as the card showed it, and as the change left it. */
export interface Step<T> {
  id: string;
  before: T;
  after: T;
  /** The change that made it (what `u` takes back). */
  verb?: string;
  /** A reassignment of the whole group (a sequence run), taken back whole. */
  scope?: 'TASK' | 'SEQUENCE';
}

/** One difference between a task's first and last state: its kind is counted in the summary's head. */
export type Change = [kind: string, text: string];

export class TriageHistory<T> {
  private readonly steps: Step<T>[] = [];
  private readonly undoable: Step<T>[] = [];

  get canUndo(): boolean {
    return this.undoable.length > 0;
  }

  /** The change `u` takes back next. */
  get last(): Step<T> | undefined {
    return this.undoable[this.undoable.length - 1];
  }

  record(id: string, before: T, after: T, verb?: string, scope?: Step<T>['scope']): void {
    this.steps.push({ id, before, after, verb, scope });
    this.undoable.push({ id, before, after, verb, scope });
  }

  /** The last change was taken back, leaving the task as `after`; `u` then reaches the one before. */
  undone(before: T, after: T): void {
    const { id } = this.undoable.pop()!;
    this.steps.push({ id, before, after });
  }

  /**
   * Each changed task once, from before its first change to after its last (a task changed and
   * changed back is not listed), headed by counts in the order of `kinds`.
   */
  summary(describe: (before: T, after: T) => Change[], kinds: readonly string[], interrupted: boolean): string {
    const first = new Map<string, T>();
    const last = new Map<string, T>();
    for (const step of this.steps) {
      if (!first.has(step.id)) first.set(step.id, step.before);
      last.set(step.id, step.after);
    }
    const counts = new Map<string, number>();
    const lines: string[] = [];
    for (const [id, before] of first) {
      const changes = describe(before, last.get(id)!);
      if (changes.length === 0) continue;
      for (const [kind] of changes) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      lines.push(`  ${id}  ${changes.map(([, text]) => text).join(', ')}`);
    }
    const head = `triage${interrupted ? ' interrupted' : ''}:`;
    if (lines.length === 0) return `${head} nothing was changed\n`;
    const counted = kinds.filter((kind) => counts.has(kind)).map((kind) => `${counts.get(kind)} ${kind}`);
    return [`${head} ${counted.join(', ') || `${lines.length} changed`}`, ...lines].join('\n') + '\n';
  }
}

/**
 * How a task differs after triage, in the provider's words (`pastTense`: the status a change leads
 * to, "SKIPPED" → "skipped"): what the summary says of it.
 */
export function describeChange(pastTense: Readonly<Record<string, string>>, name: (id: string | null | undefined) => string) {
  return (before: NormalTask, after: NormalTask): Change[] => {
    const changes: Change[] = [];
    if (after.status !== before.status) {
      const word = pastTense[after.status ?? ''] ?? `now ${after.status}`;
      changes.push([word, word]);
    }
    // Compared as instants: an API may spell the same time back differently (…:06Z, …:06.000Z).
    if (after.open && compareTimes(after.due, before.due) !== 0) changes.push(['snoozed', `due ${after.due ?? 'none'}`]);
    if (after.owner !== before.owner) changes.push(['reassigned', `reassigned to ${name(after.owner)}`]);
    return changes;
  };
}
