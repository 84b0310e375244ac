// topo tasks sla --max-age: the open tasks (of the filters) older than the limit, grouped by rep
// with their count, oldest age and p90; exit 1 when any breaches, so cron and CI can alert on it.
import { ExitCode } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { csvRecords } from '../../../render/csv.ts';
import { write } from '../../../render/output.ts';
import { safeJson, sanitizeInline } from '../../../render/sanitize.ts';
import { renderTable } from '../../../render/table.ts';
import { ageOf, ageWords, humanAge, percentile } from '../shared/age.ts';
import { OPEN, refuseOtherProviderFlags, type FilterFlags } from '../shared/filters.ts';

export interface SlaOptions extends FilterFlags {
  maxAge: number;
  json?: boolean;
  csv?: boolean;
}

export async function runSla(rt: Runtime, options: SlaOptions): Promise<number> {
  refuseOtherProviderFlags(rt, options);
  const provider = await rt.tasks();
  const basis = rt.spec.capabilities.ageBasis;
  // Open work only: a closed task breaches nothing, whatever --status says.
  const tasks = await provider.queue(await provider.query({ ...options, status: OPEN }));
  const now = Date.now();
  const breaching = tasks.map((task) => ({ task, age: ageOf(task, basis, now) })).filter((entry): entry is { task: typeof entry.task; age: number } => entry.age !== null && entry.age > options.maxAge)
    .sort((a, b) => b.age - a.age);
  const byRep = new Map<string | null, number[]>();
  for (const { task, age } of breaching) {
    const ages = byRep.get(task.owner);
    if (ages) ages.push(age);
    else byRep.set(task.owner, [age]);
  }
  const reps = [...byRep].map(([rep, ages]) => ({ rep, count: ages.length, oldest: Math.max(...ages), p90: percentile(ages, 90)! })).sort((a, b) => b.count - a.count || b.oldest - a.oldest);
  const name = (id: string | null) => (id === null ? 'unassigned' : provider.name(id));
  const seconds = (ms: number) => Math.round(ms / 1000);
  const words = ageWords(basis);
  const listed = () => breaching.map(({ task, age }) => ({ id: task.id, assignee: task.owner, assignee_name: task.owner === null ? null : name(task.owner), age_seconds: seconds(age), created_at: task.created ?? null, due_at: task.due ?? null, type: task.type ?? null, priority: task.priority ?? null, status: task.status }));
  if (options.csv) {
    await write(rt.io.stdout, csvRecords(listed(), ['id', 'assignee', 'assignee_name', 'age_seconds', 'created_at', 'due_at', 'type', 'priority', 'status']));
  } else if (options.json) {
    await write(rt.io.stdout, `${safeJson({
      max_age_seconds: seconds(options.maxAge), basis: words.basis, open_tasks: tasks.length, breaching: breaching.length,
      by_rep: reps.map((rep) => ({ assignee: rep.rep, assignee_name: rep.rep === null ? null : name(rep.rep), count: rep.count, oldest_age_seconds: seconds(rep.oldest), p90_age_seconds: seconds(rep.p90) })),
      tasks: listed(),
    }, 2)}\n`);
  } else if (!rt.stdoutIsTty) {
    // One line per rep for pipes: id, name, count, oldest and p90 in seconds.
    const lines = [['ASSIGNEE', 'NAME', 'BREACHING', 'OLDEST_S', 'P90_S'].join('\t'), ...reps.map((rep) => [rep.rep ?? 'unassigned', sanitizeInline(name(rep.rep)), rep.count, seconds(rep.oldest), seconds(rep.p90)].join('\t'))];
    await write(rt.io.stdout, `${lines.join('\n')}\n`);
  } else if (reps.length) {
    const p = rt.out;
    await write(rt.io.stdout, await renderTable({
      head: ['REP', 'BREACHING', 'OLDEST', 'P90'],
      rows: reps.map((rep) => [sanitizeInline(name(rep.rep)), p.red(String(rep.count)), humanAge(rep.oldest), humanAge(rep.p90)]),
      alignRight: [1, 2, 3],
      width: rt.io.stdout.columns,
    }, p.bold));
  }
  const summary = `${breaching.length} of ${tasks.length} open tasks older than ${humanAge(options.maxAge)} (${words.basis})${breaching.length ? `, oldest ${humanAge(breaching[0]!.age)}` : ''}`;
  rt.io.stderr.write(`${breaching.length ? rt.err.yellow(summary) : rt.err.green(summary)}\n`);
  return breaching.length ? ExitCode.failure : ExitCode.ok;
}
