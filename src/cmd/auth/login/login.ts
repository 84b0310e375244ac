// topo auth login: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { LoginOptions } from './run.ts';

export type LoginRun = (rt: Runtime, options: LoginOptions) => Promise<number | void>;

export function loginCommand(ctx: CommandContext, run?: LoginRun): Command {
  const runLogin: LoginRun = run ?? (async (rt, ...args) => (await import('./run.ts')).runLogin(rt, ...args));
  return new Command('login').description("store an API key (Outreach: an access token, or a refresh token with --client-id) after checking it with the API")
    .option('--with-token', 'read the key from stdin (for CI); Outreach with --client-id: the refresh token, then the client secret, one per line')
    .option('--client-id <id>', 'Outreach: the OAuth app\'s client id; topo then refreshes access tokens itself')
    .option('--redirect-uri <uri>', 'Outreach: the OAuth app\'s redirect URI, if the token endpoint asks for it')
    .option('--insecure-storage', 'keep the key in the config file (0600) instead of the system keyring')
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token --profile ci',
      'printf \'%s\\n\' "$REFRESH_TOKEN" "$CLIENT_SECRET" | topo auth login --provider outreach --profile acme --client-id "$CLIENT_ID" --with-token'))
    .action(ctx.action((rt, command) => runLogin(rt, optionsOf<LoginOptions>(command)), { createsProfile: true }));
}
