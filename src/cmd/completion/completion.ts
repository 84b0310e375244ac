// topo completion bash|zsh|fish, and the hidden `topo __complete` that the scripts call for values.
import { Argument, Command, Option } from 'commander';
import { examples, rootOf, type CommandContext } from '../../cmdutil/command.ts';
import { write } from '../../render/output.ts';
import type { Shell } from './generate.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'print the shell completion script for bash, zsh or fish';

const SHELL_NAMES: Shell[] = ['bash', 'zsh', 'fish'];

export function completionCommand(ctx: CommandContext): Command {
  return new Command('completion').description(SUMMARY)
    .addArgument(new Argument('<shell>', 'bash | zsh | fish').choices(SHELL_NAMES))
    .addHelpText('after', `${examples(
      'topo completion bash > ~/.local/share/bash-completion/completions/topo',
      'topo completion zsh > "${fpath[1]}/_topo"',
      'topo completion fish > ~/.config/fish/completions/topo.fish',
    )}`)
    .action(ctx.action(async (rt, command) => {
      const { SHELLS } = await import('./generate.ts');
      await write(rt.io.stdout, SHELLS[command.args[0] as Shell](rootOf(command)));
    }));
}

export function completeCommand(ctx: CommandContext): Command {
  return new Command('__complete').argument('<kind>')
    .addOption(new Option('--debug').hideHelp())
    .action(ctx.action(async (rt, command) => {
      const { completionValues } = await import('./values.ts');
      await write(rt.io.stdout, completionValues(rt, command.args[0] ?? '').map((name) => `${name}\n`).join(''));
    }));
}
