// The flags of the state-change verbs (`tasks skip|reopen|complete|snooze|reschedule`): one task or
// thousands (arguments or stdin), with the bulk runner's dry run, consent and report. Which verbs a
// profile's provider has is its capability data: the others are refused before anything is sent.
import { Command } from 'commander';
import { UsageError } from '../../../core/errors.ts';
import { examples, optionsOf, type CommandContext } from '../../../cmdutil/command.ts';
import { parseWhen } from '../../../cmdutil/flags.ts';
import type { Runtime } from '../../../cmdutil/runtime.ts';
import type { StateChange } from '../../../providers/types.ts';
import type { ChangeOptions } from './change-run.ts';
import { addSafetyOptions } from './mutation.ts';

export type ChangeRun = (rt: Runtime, verb: StateChange, ids: string[], options: ChangeOptions) => Promise<number>;

export const IDS_HELP = "task ids (Topo: UUIDs; Outreach: integers), or - to read them from stdin (one per line, or JSON/NDJSON from 'tasks ls')";

const PURPOSE: Record<StateChange, string> = {
  skip: 'Topo: mark PENDING or IN_PROGRESS tasks SKIPPED',
  reopen: 'Topo: return COMPLETED or SKIPPED tasks to PENDING',
  complete: 'Outreach: mark tasks complete (markComplete), optionally with a completion note',
  snooze: "Outreach: push tasks' due time a day later than now or their due time, whichever is later (snooze)",
  reschedule: 'Outreach: set a new due time (reschedule)',
};

const EXAMPLES: Record<StateChange, string[]> = {
  skip: ['topo tasks skip 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks ls --status PENDING --types CALL --all --json | topo tasks skip - --yes', 'topo tasks skip - --dry-run < ids.txt'],
  reopen: ['topo tasks reopen 3c90c3cc-0d44-4b50-8888-8dd25736052a', 'topo tasks ls --status SKIPPED --created-after 7d --all --json | topo tasks reopen - --yes', 'topo tasks reopen - --dry-run < ids.txt'],
  complete: ['topo tasks complete 4711 --note "left a voicemail"', 'topo tasks ls --state incomplete --action call --due-before 7d --all --json | topo tasks complete - --yes'],
  snooze: ['topo tasks snooze 4711', 'topo tasks ls --state incomplete --action call --due-before 7d --all --json | topo tasks snooze - --yes'],
  reschedule: ['topo tasks reschedule 4711 --due tomorrow', 'topo tasks ls --state incomplete --action call --due-before 7d --all --json | topo tasks reschedule - --due +2d --yes'],
};

export function changeCommand(ctx: CommandContext, verb: StateChange, run?: ChangeRun): Command {
  const runChange: ChangeRun = run ?? (async (...args) => (await import('./change-run.ts')).runChange(...args));
  const command = addSafetyOptions(new Command(verb).description(PURPOSE[verb]).argument('<ids...>', IDS_HELP));
  if (verb === 'complete') command.option('--note <text>', 'completion note (actionParams[completionNote])');
  if (verb === 'reschedule') command.option('--due <when>', 'the new due time: ISO 8601, +3d, tomorrow, ... (required)', (raw: string) => parseWhen(raw));
  return command
    .addHelpText('after', examples(...EXAMPLES[verb]))
    .action(ctx.action((rt, command) => {
      const options = optionsOf<ChangeOptions>(command);
      if (verb === 'reschedule' && options.due === undefined) throw new UsageError('tasks reschedule needs --due <when> (ISO 8601, +3d, tomorrow, ...)');
      // `3d` is three days ago, as in every date flag: a due time in the past is almost always a missing `+`.
      if (verb === 'reschedule' && Date.parse(options.due!) < Date.now()) {
        throw new UsageError(`--due ${options.due} is in the past: a task would be due before now; nothing was sent`, 'for a time ahead write +3d, tomorrow or an ISO 8601 time to come');
      }
      return runChange(rt, verb, command.args, options);
    }, { csv: true }));
}
