// topo tasks thread <id>: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { uuidParser } from '../../../cmdutil/flags.ts';
import { UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ThreadOptions } from './run.ts';

export type ThreadRun = (rt: Runtime, id: string, options: ThreadOptions) => Promise<number | void>;

export function threadCommand(ctx: CommandContext, run?: ThreadRun): Command {
  const runThread: ThreadRun = run ?? (async (...args) => (await import('./run.ts')).runThread(...args));
  return new Command('thread').description("show a task's email/LinkedIn conversation, oldest first")
    // Checked in the action, after the provider guard: on Outreach the answer is "no threads there", not "not a UUID".
    .argument('<id>', 'task UUID')
    .addHelpText('after', examples('topo tasks thread <id>', 'topo tasks thread <id> --json | jq -r \'.[-1].body\''))
    .action(ctx.action((rt, command) => runThread(rt, taskUuid(command.processedArgs[0] as string), optionsOf<ThreadOptions>(command)), {
      paged: true,
    }));
}

function taskUuid(raw: string): string {
  try {
    return uuidParser(raw);
  } catch (error) {
    throw new UsageError(`<id>: ${(error as Error).message}`);
  }
}
