// topo auth token: the profile's key on stdout, nothing else, for scripts (`curl -H "Authorization: Bearer $(topo auth token)"`).
import { Command } from 'commander';
import { CredentialsError, UsageError } from '../../../core/errors.ts';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';

export function tokenCommand(ctx: CommandContext): Command {
  return new Command('token').description("print the profile's key or access token to stdout, refreshed first if expired")
    .addHelpText('after', examples('topo auth token | wc -c', 'curl -H "Authorization: Bearer $(topo auth token)" https://api.topo.io/v1/me'))
    .action(ctx.action(async (rt) => {
      if (rt.sandbox) throw new UsageError('the sandbox needs no token: --sandbox uses its own key');
      const stored = await rt.storedSecret();
      let secret = stored.secret;
      if (secret && stored.source !== 'env') {
        // An expired access token is refreshed (and stored) first: a script gets one that works.
        const connected = await rt.clientFor(rt.baseUrl().value, secret);
        try {
          secret = await connected.currentSecret();
        } finally {
          connected.close();
        }
      }
      const value = secret?.[rt.spec.secret.env];
      if (!value) throw new CredentialsError(`no ${rt.spec.secret.noun} for profile '${rt.profileName}'${stored.problem ? `: ${stored.problem}` : ''}`, 'run `topo auth login`');
      rt.secretOut.write(`${value}\n`);
    }));
}
