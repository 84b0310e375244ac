// topo auth token: the profile's key on stdout, nothing else, for scripts (`curl -H "Authorization: Bearer $(topo auth token)"`).
import { Command } from 'commander';
import { CredentialsError, UsageError } from '../../../core/errors.ts';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';

export function tokenCommand(ctx: CommandContext): Command {
  return new Command('token').description("print the profile's API key to stdout (and nothing else), wherever it is stored")
    .addHelpText('after', examples('topo auth token | wc -c', 'curl -H "Authorization: Bearer $(topo auth token)" https://api.topo.io/v1/me'))
    .action(ctx.action(async (rt) => {
      if (rt.sandbox) throw new UsageError('the sandbox needs no token: --sandbox uses its own key');
      const stored = await rt.storedSecret();
      const value = stored.secret?.[rt.spec.secret.env];
      if (!value) throw new CredentialsError(`no ${rt.spec.secret.noun} for profile '${rt.profileName}'${stored.problem ? `: ${stored.problem}` : ''}`, 'run `topo auth login`');
      rt.secretOut.write(`${value}\n`);
    }));
}
