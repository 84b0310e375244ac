// topo users alias set <name> <uuid>: name a user (per profile); says what it replaced.
import { Command } from 'commander';
import { UsageError } from '../../../../core/errors.ts';
import { examples, type CommandContext } from '../../../../cmdutil/command.ts';
import { shown, userIdParser } from '../../../../cmdutil/flags.ts';
import { ALIAS_RE } from '../../../../config/settings.ts';
import { editProfile, updateConfig } from '../../../../config/store.ts';

export function aliasSetCommand(ctx: CommandContext): Command {
  return new Command('set').argument('<name>', 'alias, e.g. ana').argument('<id>', 'user id (Topo: UUID; Outreach: integer)', userIdParser).description('set an alias (per profile)')
    .addHelpText('after', examples('topo users alias set ana 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks ls --assignee ana'))
    .action(ctx.action(async (rt, command) => {
      const [raw, uuid] = command.processedArgs as [string, string];
      if (!ALIAS_RE.test(raw)) throw new UsageError(`alias '${shown(raw)}' must start with a letter and use letters, digits, '.', '_' or '-' (at most 40)`);
      const name = raw.toLowerCase();
      const previous = rt.profile.aliases?.[name];
      await updateConfig(rt.configDir, (config) => { (editProfile(config, rt.profileName).aliases ??= {})[name] = uuid; });
      rt.io.stderr.write(previous && previous !== uuid ? `alias ${name} → ${uuid} (was ${previous})\n` : `alias ${name} → ${uuid}${previous ? ' (unchanged)' : ''}\n`);
    }, { createsProfile: true }));
}
