// topo alias delete <name>: removes a command alias (an unknown one is exit 2, naming the known ones).
import { Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import { commandAliases } from '../../../cmdutil/command-aliases.ts';
import { didYouMean } from '../../../cmdutil/flags.ts';
import { updateConfig } from '../../../config/store.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';

export function aliasDeleteCommand(ctx: CommandContext): Command {
  return new Command('delete').alias('rm').argument('<name>', 'the alias').description('delete a command alias')
    .addHelpText('after', examples('topo alias delete hot'))
    .action(ctx.action(async (rt, command) => {
      const name = (command.processedArgs[0] as string).toLowerCase();
      const known = commandAliases(rt.config);
      if (known[name] === undefined) throw new UsageError(`no command alias '${sanitizeInline(name)}'${didYouMean(name, Object.keys(known))}`, Object.keys(known).length ? `aliases: ${Object.keys(known).join(', ')}` : 'there are none');
      await updateConfig(rt.configDir, (config) => { delete config.commandAliases?.[name]; });
      rt.io.stderr.write(`deleted alias ${name} (was ${sanitizeInline(known[name]!)})\n`);
    }, { createsProfile: true }));
}
