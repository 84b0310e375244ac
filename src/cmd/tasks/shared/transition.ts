// The flags of `tasks skip` and `tasks reopen`, which differ only in the transition they apply.
import { Command } from 'commander';
import type { Transition } from '../../../providers/topo/contract.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addSafetyOptions, type MutationOptions } from './mutation.ts';

export type TransitionRun = (rt: Runtime, transition: Transition, ids: string[], options: MutationOptions) => Promise<number>;

export const IDS_HELP = "task UUIDs, or - to read them from stdin (one per line, or JSON/NDJSON from 'tasks ls')";

const PURPOSE: Record<Transition, string> = {
  skip: 'mark PENDING or IN_PROGRESS tasks SKIPPED',
  reopen: 'return COMPLETED or SKIPPED tasks to PENDING',
};

export function transitionCommand(ctx: CommandContext, transition: Transition, run?: TransitionRun): Command {
  const runTransition: TransitionRun = run ?? (async (...args) => (await import('./transition-run.ts')).runTransition(...args));
  return addSafetyOptions(new Command(transition).description(PURPOSE[transition]).argument('<ids...>', IDS_HELP))
    .addHelpText('after', examples(
      `topo tasks ${transition} 3c90c3cc-0d44-4b50-8888-8dd25736052a`,
      `topo tasks ls --status ${transition === 'skip' ? 'PENDING --types CALL' : 'SKIPPED --created-after 7d'} --all --json | topo tasks ${transition} - --yes`,
      `topo tasks ${transition} - --dry-run < ids.txt`,
    ))
    .action(ctx.action((rt, command) => runTransition(rt, transition, command.args, optionsOf<MutationOptions>(command))));
}
