// topo users alias rm <name>.
import { Command } from 'commander';
import { UsageError } from '../../../../core/errors.ts';
import { examples, type CommandContext } from '../../../../cmdutil/command.ts';
import { didYouMean, shown } from '../../../../cmdutil/flags.ts';
import { editProfile, updateConfig } from '../../../../config/store.ts';

export function aliasRmCommand(ctx: CommandContext): Command {
  return new Command('rm').argument('<name>', 'alias to remove').description('remove an alias')
    .addHelpText('after', examples('topo users alias rm ana'))
    .action(ctx.action(async (rt, command) => {
      const name = (command.args[0] ?? '').toLowerCase();
      const known = Object.keys(rt.profile.aliases ?? {});
      if (!known.includes(name)) throw new UsageError(`no alias '${shown(name)}' in profile '${rt.profileName}'${didYouMean(name, known)}`);
      await updateConfig(rt.configDir, (config) => { delete editProfile(config, rt.profileName).aliases?.[name]; });
      rt.io.stderr.write(`alias ${name} removed\n`);
    }));
}
