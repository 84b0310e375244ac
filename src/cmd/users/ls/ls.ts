// topo users ls: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { UsersLsOptions } from './run.ts';

export type UsersLsRun = (rt: Runtime, options: UsersLsOptions) => Promise<number | void>;

export function usersLsCommand(ctx: CommandContext, run?: UsersLsRun): Command {
  const runUsersLs: UsersLsRun = run ?? (async (rt, ...args) => (await import('./run.ts')).runUsersLs(rt, ...args));
  return new Command('ls').alias('list').description('Topo: aliases plus every assignee with open tasks; Outreach: every user, locked or not, with incomplete tasks')
    .addHelpText('after', examples('topo users ls', 'topo users ls --json | jq \'.users[] | select(.open_tasks > 50)\''))
    .action(ctx.action((rt, command) => runUsersLs(rt, optionsOf<UsersLsOptions>(command)), { paged: true, csv: true }));
}
