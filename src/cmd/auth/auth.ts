// topo auth: the group and its verbs.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { loginCommand } from './login/login.ts';
import { logoutCommand } from './logout/logout.ts';
import { statusCommand } from './status/status.ts';
import { tokenCommand } from './token/token.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'log in, check, print and forget the API key (kept in the system keyring where there is one)';

export function authCommand(ctx: CommandContext): Command {
  return new Command('auth').description(SUMMARY)
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token', 'topo auth status', 'topo auth token'))
    .addCommand(loginCommand(ctx))
    .addCommand(statusCommand(ctx))
    .addCommand(logoutCommand(ctx))
    .addCommand(tokenCommand(ctx));
}
