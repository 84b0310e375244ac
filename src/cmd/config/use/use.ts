// topo config use <profile>: make an existing profile the default.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';

export type UseRun = (rt: Runtime, profile: string) => Promise<number | void>;

export function useCommand(ctx: CommandContext, run?: UseRun): Command {
  const runUse: UseRun = run ?? (async (...args) => (await import('./run.ts')).runConfigUse(...args));
  return new Command('use').argument('<profile>').description('make an existing profile the default')
    .addHelpText('after', examples('topo config use staging', 'topo config profiles ls'))
    .action(ctx.action((rt, command) => runUse(rt, command.args[0]!)));
}
