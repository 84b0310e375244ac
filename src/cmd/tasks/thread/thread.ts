// topo tasks thread <id>: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { shown } from '../../../cmdutil/flags.ts';
import { article } from '../../../core/words.ts';
import { UsageError } from '../../../core/errors.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ThreadOptions } from './run.ts';

export type ThreadRun = (rt: Runtime, id: string, options: ThreadOptions) => Promise<number | void>;

export function threadCommand(ctx: CommandContext, run?: ThreadRun): Command {
  const runThread: ThreadRun = run ?? (async (...args) => (await import('./run.ts')).runThread(...args));
  return new Command('thread').description("show a task's email/LinkedIn conversation, oldest first")
    // Checked in the action, after the provider guard: on Outreach the answer is "no threads there", not "not a UUID".
    .argument('<id>', 'task id')
    .addHelpText('after', examples('topo tasks thread <id>', 'topo tasks thread <id> --json | jq -r \'.[-1].body\''))
    .action(ctx.action((rt, command) => runThread(rt, taskId(rt, command.processedArgs[0] as string), optionsOf<ThreadOptions>(command)), {
      paged: true,
    }));
}

function taskId(rt: Runtime, raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!rt.spec.taskIds.valid(value)) throw new UsageError(`<id>: '${shown(raw)}' is not ${article(rt.spec.taskIds.shape)} ${rt.spec.taskIds.shape}`);
  return value;
}
