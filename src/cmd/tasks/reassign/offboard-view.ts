// What offboarding shows and asks, whichever provider: the preview of a plan, the journals, and the
// prompts that pick the rep, the targets and what stays behind.
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { reasonOf } from '../../../core/errors.ts';
import { plural } from '../../../core/words.ts';
import { withPrompt, type PromptStreams } from '../../../cmdutil/prompt.ts';
import type { Workforce } from '../../../providers/types.ts';
import { barChart } from '../../../render/chart.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { describeWorkspace, journalDir, listJournals, sameWorkspace, workspaceOf } from '../shared/redistribution/journal.ts';
import type { Plan, Strategy } from '../shared/redistribution/plan.ts';

/** The inventory as a picture on a terminal: by type and by priority. */
export function printInventoryCharts(rt: Runtime, byType: Record<string, number>, byPriority: Record<string, number>, priorityOrder?: readonly string[]): void {
  const chart = (counts: Record<string, number>, order?: readonly string[]) => barChart(Object.entries(counts).map(([key, value]) => [sanitizeInline(key), value]), { width: 20, color: rt.err.cyan, order }).map((line) => `  ${line}`);
  const parts = [chart(byType), ...(Object.keys(byPriority).length ? [chart(byPriority, priorityOrder)] : [])];
  rt.io.stderr.write(parts.map((lines) => lines.join('\n')).join('\n\n') + '\n\n');
}

export async function pickFrom(rt: Runtime, work: Workforce, streams: PromptStreams): Promise<string> {
  const people = await work.people();
  const choices = people.filter((person) => person.open > 0).map((person) => ({ name: `${work.name(person.id)} (${person.open} ${rt.spec.groups.openWord})`, value: person.id }));
  return withPrompt(streams, (prompts, context) => prompts.select({ message: `Whose ${rt.spec.groups.openWord} work is to be moved?`, choices, pageSize: 12 }, context));
}

/** The target picker's "someone else" choice (not an id any API gives). */
const TYPED = '\u0000typed';

export async function pickTargets(rt: Runtime, work: Workforce, streams: PromptStreams, from: string): Promise<{ targets: string[]; strategy: Strategy }> {
  const people = (await work.people()).filter((person) => person.id !== from).sort((a, b) => work.name(a.id).localeCompare(work.name(b.id)));
  // Who cannot take work (locked) is shown, marked and disabled.
  const choices = people.map((person) => ({ name: `${work.name(person.id)} (${person.open} ${rt.spec.groups.openWord})`, value: person.id, disabled: person.cannotTake ?? false }));
  // Someone with no open work and no alias (a new hire) is not in the list: their id can be typed.
  const picked = await withPrompt(streams, (prompts, context) => prompts.checkbox({ message: 'Move it to whom? (space to pick, enter when done)',
    choices: [...choices, { name: 'someone else: type an id or alias', value: TYPED, disabled: false }], pageSize: 12, required: true }, context));
  const targets = picked.filter((id) => id !== TYPED);
  if (picked.includes(TYPED)) {
    const typed = await withPrompt(streams, (prompts, context) => prompts.input({
      message: `Who else? (${rt.spec.title} user ids or aliases, comma-separated)`,
      validate: async (text) => {
        const names = text.split(',').map((name) => name.trim()).filter(Boolean);
        if (names.length === 0) return 'type at least one id or alias';
        for (const name of names) {
          try {
            const id = await work.resolveUser(name, 'target', { target: true });
            if (id === from) return `${sanitizeInline(name)} is the rep whose work is moving`;
          } catch (error) {
            return sanitizeInline(reasonOf(error));
          }
        }
        return true;
      },
    }, context));
    for (const name of typed.split(',').map((part) => part.trim()).filter(Boolean)) {
      const id = await work.resolveUser(name, 'target', { target: true });
      if (!targets.includes(id)) targets.push(id);
    }
  }
  const strategy = targets.length > 1
    ? await withPrompt(streams, (prompts, context) => prompts.select<Strategy>({ message: `How should the ${rt.spec.groups.noun}s be shared out?`, choices: [
      { name: 'balance: least-loaded first', value: 'balance' }, { name: 'round-robin', value: 'round-robin' }] }, context))
    : 'balance';
  return { targets, strategy };
}

/** Checkboxes of the types and priorities present, to leave out (none by default); returns what to keep. */
export async function pickExclusions(streams: PromptStreams, byType: Record<string, number>, byPriority: Record<string, number>): Promise<Plan['filters']> {
  const kept: Plan['filters'] = {};
  for (const [dimension, counts] of [['types', byType], ['priorities', byPriority]] as const) {
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

/** Lists the journals in the config folder of this workspace (journal.ts): what `--undo` can take back here. */
export async function printJournals(rt: Runtime, options: { json?: boolean; csv?: boolean }, name: (id: string | null | undefined) => string): Promise<number> {
  const workspace = workspaceOf(rt);
  const all = listJournals(rt.configDir);
  const journals = all.filter((journal) => sameWorkspace(journal, workspace));
  const elsewhere = [...new Set(all.filter((journal) => !sameWorkspace(journal, workspace)).map((journal) => describeWorkspace(journal)))];
  if (elsewhere.length) rt.note(`${plural(all.length - journals.length, 'journal')} of ${elsewhere.join(', ')} not listed: run --journals there`);
  if (options.json) {
    await write(rt.io.stdout, `${safeJson(journals, 2)}\n`);
    return 0;
  }
  if (options.csv) {
    await write(rt.io.stdout, csvRecords(journals as unknown as Array<Record<string, unknown>>, ['file', 'from', 'tasks', 'first_at', 'last_at', 'provider', 'base_url', 'profile']));
    return 0;
  }
  if (!rt.stdoutIsTty) {
    await write(rt.io.stdout, journals.map((journal) => [journal.file, journal.from ?? '', journal.tasks, journal.first_at ?? '', journal.last_at ?? ''].join('\t')).join('\n') + (journals.length ? '\n' : ''));
    return 0;
  }
  if (journals.length === 0) {
    rt.io.stderr.write(`no journals in ${journalDir(rt.configDir)}\n`);
    return 0;
  }
  await write(rt.io.stdout, await renderTable({
    head: ['FROM', 'TASKS', 'LAST CHANGE', 'JOURNAL'],
    rows: journals.map((journal) => [name(journal.from), String(journal.tasks), journal.last_at ?? '—', journal.file]),
    alignRight: [1],
    width: rt.io.stdout.columns,
  }, rt.out.bold));
  return 0;
}
