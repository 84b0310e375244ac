// topo users ls: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { UsersLsOptions } from './run.ts';

export type UsersLsRun = (rt: Runtime, options: UsersLsOptions) => Promise<number | void>;

export function usersLsCommand(ctx: CommandContext, run?: UsersLsRun): Command {
  const runUsersLs: UsersLsRun = run ?? (async (...args) => (await import('./run.ts')).runUsersLs(...args));
  return new Command('ls').alias('list').description('aliases, plus every assignee with open tasks and how many')
    .addHelpText('after', examples('topo users ls', 'topo users ls --json | jq \'.users[] | select(.open_tasks > 50)\''))
    .action(ctx.action((rt, command) => runUsersLs(rt, optionsOf<UsersLsOptions>(command)), { paged: true }));
}
