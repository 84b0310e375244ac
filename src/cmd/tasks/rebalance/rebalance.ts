// topo tasks rebalance: flags; the run is in run.ts.
import { Command, Option } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { enumListParser, listParser, repeatedParser } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { vocabulary } from '../../../providers/registry.ts';
import { addSafetyOptions } from '../shared/mutation.ts';
import type { RebalanceOptions } from './run.ts';

export type RebalanceRun = (rt: Runtime, options: RebalanceOptions) => Promise<number>;

export function rebalanceCommand(ctx: CommandContext, run?: RebalanceRun): Command {
  const runRebalance: RebalanceRun = run ?? (async (rt, options) => (await import('./run.ts')).runRebalance(rt, options));
  return addSafetyOptions(new Command('rebalance')
    .description("even out a team's open work: whole groups move from members above their share to members below it"))
    .option('--team <members>', 'the team: ids or aliases, comma-separated or repeated, user:2 for twice the share (default: `topo config set team`)', listParser)
    .option('--max-skew <n|n%>', 'the largest difference allowed between two members\' distance from their share: tasks, or a % of the mean load (default 10%)')
    .option('--cap <user=n>', 'this member holds at most n open tasks after the move (repeatable)', repeatedParser)
    .addOption(new Option('-t, --types <types>', `only these task types count and move: ${vocabulary('types').join('|')}`).argParser(enumListParser(vocabulary('types'))))
    .addOption(new Option('-p, --priorities <priorities>', `only these priorities count and move: ${vocabulary('priorities').join('|')}`).argParser(enumListParser(vocabulary('priorities'))))
    .addOption(new Option('--action <actions>', `Outreach: only these actions count and move: ${vocabulary('action').join('|')}`).argParser(enumListParser(vocabulary('action'))))
    .option('--plan-out <file>', 'write the plan as JSON and stop (review it, then apply it with --plan)')
    .option('--plan <file>', 'apply a saved plan, re-checking every entry and reporting stale ones')
    .option('--journal <file>', 'where to append the journal of changes (default: in the config folder)')
    .addHelpText('after', examples(
      'topo tasks rebalance --team ana,chen,dana --dry-run',
      'topo tasks rebalance --team ana:2,chen,dana --max-skew 5 --yes',
      'topo config set team ana,chen,dana && topo tasks rebalance --cap chen=40 --yes --json',
      'topo tasks rebalance --plan-out plan.json && topo tasks rebalance --plan plan.json --yes',
      'topo tasks reassign --undo <journal> --yes',
    ))
    .action(ctx.action((rt, command) => runRebalance(rt, optionsOf<RebalanceOptions>(command)), { csv: true }));
}
