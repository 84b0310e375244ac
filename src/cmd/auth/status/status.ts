// topo auth status: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { StatusOptions } from './run.ts';

export type StatusRun = (rt: Runtime, options: StatusOptions) => Promise<number | void>;

export function statusCommand(ctx: CommandContext, run?: StatusRun): Command {
  const runStatus: StatusRun = run ?? (async (rt, ...args) => (await import('./run.ts')).runStatus(rt, ...args));
  return new Command('status').description('show the profile, base URL, where the key comes from, and what the API says of it (name, prefix, scopes)')
    .addHelpText('after', examples('topo auth status', 'topo auth status --json | jq .scopes'))
    .action(ctx.action((rt, command) => runStatus(rt, optionsOf<StatusOptions>(command))));
}
