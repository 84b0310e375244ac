// topo users: the group and its verbs.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { aliasLsCommand } from './alias/ls/ls.ts';
import { aliasRmCommand } from './alias/rm/rm.ts';
import { aliasSetCommand } from './alias/set/set.ts';
import { usersLsCommand } from './ls/ls.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'user aliases and open workload per assignee';

export function usersCommand(ctx: CommandContext): Command {
  const alias = new Command('alias').description('name user UUIDs: aliases work wherever a <user> is asked for')
    .addHelpText('after', examples('topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo users alias ls', 'topo users alias rm ana'))
    .addCommand(aliasSetCommand(ctx))
    .addCommand(aliasLsCommand(ctx))
    .addCommand(aliasRmCommand(ctx));
  return new Command('users').description(SUMMARY)
    .addHelpText('after', examples('topo users ls', 'topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a'))
    .addCommand(usersLsCommand(ctx))
    .addCommand(alias);
}
