// topo tasks triage: flags; the interactive run is in run.ts.
import { Command } from 'commander';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addFilterOptions } from '../shared/filters.ts';
import type { TriageOptions } from './run.ts';

export type TriageRun = (rt: Runtime, options: TriageOptions) => Promise<number | void>;

export function triageCommand(ctx: CommandContext, run?: TriageRun): Command {
  const runTriage: TriageRun = run ?? (async (rt, options) => (await import('./run.ts')).runTriage(rt, options));
  return addFilterOptions(new Command('triage').description('walk the open queue one key per task: HOT first, skip, reassign, read, undo (Outreach: overdue first, complete, snooze, reassign, undo)'), { sort: false })
    .addHelpText('after', examples('topo tasks triage', 'topo tasks triage --assignee ana --types EMAIL_REPLY,LINKEDIN_REPLY', 'topo tasks triage --priorities HOT'))
    .action(ctx.action((rt, command) => runTriage(rt, optionsOf<TriageOptions>(command))));
}
