// topo config list: the profile's settings.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ListOptions } from './run.ts';

export type ListRun = (rt: Runtime, options: ListOptions) => Promise<number | void>;

export function listCommand(ctx: CommandContext, run?: ListRun): Command {
  const runList: ListRun = run ?? (async (...args) => (await import('./run.ts')).runConfigList(...args));
  return new Command('list').alias('ls').description("print the profile's settings")
    .addHelpText('after', examples('topo config list', 'topo config list --json'))
    .action(ctx.action((rt, command) => runList(rt, optionsOf<ListOptions>(command))));
}
