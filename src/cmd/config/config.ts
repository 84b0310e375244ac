// topo config: the group and its verbs.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { getCommand } from './get/get.ts';
import { listCommand } from './list/list.ts';
import { pathCommand } from './path/path.ts';
import { profilesLsCommand } from './profiles/ls/ls.ts';
import { profilesRmCommand } from './profiles/rm/rm.ts';
import { setCommand } from './set/set.ts';
import { unsetCommand } from './unset/unset.ts';
import { useCommand } from './use/use.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'read and change per-profile defaults';

export function configCommand(ctx: CommandContext): Command {
  const profiles = new Command('profiles').description('list or delete profiles')
    .addHelpText('after', examples('topo config profiles ls', 'topo config profiles rm staging'))
    .addCommand(profilesLsCommand(ctx))
    .addCommand(profilesRmCommand(ctx));
  return new Command('config').description(SUMMARY)
    .addHelpText('after', examples('topo config list', 'topo config set page-size 50', 'topo config use staging'))
    .addCommand(getCommand(ctx))
    .addCommand(setCommand(ctx))
    .addCommand(unsetCommand(ctx))
    .addCommand(listCommand(ctx))
    .addCommand(pathCommand(ctx))
    .addCommand(useCommand(ctx))
    .addCommand(profiles);
}
