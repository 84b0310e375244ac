// topo alias: names for command lines (saved queues), as gh alias: set, list, delete.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { aliasDeleteCommand } from './delete/delete.ts';
import { aliasListCommand } from './list/list.ts';
import { aliasSetCommand } from './set/set.ts';

export const SUMMARY = 'name command lines: topo alias set hot \'tasks triage -p HOT -a $1\', then topo hot ana';

export function aliasCommand(ctx: CommandContext): Command {
  return new Command('alias').description(SUMMARY)
    .addHelpText('after', examples("topo alias set hot 'tasks triage -p HOT -a $1'", 'topo hot ana', 'topo alias list', 'topo help hot', 'topo alias delete hot'))
    .addCommand(aliasSetCommand(ctx))
    .addCommand(aliasListCommand(ctx))
    .addCommand(aliasDeleteCommand(ctx));
}
