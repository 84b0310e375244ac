// topo auth logout: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';

export type LogoutRun = (rt: Runtime) => Promise<number | void>;

export function logoutCommand(ctx: CommandContext, run?: LogoutRun): Command {
  const runLogout: LogoutRun = run ?? (async (rt) => (await import('./run.ts')).runLogout(rt));
  return new Command('logout').description("remove the profile's stored key")
    .addHelpText('after', examples('topo auth logout', 'topo auth logout --profile ci'))
    .action(ctx.action((rt) => runLogout(rt)));
}
