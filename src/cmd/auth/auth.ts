// topo auth: the group and its verbs.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { loginCommand } from './login/login.ts';
import { logoutCommand } from './logout/logout.ts';
import { statusCommand } from './status/status.ts';

export function authCommand(ctx: CommandContext): Command {
  return new Command('auth').description('log in, check and forget the API key')
    .addHelpText('after', examples('topo auth login', 'printf %s "$TOPO_KEY" | topo auth login --with-token', 'topo auth status'))
    .addCommand(loginCommand(ctx))
    .addCommand(statusCommand(ctx))
    .addCommand(logoutCommand(ctx));
}
