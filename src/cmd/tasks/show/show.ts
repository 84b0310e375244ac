// topo tasks show <id>: flags; the run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { idParser } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { ShowOptions } from './run.ts';

export type ShowRun = (rt: Runtime, id: string, options: ShowOptions) => Promise<number | void>;

export function showCommand(ctx: CommandContext, run?: ShowRun): Command {
  const runShow: ShowRun = run ?? (async (rt, ...args) => (await import('./run.ts')).runShow(rt, ...args));
  return new Command('show').description('show every field of one task')
    .argument('<id>', 'task UUID (Outreach: integer id)', idParser)
    .option('--with-contact', 'add who the task is about to JSON and piped output (a terminal always shows it)')
    .addHelpText('after', examples('topo tasks show 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks show <id> --json --with-contact | jq .contact.company'))
    .action(ctx.action((rt, command) => runShow(rt, command.processedArgs[0] as string, optionsOf<ShowOptions>(command)), { paged: true }));
}
