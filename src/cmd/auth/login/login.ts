// topo auth login: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { LoginOptions } from './run.ts';

export type LoginRun = (rt: Runtime, options: LoginOptions) => Promise<number | void>;

export function loginCommand(ctx: CommandContext, run?: LoginRun): Command {
  const runLogin: LoginRun = run ?? (async (...args) => (await import('./run.ts')).runLogin(...args));
  return new Command('login').description("store an API key for the profile after checking it with the API (GET /v1/me)")
    .option('--with-token', 'read the key from stdin (for CI)')
    .option('--insecure-storage', 'keep the key in the config file (0600) instead of the system keyring')
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token --profile ci'))
    .action(ctx.action((rt, command) => runLogin(rt, optionsOf<LoginOptions>(command))));
}
