// topo config path: where the config file is.
import { Command } from 'commander';
import path from 'node:path';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import { CONFIG_FILE_NAME } from '../../../config/store.ts';
import { write } from '../../../render/output.ts';

export function pathCommand(ctx: CommandContext): Command {
  return new Command('path').description('print where the config file is')
    .addHelpText('after', examples('topo config path', 'ls -l "$(topo config path)"'))
    .action(ctx.action(async (rt) => { await write(rt.io.stdout, `${path.join(rt.configDir, CONFIG_FILE_NAME)}\n`); }));
}
