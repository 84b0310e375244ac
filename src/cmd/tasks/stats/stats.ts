// topo tasks stats: flags, options and their validation; the run is in run.ts.
import { Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addFilterOptions } from '../shared/filters.ts';
import { enumOption } from '../../../cmdutil/flags.ts';
import { watchParser } from '../../../cmdutil/watch.ts';
import { DIMENSIONS } from '../../../providers/types.ts';
import type { StatsOptions, StatsQuery } from './run.ts';

export type StatsRun = (rt: Runtime, options: StatsQuery) => Promise<number | void>;

export function statsCommand(ctx: CommandContext, run?: StatsRun): Command {
  const runStats: StatsRun = run ?? (async (rt, options) => (await import('./run.ts')).runStats(rt, options));
  return addFilterOptions(new Command('stats').description('count tasks (open ones by default) by assignee, type, priority or status'), { sort: false })
    .addOption(enumOption('--by <dimension>', 'group by (default assignee)', DIMENSIONS))
    .addOption(enumOption('--then <dimension>', 'and within each group by', DIMENSIONS))
    .option('--watch [interval]', 'on a terminal: redraw every interval (default 30s, at least 5s) with what changed; Ctrl-C stops', watchParser)
    .addHelpText('after', examples(
      'topo tasks stats --by assignee --then priority',
      'topo tasks stats --by type --then status --created-after 7d',
      'topo tasks stats --by assignee --json | jq \'.groups | max_by(.count)\'',
    ))
    .action(ctx.action(async (rt, command) => {
      const options: StatsQuery = { ...optionsOf<StatsOptions>(command), by: optionsOf<StatsOptions>(command).by ?? 'assignee' };
      if (options.then && options.then === options.by) throw new UsageError(`--then must differ from --by (both are ${options.by})`);
      return runStats(rt, options);
    }, { paged: true, csv: true }));
}
