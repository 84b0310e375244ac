// topo tasks: the group and its verbs.
import { Command } from 'commander';
import { examples, type CommandContext } from '../../cmdutil/command.ts';
import { completeCommand } from './complete/complete.ts';
import { coverCommand } from './cover/cover.ts';
import { lsCommand } from './ls/ls.ts';
import { reassignCommand } from './reassign/reassign.ts';
import { rebalanceCommand } from './rebalance/rebalance.ts';
import { reopenCommand } from './reopen/reopen.ts';
import { rescheduleCommand } from './reschedule/reschedule.ts';
import { showCommand } from './show/show.ts';
import { slaCommand } from './sla/sla.ts';
import { skipCommand } from './skip/skip.ts';
import { snoozeCommand } from './snooze/snooze.ts';
import { statsCommand } from './stats/stats.ts';
import { threadCommand } from './thread/thread.ts';
import { triageCommand } from './triage/triage.ts';

/** The group's line in `topo --help`, also shown before the group is built. */
export const SUMMARY = 'list, read and act on tasks';

export function tasksCommand(ctx: CommandContext): Command {
  return new Command('tasks').description(SUMMARY)
    .addHelpText('after', examples('topo tasks ls --status PENDING --types CALL', 'topo tasks show <id>', 'topo tasks reassign --from bram --to ana --yes'))
    .addCommand(lsCommand(ctx))
    .addCommand(showCommand(ctx))
    .addCommand(threadCommand(ctx))
    .addCommand(skipCommand(ctx))
    .addCommand(reopenCommand(ctx))
    .addCommand(reassignCommand(ctx))
    .addCommand(rebalanceCommand(ctx))
    .addCommand(coverCommand(ctx))
    .addCommand(completeCommand(ctx))
    .addCommand(snoozeCommand(ctx))
    .addCommand(rescheduleCommand(ctx))
    .addCommand(statsCommand(ctx))
    .addCommand(slaCommand(ctx))
    .addCommand(triageCommand(ctx));
}
