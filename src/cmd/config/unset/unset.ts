// topo config unset <key>: back to the default.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTING_NAMES } from '../shared.ts';

export type UnsetRun = (rt: Runtime, name: string) => Promise<number | void>;

export function unsetCommand(ctx: CommandContext, run?: UnsetRun): Command {
  const runUnset: UnsetRun = run ?? (async (...args) => (await import('./run.ts')).runConfigUnset(...args));
  return new Command('unset').argument('<key>', SETTING_NAMES).description('remove one setting of the profile (back to the default)')
    .addHelpText('after', examples('topo config unset page-size'))
    .action(ctx.action((rt, command) => runUnset(rt, command.args[0]!)));
}
