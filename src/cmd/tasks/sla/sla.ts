// topo tasks sla: flags; the run is in run.ts.
import { Command, InvalidArgumentError } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addFilterOptions } from '../shared/filters.ts';
import type { SlaOptions } from './run.ts';

export type SlaRun = (rt: Runtime, options: SlaOptions) => Promise<number>;

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30m`, `4h`, `2d`, `1w` (a number with a unit; combined like `1d12h`). */
function parseMaxAge(raw: string): number {
  const text = raw.trim().toLowerCase();
  const parts = [...text.matchAll(/(\d+)\s*(m|h|d|w)/g)];
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * UNITS[part[2]!]!, 0);
  if (!parts.length || parts.map((part) => part[0]).join('') !== text.replace(/\s+/g, '') || total <= 0) {
    throw new InvalidArgumentError(`'${raw.slice(0, 40)}' is not a duration: use minutes, hours, days or weeks (30m, 4h, 2d, 1w, 1d12h).`);
  }
  return total;
}

export function slaCommand(ctx: CommandContext, run?: SlaRun): Command {
  const runSla: SlaRun = run ?? (async (rt, options) => (await import('./run.ts')).runSla(rt, options));
  return addFilterOptions(new Command('sla').description('open tasks older than a limit, by rep: exit 0 when none, 1 when any (for cron and CI)'), { sort: false })
    .requiredOption('--max-age <duration>', 'the limit: 30m, 4h, 2d, 1w (age is since creation on Topo; on Outreach past the due time, else since creation)', parseMaxAge)
    .addHelpText('after', examples(
      'topo tasks sla -p HOT --max-age 4h',
      'topo tasks sla --max-age 2d --json | jq \'.tasks[] | .id\'',
      'topo tasks sla --max-age 1d --csv > breaches.csv || notify-team breaches.csv',
    ))
    .action(ctx.action((rt, command) => runSla(rt, optionsOf<SlaOptions>(command)), { paged: true, csv: true }));
}
