// topo completion bash|zsh|fish, and the hidden `topo __complete` that the scripts call for values.
import { Argument, Option, type Command } from 'commander';
import { examples, type CommandBody } from '../cli.ts';
import { write } from '../render/output.ts';
import type { Shell } from './generate.ts';

const SHELL_NAMES: Shell[] = ['bash', 'zsh', 'fish'];

type Action = (body: CommandBody) => (...args: unknown[]) => Promise<void>;

export function registerCompletionCommand(program: Command, action: Action): void {
  program.command('completion').description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash | zsh | fish').choices(SHELL_NAMES))
    .addHelpText('after', `${examples(
      'topo completion bash > ~/.local/share/bash-completion/completions/topo',
      'topo completion zsh > "${fpath[1]}/_topo"',
      'topo completion fish > ~/.config/fish/completions/topo.fish',
    )}`)
    .action(action(async (rt, command) => {
      const { SHELLS } = await import('./generate.ts');
      await write(rt.io.stdout, SHELLS[command.args[0] as Shell](program));
    }));
  program.command('__complete', { hidden: true }).argument('<kind>')
    .addOption(new Option('--debug').hideHelp())
    .action(action(async (rt, command) => {
      // Reads only the config file: no network, no heavy modules.
      const kind = command.args[0];
      const names = kind === 'profiles' ? Object.keys(rt.config.profiles ?? {}) : kind === 'aliases' ? Object.keys(rt.aliases) : [];
      await write(rt.io.stdout, names.map((name) => `${name}\n`).join(''));
    }));
}
