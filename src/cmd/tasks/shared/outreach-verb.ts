// The flags of `tasks complete|snooze|reschedule`: Outreach's task actions, over one task or
// thousands (arguments or stdin), with the bulk runner's dry run, consent and report.
import { Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { parseWhen } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import { addSafetyOptions } from './mutation.ts';
import type { OutreachVerb } from '../../../providers/outreach/changes.ts';
import type { OutreachVerbOptions } from './outreach-verb-run.ts';

export type OutreachVerbRun = (rt: Runtime, verb: OutreachVerb, ids: string[], options: OutreachVerbOptions) => Promise<number>;

const OUTREACH_IDS_HELP = "Outreach task ids, or - to read them from stdin (one per line, or JSON/NDJSON from 'tasks ls')";
const PURPOSE: Record<OutreachVerb, string> = {
  complete: 'Outreach: mark tasks complete (markComplete), optionally with a completion note',
  snooze: "Outreach: push tasks' due time a day later than now or their due time, whichever is later (snooze)",
  reschedule: 'Outreach: set a new due time (reschedule)',
};

export function outreachVerbCommand(ctx: CommandContext, verb: OutreachVerb, run?: OutreachVerbRun): Command {
  const runVerb: OutreachVerbRun = run ?? (async (...args) => (await import('./outreach-verb-run.ts')).runOutreachVerb(...args));
  const command = addSafetyOptions(new Command(verb).description(PURPOSE[verb]).argument('<ids...>', OUTREACH_IDS_HELP));
  if (verb === 'complete') command.option('--note <text>', 'completion note (actionParams[completionNote])');
  if (verb === 'reschedule') command.option('--due <when>', 'the new due time: ISO 8601, +3d, tomorrow, ... (required)', (raw: string) => parseWhen(raw));
  return command
    .addHelpText('after', examples(
      `topo tasks ${verb} 4711${verb === 'reschedule' ? ' --due tomorrow' : verb === 'complete' ? ' --note "left a voicemail"' : ''}`,
      `topo tasks ls --state incomplete --action call --due-before 7d --all --json | topo tasks ${verb} -${verb === 'reschedule' ? ' --due +2d' : ''} --yes`,
    ))
    .action(ctx.action((rt, command) => {
      const options = optionsOf<OutreachVerbOptions>(command);
      if (verb === 'reschedule' && options.due === undefined) throw new UsageError('tasks reschedule needs --due <when> (ISO 8601, +3d, tomorrow, ...)');
      return runVerb(rt, verb, command.args, options);
    }));
}
