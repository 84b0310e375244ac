// topo config profiles rm <name>: delete a profile (its key, settings and aliases).
import { Command } from 'commander';
import { UsageError } from '../../../../core/errors.ts';
import { examples, type CommandContext } from '../../../../cmdutil/command.ts';
import { shown } from '../../../../cmdutil/flags.ts';
import { updateConfig } from '../../../../config/store.ts';

export function profilesRmCommand(ctx: CommandContext): Command {
  return new Command('rm').argument('<name>').description('delete a profile with its key, settings and aliases')
    .addHelpText('after', examples('topo config profiles rm staging'))
    .action(ctx.action(async (rt, command) => {
      const name = command.args[0]!;
      const known = Object.keys(rt.config.profiles ?? {});
      if (!known.includes(name)) throw new UsageError(`no profile '${shown(name)}' (known: ${known.join(', ') || 'none'})`);
      await updateConfig(rt.configDir, (config) => {
        delete config.profiles?.[name];
        if (config.currentProfile === name) delete config.currentProfile;
      });
      rt.io.stderr.write(`profile '${name}' deleted\n`);
    }));
}
