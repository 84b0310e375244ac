// The preview of a redistribution, whichever job made it: each target's (or member's) load before
// and after, its weight and cap where any was given, the groups, tasks and HOT tasks it takes.
import type { Runtime } from '../../../../cmdutil/runtime.ts';
import { plural } from '../../../../core/words.ts';
import { bar } from '../../../../render/chart.ts';
import { renderTable } from '../../../../render/table.ts';
import { callCount, type PlanEntry, type TargetLoad } from './plan.ts';

export async function printPreview(rt: Runtime, plan: { targets: TargetLoad[]; entries: PlanEntry[]; strategy?: string }, name: (id: string | null | undefined) => string, options: { who?: string } = {}): Promise<void> {
  const p = rt.err;
  const { groups, capabilities } = rt.spec;
  const calls = callCount(plan.entries);
  // On a terminal each target's load before and after as a pair of bars on one scale.
  const max = Math.max(0, ...plan.targets.flatMap((target) => [target.load_after, target.load_before]));
  const bars = (before: number, after: number) => `${p.dim(bar(before, max, 16).padEnd(16))} ${p.cyan(bar(after, max, 16))}`;
  const tty = Boolean(rt.io.stderr.isTTY);
  const weighted = plan.targets.some((target) => (target.weight ?? 1) !== 1);
  const capped = plan.targets.some((target) => target.cap !== undefined && target.cap !== null);
  const giving = plan.targets.some((target) => target.given);
  const all: Array<{ head: string; cell: (target: TargetLoad) => string; right?: boolean; shown: boolean }> = [
    { head: options.who ?? 'TARGET', cell: (target) => name(target.user), shown: true },
    { head: 'WEIGHT', cell: (target) => String(target.weight ?? 1), right: true, shown: weighted },
    { head: 'CAP', cell: (target) => (target.cap === undefined || target.cap === null ? '—' : String(target.cap)), right: true, shown: capped },
    { head: groups.column, cell: (target) => String(target.runs), right: true, shown: true },
    { head: giving ? 'IN' : 'TASKS', cell: (target) => String(target.tasks), right: true, shown: true },
    { head: 'OUT', cell: (target) => String(target.given ?? 0), right: true, shown: giving },
    { head: 'HOT', cell: (target) => String(target.hot), right: true, shown: true },
    { head: 'LOAD BEFORE → AFTER', cell: (target) => `${target.load_before} → ${target.load_after}`, shown: true },
  ];
  const columns = all.filter((column) => column.shown);
  const table = await renderTable({
    head: [...columns.map((column) => column.head), ...(tty ? [''] : [])],
    rows: plan.targets.map((target) => [...columns.map((column) => column.cell(target)), ...(tty ? [bars(target.load_before, target.load_after)] : [])]),
    alignRight: columns.flatMap((column, index) => (column.right ? [index] : [])),
    columns: [{ min: 8 }, ...columns.slice(1).map(() => ({})), { drop: 0 }],
    width: rt.io.stderr.columns,
  }, p.bold);
  const tasks = plan.entries.reduce((sum, entry) => sum + entry.task_ids.length, 0);
  const whole = plan.entries.filter((entry) => entry.scope === 'SEQUENCE').length;
  const how = capabilities.groupMove ? `${plural(whole, `whole ${groups.noun}`)} by SEQUENCE scope, the rest task by task` : `one per task: ${rt.spec.title} moves tasks one by one`;
  rt.io.stderr.write(`${table}${plural(tasks, 'task')} in ${plural(plan.entries.length, groups.noun)}${plan.strategy ? ` (${plan.strategy})` : ''}, ${plural(calls, 'call')}: ${how}\n`);
}
