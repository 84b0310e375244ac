// topo alias set <name> '<expansion>': saves an alias, refusing one that would shadow a built-in
// command or expand to something that is not one; says what it replaced.
import { Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, rootOf, type CommandContext } from '../../../cmdutil/command.ts';
import { aliasProblem, commandAliases } from '../../../cmdutil/command-aliases.ts';
import { updateConfig } from '../../../config/store.ts';
import { sanitizeInline } from '../../../render/sanitize.ts';

export function aliasSetCommand(ctx: CommandContext): Command {
  return new Command('set').argument('<name>', 'the new command word, e.g. hot').argument('<expansion>', "what it stands for, quoted: 'tasks triage -p HOT -a $1' ($1, $2… take the words after it; the rest are appended)")
    .description('save a command alias (for every profile)')
    .addHelpText('after', examples("topo alias set hot 'tasks triage -p HOT -a $1'", "topo alias set stale 'tasks sla --max-age 2d'", "topo alias set mine 'tasks ls --assignee $1 --status PENDING --all'"))
    .action(ctx.action(async (rt, command) => {
      const [name, expansion] = command.processedArgs as [string, string];
      const builtins = rootOf(command).commands.filter((sub) => !(sub as unknown as { _hidden?: boolean })._hidden).map((sub) => sub.name());
      const problem = aliasProblem(name, expansion, [...builtins, 'help']);
      if (problem) throw new UsageError(problem);
      const previous = commandAliases(rt.config)[name.toLowerCase()];
      await updateConfig(rt.configDir, (config) => { (config.commandAliases ??= {})[name.toLowerCase()] = expansion; });
      rt.io.stderr.write(`alias ${name.toLowerCase()} → ${sanitizeInline(expansion)}${previous !== undefined && previous !== expansion ? ` (was ${sanitizeInline(previous)})` : previous !== undefined ? ' (unchanged)' : ''}\n`);
    }, { createsProfile: true }));
}
