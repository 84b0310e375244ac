// topo config get <key>: print one setting (exit 1 when unset).
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTING_NAMES } from '../shared.ts';

export type GetRun = (rt: Runtime, name: string) => Promise<number | void>;

export function getCommand(ctx: CommandContext, run?: GetRun): Command {
  const runGet: GetRun = run ?? (async (...args) => (await import('./run.ts')).runConfigGet(...args));
  return new Command('get').argument('<key>', SETTING_NAMES).description('print one setting (exit 1 when unset)')
    .addHelpText('after', examples('topo config get base-url'))
    .action(ctx.action((rt, command) => runGet(rt, command.args[0]!)));
}
