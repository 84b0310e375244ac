// topo config set <key> <value>: change one setting of the profile, validated like its flag.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { SETTING_NAMES } from '../shared.ts';

export type SetRun = (rt: Runtime, name: string, value: string) => Promise<number | void>;

export function setCommand(ctx: CommandContext, run?: SetRun): Command {
  const runSet: SetRun = run ?? (async (...args) => (await import('./run.ts')).runConfigSet(...args));
  return new Command('set').argument('<key>', SETTING_NAMES).argument('<value>').description('change one setting of the profile (validated like its flag)')
    .addHelpText('after', examples('topo config set page-size 50', 'topo config set base-url https://api.topo.io/v1 --profile staging'))
    .action(ctx.action((rt, command) => runSet(rt, command.args[0]!, command.args[1]!), { createsProfile: true }));
}
